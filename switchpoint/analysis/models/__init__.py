"""Model tables: which library functions switch, as plain data, one module per library.

Each table module defines:
- `PACKAGES`: top-level packages the model covers; their source is never analysed,
  the table is the whole truth about them (so chains end at the name users know).
- `SWITCHING`: qualified names (as users import them) of functions and methods
  whose call may switch the current greenlet.
- `RETURNS`: qualified name of a function, method or attribute -> qualified name
  of the class of what it returns or holds, so receivers stay known.
- `ATTRIBUTES` (optional): attribute of a modelled class -> class of what it holds.
- `SPAWNERS` (optional): functions that start a function in another greenlet -> the
  position of that function among their arguments (the rest are its arguments).
- `CALLS` (optional): functions that call one of their arguments in the calling greenlet
  before they return (`gevent.with_timeout`) -> that argument's position: the call
  switches where the function passed may, as a builtin's `key=` does.
- `MODULE_REGISTRIES` (optional): a module of the library's source whose attributes the library
  sets at run time to its own modules -> the package they are named from: a name the module does
  not bind, `orm_persistence`, is the module `<package>.orm.persistence` (SQLAlchemy's
  `util.preloaded`, filled by `globals()[key] = sys.modules[module]`).
- `PROXIES` (optional): class -> the dunders it forwards: an object that hands every call of a method,
  whatever its name, to another thread and waits for it (eventlet's `tpool.Proxy`): calling any method
  on one switches, and those dunders (its subscript, `with`, calling it); its other dunders do not.
  Only where the receiver is known to be one: a receiver of unknown class never dispatches to them.
- `PROXY_WRAPPING` (optional): proxy class -> where its constructor takes the classes whose instances its
  results are wrapped in a proxy again, and the names of the methods and attributes whose results always are
  (`tpool.Proxy(conn, autowrap=(Cursor,), autowrap_names=("cursor",))`), each as (position, keyword).
- `NONBLOCKING_FLAGS` (optional): switching method -> (position, keyword) of a flags argument that, carrying the bit
  of one of `NONBLOCKING_CONSTANTS` (written out: the constant, or `|` with it), makes the call return or raise at
  once (eventlet.green.zmq's `sock.recv(zmq.NOBLOCK)`): such a call is no point.
- `IMPORTED_ONLY` (optional): modules whose objects a program gets only by importing them: their
  methods take part in dispatch on receivers of unknown class only where such a module is imported.
- `MADE_BY` (optional): class -> further names whose use makes or hands out one. A class listed has
  instances only where code that runs says one of its words: its own name, its aliases', the functions,
  methods and attributes `RETURNS` and `ATTRIBUTES` say return or hold one, and the names listed
  (`gevent.iwait` for `_WaitIterator`); a live subclass (`BASES`, or a source class below it) makes it live
  too. Only then do its methods take part in dispatch on a receiver of unknown class. Classes not listed
  are live wherever their package is imported (objects the library hands to callbacks, `socket.socket`
  under a patch: made where no name shows).
- `ALIASES`: other names for the same object -> the name used in `SWITCHING`.
- `CLASSES`: qualified names of classes the model knows (for construction and
  for dispatch on unknown receivers); `BASES`: class -> its modelled base.
"""

TABLES = ("greenlet_model", "gevent_model", "eventlet_model", "sqlalchemy_model", "runtime_model")

"""What calls return where the code cannot tell inference: builtins, their types' methods, C functions
that hand back an argument, and stdlib functions whose code hides a plain result (as data); and the class
typing's aliases stand for in annotations.

`resolve/infer.py` reads these tables when it evaluates a call. A result that is a builtin type
(`"".join(...)` is a `str`) matters because an unknown one dispatches, as a receiver, to every
method of a name in the world (docs/model.md, Resolution).
"""

# typing's aliases of concrete classes, by the name an annotation gives (`List = _alias(list, 1, ...)` in typing.py):
# `List[Conn]` names a list of `Conn`, as `list[Conn]` does -> (module, name) of the class. The abstract ones
# (`Sequence`, `Iterable`, `Mapping`) stay unknown: any class may be one, some without inheriting it
TYPING_ALIASES = {
    "List": ("builtins", "list"), "Dict": ("builtins", "dict"), "Set": ("builtins", "set"),
    "FrozenSet": ("builtins", "frozenset"), "Tuple": ("builtins", "tuple"), "Deque": ("collections", "deque"),
    "DefaultDict": ("collections", "defaultdict"), "OrderedDict": ("collections", "OrderedDict"),
    "Counter": ("collections", "Counter"), "ChainMap": ("collections", "ChainMap"),
}
# what builtin functions return, where it is a builtin type (keeps `for x in sorted(...)` precise)
BUILTIN_RETURNS = {
    "len": "int", "repr": "str", "ascii": "str", "format": "str", "hash": "int", "id": "int", "isinstance": "bool",
    "issubclass": "bool", "callable": "bool", "hasattr": "bool", "sorted": "list", "chr": "str", "ord": "int",
    "abs": "int", "round": "int", "input": "str", "dir": "list", "vars": "dict", "globals": "dict", "locals": "dict",
    "any": "bool", "all": "bool", "divmod": "tuple", "bin": "str", "hex": "str", "oct": "str",
    "open": "io.TextIOWrapper",
}
# the stdlib's C files made over another file object (`io.BufferedReader(raw)`, `io.TextIOWrapper(buffer)`;
# socket.makefile's over a socket.SocketIO): class -> the positions of the objects they read from and write to.
# Their methods call those objects' methods (tables below): reading the file reads the socket
IO_WRAPPERS = {
    "_io.BufferedReader": (0, None), "_io.BufferedWriter": (None, 0), "_io.BufferedRandom": (0, 0),
    "_io.BufferedRWPair": (0, 1), "_io.TextIOWrapper": (0, 0),
}
_IO_READS = ("readinto", "read", "read1", "readall")
IO_READING_METHODS = {
    name: _IO_READS for name in ("read", "read1", "readinto", "readinto1", "readline", "readlines", "peek", "__next__")
}
IO_WRITING_METHODS = {name: ("write", "flush") for name in ("write", "writelines", "flush")}
# attributes the language gives every object, of a builtin type whatever the object: `cls.__dict__.get(k)` is
# a dict's (or a class's mapping proxy's) get, never every `get` in the world; and every class: `cls.__mro__`
# and `cls.__bases__` are tuples (of classes), so `for base in cls.__mro__` iterates no object of unknown class
OBJECT_ATTRIBUTES = {
    "__dict__": "dict", "__name__": "str", "__qualname__": "str", "__module__": "str",
    "__mro__": "tuple", "__bases__": "tuple",
    "__annotations__": "dict",  # a class's, module's or function's (an instance reads its class's, or raises)
}
# attributes builtin types gained after Python 3.11, the oldest the engine runs on: an object of that type has
# them whichever interpreter runs the analysis (resolve/infer._lacks asks the running one for the rest), so a
# report does not depend on it
BUILTIN_ATTRIBUTES_SINCE_3_11 = {
    "int": ("is_integer",), "bool": ("is_integer",),  # 3.12
    "bytes": ("__buffer__",), "bytearray": ("__buffer__", "__release_buffer__"),  # 3.12
    "memoryview": ("__buffer__", "__release_buffer__", "_from_flags"),  # 3.12
    "property": ("__name__",),  # 3.13
}
# what methods of builtin types return, where it is a builtin type: a string's `join` is a string, never
# unknown (an unknown value's methods would dispatch to every method of that name)
_TEXT_TO_TEXT = (
    "capitalize casefold center expandtabs format format_map join ljust lower lstrip removeprefix removesuffix "
    "replace rjust rstrip strip swapcase title translate upper zfill"
).split()
_TEXT_PREDICATES = (
    "startswith endswith isalnum isalpha isascii isdecimal isdigit isidentifier islower isnumeric isprintable "
    "isspace istitle isupper"
).split()
BUILTIN_METHOD_RETURNS = {
    **{f"{text}.{name}": text for text in ("str", "bytes", "bytearray") for name in _TEXT_TO_TEXT},
    **{f"{text}.{name}": "bool" for text in ("str", "bytes", "bytearray") for name in _TEXT_PREDICATES},
    **{f"{text}.{name}": "int" for text in ("str", "bytes", "bytearray") for name in ("count", "find", "index", "rfind", "rindex")},
    **{f"{text}.{name}": "list" for text in ("str", "bytes", "bytearray") for name in ("split", "rsplit", "splitlines")},
    **{f"{text}.{name}": "tuple" for text in ("str", "bytes", "bytearray") for name in ("partition", "rpartition")},
    "str.encode": "bytes", "bytes.decode": "str", "bytearray.decode": "str", "bytes.hex": "str", "bytearray.hex": "str",
    "int.bit_length": "int", "int.bit_count": "int", "int.to_bytes": "bytes", "float.hex": "str", "float.is_integer": "bool",
    "list.copy": "list", "list.count": "int", "list.index": "int", "dict.copy": "dict",
    **{f"{kind}.{name}": kind for kind in ("set", "frozenset")
       for name in ("copy", "union", "intersection", "difference", "symmetric_difference")},
}
# what a binary operator gives where both operands are objects of builtin types, exactly (a subclass's reflected
# dunder would run first and might return anything): operator (ast's name) -> {(left, right): result}. A number
# is a bool, int, float or complex; the sets stand for a dict's keys and items views too (`d.keys() - seen` is a set)
_NUMBER_RANK = ("bool", "int", "float", "complex")
_SEQUENCES = ("str", "bytes", "bytearray", "list", "tuple")
_SET_LIKE = ("set", "frozenset", "dict_keys", "dict_items")


def _wider(left: str, right: str, least: str = "int") -> str:
    return max(left, right, least, key=_NUMBER_RANK.index)


BINARY_RESULTS: dict[str, dict[tuple[str, str], str]] = {
    **{op: {(a, b): _wider(a, b) for a in _NUMBER_RANK for b in _NUMBER_RANK}
       for op in ("Add", "Sub", "Mult", "FloorDiv", "Mod")},
    "Div": {(a, b): _wider(a, b, "float") for a in _NUMBER_RANK for b in _NUMBER_RANK},  # not `**`: int or float
    **{op: {(a, b): "int" for a in ("bool", "int") for b in ("bool", "int")} for op in ("LShift", "RShift")},
}
# `+` of two sequences of a kind (bytes and bytearray mix, the left one's kind), `*` by a whole number either way
BINARY_RESULTS["Add"].update({(kind, kind): kind for kind in _SEQUENCES})
BINARY_RESULTS["Add"].update({("bytes", "bytearray"): "bytes", ("bytearray", "bytes"): "bytearray"})
BINARY_RESULTS["Mult"].update({pair: kind for kind in _SEQUENCES for n in ("bool", "int") for pair in ((kind, n), (n, kind))})
# `%` formats: a text's result is a text of its kind, whatever the (builtin) values formatted
BINARY_RESULTS["Mod"].update({
    (text, other): text for text in ("str", "bytes") for other in (*_NUMBER_RANK, *_SEQUENCES, "dict", "NoneType")})
for _op in ("BitAnd", "BitOr", "BitXor"):
    BINARY_RESULTS[_op] = {(a, b): "int" for a in ("bool", "int") for b in ("bool", "int")}
    BINARY_RESULTS[_op][("bool", "bool")] = "bool"
    BINARY_RESULTS[_op].update({(a, b): a if a in ("set", "frozenset") else "set" for a in _SET_LIKE for b in _SET_LIKE})
BINARY_RESULTS["Sub"].update({(a, b): a if a in ("set", "frozenset") else "set" for a in _SET_LIKE for b in _SET_LIKE})
BINARY_RESULTS["BitOr"][("dict", "dict")] = "dict"

# a dict's views (and the C OrderedDict's): method -> (the view's class, what each of its elements is of the dict's
# entries: its key, its value or the (key, value) pair). Iterating one runs no Python code: over a dict a display
# or comprehension makes, or a `dict[K, V]`, it gives those entries (elsewhere unknown, but for ITERATED_ELEMENTS)
DICT_VIEWS = {
    f"{owner}.{method}": view for owner in ("builtins.dict", "_collections.OrderedDict")
    for method, view in (("keys", ("dict_keys", "key")), ("values", ("dict_values", "value")), ("items", ("dict_items", "pair")))
}
# what iterating an object of a C class gives, where that is of a builtin type whatever it holds: an items view's
# elements are pairs, tuples made in C (`for k, v in d.items()` unpacks a tuple, running no Python code; a C
# OrderedDict's views, the class collections.py imports over its pure-Python one, walk its own list as a dict's
# do), `string.Formatter.parse`'s C iterator's are tuples, a `time.struct_time`'s fields ints
ITERATED_ELEMENTS = {
    "builtins.dict_items": "builtins.tuple", "_string.formatteriterator": "builtins.tuple", "time.struct_time": "builtins.int",
}
# what calling an object of a stdlib C class returns: json's C encoder (`c_make_encoder(...)(o, 0)`, a list of
# chunks) and scanner (`scan_once(s, idx)`, a pair)
CALLED_C_OBJECTS = {"_json.make_encoder": ("builtins.list", "builtins.tuple"), "_json.make_scanner": ("builtins.tuple",)}
# a dict's methods returning one of its values, or the default given (None when none is): over a `dict[K, V]`
# a V, not any object
DICT_LOOKUPS = frozenset({"builtins.dict.get", "builtins.dict.pop", "builtins.dict.setdefault"})
# a builtin container's methods that remove one of its elements and return it: over a `list[X]` (a set, a deque
# of them, a display) an X, as iterating it gives (`left, right = stack.popleft()` unpacks a pair the stack holds)
ELEMENT_TAKING_METHODS = frozenset({
    "builtins.list.pop", "builtins.set.pop", "_collections.deque.pop", "_collections.deque.popleft",
})
# C functions and methods that may return one of their arguments, a default: qualified name -> its position.
# What they return otherwise stays unknown (a mapping's values, an attribute named at run time)
RETURNED_ARGUMENTS = {
    "builtins.getattr": 2, "builtins.next": 1,
    "builtins.dict.get": 1, "builtins.dict.pop": 1, "builtins.dict.setdefault": 1,
}
# C functions returning an element of iterating their argument (next's default aside): name -> its position
ITERATED_RETURNS = {"builtins.next": 0}
# the same for a receiver of unknown class, by method name: the mapping protocol's defaults
RETURNED_ARGUMENTS_BY_NAME = {"get": 1, "pop": 1, "setdefault": 1}
# functions with source that return an argument as it is (or a copy of it, of its class): qualified name
# -> its position. Their return value is that argument's at each call, not what every caller anywhere passes
IDENTITY_FUNCTIONS = {
    "typing.cast": 1, "typing_extensions.cast": 1, "typing.assert_type": 0, "typing_extensions.assert_type": 0,
    "copy.copy": 0, "copy.deepcopy": 0,
}
# stdlib functions with source whose result is a builtin type though their code does not show it (it
# passes through os.fspath and the like): the path functions (a str, or bytes for bytes: neither switches)
_PATH_FUNCTIONS = {
    "str": "join normpath abspath dirname basename normcase realpath relpath expanduser expandvars commonpath "
           "commonprefix",
    "bool": "exists isdir isfile islink isabs ismount lexists samefile",
    "tuple": "split splitext splitdrive",
}
STDLIB_RETURNS = {
    **{f"{module}.{name}": kind for module in ("posixpath", "ntpath", "genericpath")
       for kind, names in _PATH_FUNCTIONS.items() for name in names.split()},
    "os.fsencode": "bytes", "os.fsdecode": "str", "os._fscodec.fsencode": "bytes", "os._fscodec.fsdecode": "str",
    "gettext.gettext": "str", "gettext.ngettext": "str", "gettext.pgettext": "str", "gettext.npgettext": "str",
}
# what regular expressions give, their classes written out: the module's functions (source, whose code ends in
# the C engine's `_sre.compile`) and the methods of the C types it makes. A match is a Match or None, a group a
# string (bytes for a bytes pattern), None where the group did not take part, or a tuple of several
_MATCHED = ("re.Match", "builtins.NoneType")
_TEXT = ("builtins.str", "builtins.bytes")
STDLIB_CLASS_RETURNS = {
    "re.compile": ("re.Pattern",), "re._compile": ("re.Pattern",), "re.template": ("re.Pattern",),
    **{f"{owner}.{name}": _MATCHED for owner in ("re", "re.Pattern") for name in ("match", "search", "fullmatch")},
    **{f"{owner}.{name}": _TEXT for owner in ("re", "re.Pattern") for name in ("sub",)},
    **{f"{owner}.{name}": ("builtins.tuple",) for owner in ("re", "re.Pattern") for name in ("subn",)},
    **{f"{owner}.{name}": ("builtins.list",) for owner in ("re", "re.Pattern") for name in ("split", "findall")},
    "re.Match.group": (*_TEXT, "builtins.NoneType", "builtins.tuple"),
    "re.Match.groups": ("builtins.tuple",), "re.Match.groupdict": ("builtins.dict",), "re.Match.span": ("builtins.tuple",),
    "re.Match.start": ("builtins.int",), "re.Match.end": ("builtins.int",), "re.Match.expand": _TEXT,
}
# C functions of the stdlib whose result is a builtin type, named as users know them (`os.getpid`, bound by
# `from posix import *` in os.py): a process's ids and statuses, clocks, a BytesIO's position. Their results
# tested, compared or unpacked (`wpid, status = os.waitpid(...)`) run no Python code
_C_RESULTS = {
    "builtins.int": {
        "os": "getpid getppid getuid geteuid getgid getegid getpgid getsid umask dup fork WEXITSTATUS WTERMSIG "
              "WSTOPSIG",
        "time": "time_ns monotonic_ns perf_counter_ns process_time_ns thread_time_ns",
        "_io.BytesIO": "tell seek", "_io.StringIO": "tell seek",
    },
    "builtins.bool": {"os": "WIFEXITED WIFSIGNALED WIFSTOPPED WIFCONTINUED WCOREDUMP isatty get_blocking get_inheritable"},
    "builtins.float": {"time": "time monotonic perf_counter process_time thread_time"},
    "builtins.str": {"os": "getcwd strerror ttyname", "time": "strftime ctime asctime", "_io.StringIO": "getvalue"},
    "builtins.bytes": {"os": "getcwdb urandom", "_io.BytesIO": "getvalue", "struct": "pack"},
    "builtins.tuple": {
        "os": "waitpid wait wait3 wait4 pipe", "math": "modf frexp", "sys": "exc_info", "struct": "unpack unpack_from",
        "_string": "formatter_field_name_split", "_ssl": "get_default_verify_paths",
    },
    # C iterators and records, whose iteration runs no Python code (ITERATED_ELEMENTS: what it gives)
    "_string.formatteriterator": {"_string": "formatter_parser"},
    "time.struct_time": {"time": "localtime gmtime"},
}
STDLIB_CLASS_RETURNS.update({
    f"{owner}.{name}": (cls,) for cls, owners in _C_RESULTS.items() for owner, names in owners.items()
    for name in names.split()
})
# the interpreter's frames (typing's and enum's `_caller`, logging's caller lookup): a frame, whose attributes
# (`f_globals`, a dict) run no Python code, and the name of the module a frame runs
STDLIB_CLASS_RETURNS.update({
    "sys._getframe": ("builtins.frame",), "sys._getframemodulename": ("builtins.str", "builtins.NoneType"),
})
# lazy iterators: qualified name -> (where the iterables are: a tuple of positions, or the position from
# which on every argument is one; where the function called on each element is: its position, (its position,
# its keyword), or None). Nothing is iterated when they are called: their result iterates these when it is
# iterated (resolve.infer LazyV)
LAZY_ITERATORS = {
    "builtins.enumerate": ((0,), None), "builtins.zip": (0, None), "builtins.map": (1, 0),
    "builtins.filter": ((1,), 0), "builtins.iter": ((0,), None), "builtins.reversed": ((0,), None),
    "itertools.chain": (0, None), "itertools.chain.from_iterable": ((0,), None), "itertools.islice": ((0,), None), "itertools.zip_longest": (0, None),
    "itertools.starmap": ((1,), 0), "itertools.takewhile": ((1,), 0), "itertools.dropwhile": ((1,), 0),
    "itertools.filterfalse": ((1,), 0), "itertools.compress": ((0, 1), None), "itertools.pairwise": ((0,), None),
    "itertools.accumulate": ((0,), None), "itertools.cycle": ((0,), None), "itertools.groupby": ((0,), (1, "key")),
}
# lazy iterators that call their function with the items of each element, not the element: f(*element)
UNPACKING_LAZY_ITERATORS = frozenset({"itertools.starmap"})
# lazy iterators that iterate each element of their iterables in turn (the elements are sources too)
FLATTENING_LAZY_ITERATORS = frozenset({"itertools.chain.from_iterable"})
# C functions returning a callable that reaches into the one object it is called with (resolve.infer
# AccessorV): qualified name -> what that callable does with the object, "item" (obj[k] for each key),
# "attribute" (obj.name, obj.a.b, for each name given) or "method" (obj.name(*args)). operator.py's classes
# are only the fallback: the module ends with `from _operator import *`
OPERAND_ACCESSORS = {
    f"{module}.{name}": kind for module in ("operator", "_operator")
    for name, kind in (("itemgetter", "item"), ("attrgetter", "attribute"), ("methodcaller", "method"))
}
# C functions returning a callable that calls the function they were given, as functools.partial's does:
# functools.cmp_to_key(f)'s key makes a sort call f (comparing what it returns), so passing it as a `key=`
# runs f (resolve.infer PartialV)
CALLING_WRAPPERS = frozenset({"functools.partial", "functools.cmp_to_key"})
# `property(fget, fset, fdel)` makes a property that runs, for each slot, the argument at (position, keyword)
PROPERTY_ARGUMENTS = {"getter": (0, "fget"), "setter": (1, "fset"), "deleter": (2, "fdel")}
# names a stdlib module binds at run time, to C functions its source never binds by name: hashlib's hash
# constructors (`globals()[name] = __get_hash(name)` over `__always_supported`), each `_hashlib`'s or
# `_sha2`'s C function. Without the table `hashlib.sha256` was an unknown value, and every call of it (as
# django's `pbkdf2(..., digest=hashlib.sha256)` does, `digest()`) an unknown callable
RUNTIME_C_FUNCTIONS = {
    "hashlib": frozenset({
        "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s",
        "sha3_224", "sha3_256", "sha3_384", "sha3_512", "shake_128", "shake_256",
    }),
}
# what the methods of the builtin containers store into them, by the container's kind: method -> how its
# arguments join what the container holds: ("entry", key position, value position) a key and a value (a value
# position past the arguments given: None), ("element", position) an element, ("elements", position) what
# iterating the argument gives (None: every positional argument's), ("mapping", position) a mapping's entries,
# keywords adding string keys (resolve.container_stores; `d[k] = v`, `+=` and `|=` are syntax, written there)
CONTAINER_STORES = {
    "dict": {"setdefault": ("entry", 0, 1), "update": ("mapping", 0)},
    "list": {"append": ("element", 0), "insert": ("element", 1), "extend": ("elements", 0)},
    "set": {"add": ("element", 0), "update": ("elements", None), "symmetric_difference_update": ("elements", None)},
}
# methods of the builtin containers that store nothing into them and keep no reference to them: a container
# a name holds, called only these (and those storing above), holds no more than the code shows
CONTAINER_READS = frozenset({
    "get", "pop", "popitem", "keys", "values", "items", "copy", "clear", "remove", "discard", "index", "count",
    "sort", "reverse", "union", "intersection", "difference", "issubset", "issuperset", "isdisjoint",
    "difference_update", "intersection_update",
})
# builtins that read a container passed to them and keep no reference to it (what they return holds its
# elements, never the container itself)
CONTAINER_READING_BUILTINS = frozenset({
    "len", "list", "tuple", "set", "frozenset", "sorted", "sum", "min", "max", "any", "all", "iter", "enumerate",
    "zip", "reversed", "print", "repr", "str", "bool", "isinstance", "dict", "map", "filter",
})
# dicts made with a factory for missing keys (`collections.defaultdict(list)`): class -> the factory's
# position. A lookup gives what the factory returns, next to what was stored
FACTORY_DICTS = {"_collections.defaultdict": 0}
# functions making a tuple class whose fields the call names: qualified name -> how it writes them, "names"
# (`collections.namedtuple("P", "a b")`, or a sequence of names) or "pairs" (`typing.NamedTuple("P", [("a", A)])`,
# or keywords). Their source builds the class with `exec` or `type()`, which inference does not follow
RECORD_FACTORIES = {
    "collections.namedtuple": "names", "typing.NamedTuple": "pairs", "typing_extensions.NamedTuple": "pairs",
}
# lazy iterators whose elements are tuples they make (`for i, x in enumerate(xs)` unpacks a tuple, running no
# Python code, whatever xs holds)
PAIRING_LAZY_ITERATORS = frozenset({
    "builtins.enumerate", "builtins.zip", "itertools.zip_longest", "itertools.groupby", "itertools.pairwise",
})
# lazy iterators whose elements are their iterables' own, unchanged (`iter(x)`, `reversed(x)`, a chain of them)
PASSING_LAZY_ITERATORS = frozenset({
    "builtins.iter", "builtins.reversed", "builtins.filter", "itertools.chain", "itertools.islice",
    "itertools.cycle", "itertools.takewhile", "itertools.dropwhile", "itertools.filterfalse",
})

"""The only place that knows which Python syntax calls which dunder methods (cf. mypy's operators.py).

Each entry is data: the operation's `kind` as reported to users, and the dunders
that evaluating it may call on the operand's class (reflected forms on the other
operand).
"""

from __future__ import annotations

import ast
import re

BINARY_OPERATORS: dict[type[ast.operator], tuple[str, str, str]] = {
    # operator: (method, reflected method, in-place method)
    ast.Add: ("__add__", "__radd__", "__iadd__"),
    ast.Sub: ("__sub__", "__rsub__", "__isub__"),
    ast.Mult: ("__mul__", "__rmul__", "__imul__"),
    ast.MatMult: ("__matmul__", "__rmatmul__", "__imatmul__"),
    ast.Div: ("__truediv__", "__rtruediv__", "__itruediv__"),
    ast.FloorDiv: ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
    ast.Mod: ("__mod__", "__rmod__", "__imod__"),
    ast.Pow: ("__pow__", "__rpow__", "__ipow__"),
    ast.LShift: ("__lshift__", "__rlshift__", "__ilshift__"),
    ast.RShift: ("__rshift__", "__rrshift__", "__irshift__"),
    ast.BitAnd: ("__and__", "__rand__", "__iand__"),
    ast.BitOr: ("__or__", "__ror__", "__ior__"),
    ast.BitXor: ("__xor__", "__rxor__", "__ixor__"),
}

UNARY_OPERATORS: dict[type[ast.unaryop], tuple[str, ...]] = {
    ast.USub: ("__neg__",),
    ast.UAdd: ("__pos__",),
    ast.Invert: ("__invert__",),
    ast.Not: ("__bool__", "__len__"),
}

# comparison: (method on the left operand, reflected method on the right operand)
COMPARISONS: dict[type[ast.cmpop], tuple[str, str]] = {
    ast.Eq: ("__eq__", "__eq__"),
    ast.NotEq: ("__ne__", "__ne__"),  # object.__ne__ calls __eq__: see COMPARISON_FALLBACKS
    ast.Lt: ("__lt__", "__gt__"),
    ast.LtE: ("__le__", "__ge__"),
    ast.Gt: ("__gt__", "__lt__"),
    ast.GtE: ("__ge__", "__le__"),
}
# a comparison dunder a class does not define, and what object's own then calls
COMPARISON_FALLBACKS = {"__ne__": ("__ne__", "__eq__")}
CONTAINMENT = (ast.In, ast.NotIn)  # `x in c` calls c.__contains__ (or iterates c)
CONTAINS = ("__contains__", "__iter__", "__next__")

SUBSCRIPT = {ast.Load: ("subscript", "__getitem__"), ast.Store: ("store_subscript", "__setitem__"), ast.Del: ("del_subscript", "__delitem__")}
ATTRIBUTE_HOOKS = {
    ast.Load: ("attribute", ("__getattribute__", "__getattr__")),
    ast.Store: ("store_attribute", ("__setattr__",)),
    ast.Del: ("del_attribute", ("__delattr__",)),
}
# property slot used by each attribute context (see resolve.infer's PropertyInfo)
PROPERTY_SLOT = {ast.Load: "getter", ast.Store: "setter", ast.Del: "deleter"}
# builtins that reach the attribute their second argument names, as `x.name` would in that context
# (hasattr gets the attribute: a property's getter runs)
ATTRIBUTE_BUILTINS = {"getattr": ast.Load, "hasattr": ast.Load, "setattr": ast.Store, "delattr": ast.Del}

# class decorators that write dunders into the class they decorate: decorator -> {dunder: (the dunders the
# generated one calls, the keyword of the decorator's call that turns it on and its default)}. A dataclass
# compares, hashes and reprs the tuple of its fields: the dunders are called on each field's value
# (ordering compares fields for equality first). functools.total_ordering derives the orderings a class
# lacks from the one it defines (ROOT) and `==`. Keywords: any of them true in the decorator's call turns
# the dunder on; none given, the default says.
ROOT = "<the ordering the class defines>"
GENERATED_DUNDERS: dict[str, dict[str, tuple]] = {
    "dataclasses.dataclass": {
        "__eq__": ((("__eq__",),), ("eq",), True),
        "__repr__": ((("__repr__",),), ("repr",), True),
        "__hash__": ((("__hash__",),), ("unsafe_hash", "frozen"), False),
        **{name: ((("__eq__",), (name,)), ("order",), False) for name in ("__lt__", "__le__", "__gt__", "__ge__")},
    },
    "functools.total_ordering": {
        name: (((ROOT,), ("__eq__",)), (), True) for name in ("__lt__", "__le__", "__gt__", "__ge__")
    },
}
# the orderings total_ordering may derive the others from, the one it picks first (CPython's max(roots))
ORDERING_ROOTS = ("__lt__", "__le__", "__gt__", "__ge__")
# a dataclass field that is not one: its annotation names ClassVar
CLASS_VARIABLE = "ClassVar"

TRUTH = ("__bool__", "__len__")
ITERATION = ("__iter__", "__next__")
WITH = {"with_enter": "__enter__", "with_exit": "__exit__"}
ASYNC_WITH = {"async_with_enter": "__aenter__", "async_with_exit": "__aexit__"}
# constructing an object; a dataclass's generated __init__ calls __post_init__ (only dataclasses define it)
CONSTRUCTION = ("__new__", "__init__", "__post_init__")
# a class statement: the bases' __init_subclass__, then the metaclass's __new__ and __init__
CLASS_CREATION = ("__init_subclass__", "__new__", "__init__")
METACLASS_CALL = "__call__"
FORMAT = ("__format__", "__str__", "__repr__")
CONVERSIONS = {ord("s"): "__str__", ord("r"): "__repr__", ord("a"): "__repr__"}
# dict and set keys hash and compare the key
HASHING = ("__hash__", "__eq__")

# what the builtin containers do with their elements: `x in [a, b]` compares x with each (a == x
# first); dict and set displays hash their keys as they are built; sorting and min/max order them;
# a dict subclass's `__missing__` answers `d[k]` for a key it lacks
ELEMENT_EQUALITY = "__eq__"
ORDERING = ("__lt__", "__gt__")
MISSING = "__missing__"
# a class subscripted (`Box[int]`): its own (implicit class method) __class_getitem__, where its metaclass has no __getitem__
CLASS_SUBSCRIPT = "__class_getitem__"
INDEX = "__index__"  # a sequence indexed by an object that is not an int asks it for one
# functions and methods that call a dunder of each element of an iterable: qualified name -> (its
# position, or "self" for the list a method sorts in place; the dunders, first defined first)
ELEMENT_DUNDER_FUNCTIONS: dict[str, tuple[int | str, tuple[str, ...]]] = {
    "builtins.sorted": (0, ORDERING), "builtins.min": (0, ORDERING), "builtins.max": (0, ORDERING),
    "builtins.list.sort": ("self", ORDERING), "builtins.sum": (0, ("__radd__", "__add__")),
}
# methods of dicts and sets that hash their argument (and compare it with what has its hash): name -> its position
KEY_HASHING_METHODS: dict[str, int] = {
    "builtins.dict.get": 0, "builtins.dict.setdefault": 0, "builtins.dict.pop": 0,
    "builtins.set.add": 0, "builtins.set.discard": 0, "builtins.set.remove": 0,
}
# a generator's methods that resume its body up to its next yield, as next() does
GENERATOR_STEPS = frozenset({"builtins.generator.send", "builtins.generator.throw", "builtins.generator.__next__"})
# given several positional arguments, these order those and iterate none: max(a, b)
ORDERING_SEVERAL = frozenset({"builtins.min", "builtins.max"})
# builtins that turn each positional argument into text (print) or into an index (range)
ARGUMENT_DUNDERS: dict[str, tuple[str, ...]] = {"print": ("__str__", "__repr__"), "range": (INDEX,)}
# `*x` in a call or display iterates x; `**x` asks a mapping that is not a dict for its keys, then each item
MAPPING_UNPACKING = (("keys",), ("__getitem__",))
# str.format and "%s" formatting: what formats each argument
FORMAT_ARGUMENT = ("__format__", "__str__", "__repr__")
PERCENT_CONVERSIONS = {"s": ("__str__", "__repr__"), "r": ("__repr__",), "a": ("__repr__",)}
_PERCENT_SPEC = re.compile(r"%(?:\((?P<key>[^)]*)\))?(?P<flags>[-+ #0]*)(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?[hlL]?(?P<conversion>.)", re.S)


def percent_conversions(text: str) -> tuple[list[str], bool]:
    """The conversions of a %-format's specs, in order, and whether CPython turns `text % (a, b)` into an
    f-string (only `%s`, `%r`, `%a`, with no key and no `*`: each element then formats at its own position)."""
    conversions, simple = [], True
    for spec in _PERCENT_SPEC.finditer(text):
        conversion = spec["conversion"]
        if conversion == "%":
            continue
        conversions.append(conversion)
        if conversion not in "sra" or spec["key"] is not None or "*" in (spec["width"] or "") + (spec["precision"] or ""):
            simple = False
    return conversions, simple

# builtins whose call invokes a dunder of their first argument
BUILTIN_DUNDERS: dict[str, tuple[str, ...]] = {
    "str": ("__str__", "__repr__"),
    "repr": ("__repr__",),
    "format": ("__format__", "__str__"),
    "hash": ("__hash__",),
    "len": ("__len__",),
    "iter": ("__iter__",),
    "next": ("__next__",),
    "bool": ("__bool__", "__len__"),
    "abs": ("__abs__",),
    "int": ("__int__", "__index__"),
    "float": ("__float__",),
    "complex": ("__complex__", "__float__", "__index__"),
    "bytes": ("__bytes__",),
    "reversed": ("__reversed__",),
    "divmod": ("__divmod__",),
    "round": ("__round__",),
    "dir": ("__dir__",),
    "getattr": ("__getattribute__", "__getattr__"),
    "setattr": ("__setattr__",),
    "delattr": ("__delattr__",),
}

# builtins that, given one of these arguments (a second positional one, or the keyword), convert text or bytes
# through the buffer protocol or the codec and call no dunder of their first argument, nor iterate it:
# `str(data, "latin1")` decodes, `bytes(text, "utf-8")` encodes, `int(text, 16)` parses
CONVERTING_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "str": ("encoding", "errors"), "bytes": ("encoding", "errors"), "bytearray": ("encoding", "errors"),
    "int": ("base",),
}

# builtins that iterate their first argument to the end (a generator's body runs then). enumerate, zip,
# map and filter iterate nothing when called: what they return does, when iterated (resolve.infer LazyV)
ITERATING_BUILTINS = frozenset(
    {"list", "tuple", "set", "frozenset", "dict", "sorted", "sum", "min", "max", "any", "all", "bytes", "bytearray"}
)
# other C functions (no source) that iterate one of their arguments to the end: name -> its position.
# The stdlib's C code stands in for a module's pure-Python fallback where it replaces it
# (resolve.infer `_native_replaces`): functools.reduce, collections._count_elements (Counter).
ITERATING_FUNCTIONS: dict[str, int] = {
    "builtins.str.join": 0, "builtins.bytes.join": 0, "builtins.bytearray.join": 0,
    "functools.reduce": 1, "collections._count_elements": 1,
    "builtins.list.extend": 0, "builtins.bytearray.extend": 0, "builtins.set.update": 0, "builtins.dict.update": 0,
    "builtins.dict.fromkeys": 0,
    "collections.deque": 0, "_collections.deque": 0, "collections.deque.extend": 0, "_collections.deque.extend": 0,
}
# C methods of the io module's abstract base classes that call methods of the object they are called on,
# which a Python subclass defines (http.client's HTTPResponse is a BufferedIOBase with its own peek, read and
# readline): IOBase's readline asks self.peek and self.read, iterating it self.readline, and so on. Each C
# base has IOBase's methods; a class's MRO ends at the first of them (resolve.infer `mro`).
_IO_BASES = ("_io._IOBase", "_io._RawIOBase", "_io._BufferedIOBase", "_io._TextIOBase")
SELF_CALLS: dict[str, tuple[str, ...]] = {
    **{f"{base}.{name}": called for base in _IO_BASES for name, called in (
        ("readline", ("peek", "read")), ("__next__", ("readline",)), ("readlines", ("__next__",)),
        ("writelines", ("write",)), ("__exit__", ("close",)),
    )},
    "_io._RawIOBase.read": ("readinto",), "_io._RawIOBase.readall": ("read",),
    "_io._BufferedIOBase.readinto": ("read",), "_io._BufferedIOBase.readinto1": ("read1",),
}
# builtins and stdlib C functions that call one of their arguments synchronously: name -> ((the function's
# position or keyword, what it is called with: each element of the argument at that position, as
# ELEMENT_DUNDER_FUNCTIONS finds them ("self": the list sorted in place), or None: more than one object), ...)
CALLING_BUILTINS: dict[str, tuple[tuple[int | str, int | str | None], ...]] = {
    "builtins.sorted": (("key", 0),),
    "builtins.min": (("key", 0),),
    "builtins.max": (("key", 0),),
    "builtins.list.sort": (("key", "self"),),
    "functools.reduce": ((0, None),),  # function(accumulated, element)
    # a replacement that is callable is called with each match (re.sub's and re.subn's, through a Pattern)
    "re.Pattern.sub": ((0, None),), "re.Pattern.subn": ((0, None),),
}

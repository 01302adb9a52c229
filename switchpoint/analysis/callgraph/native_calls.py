"""Calls of functions without source (builtins, the stdlib's C code): what they do with their arguments.

`print(x)` formats x, `sorted(xs)` orders the elements, `getattr(x, "name")` reads an
attribute, `dict.get(k)` hashes its key: the tables of semantics/implicit_calls.py say
which builtin does what, and `NativeCalls` turns them into targets of the call's
operation. It is a part of `SiteCollector` (sites.py), mixed in: it uses the
collector's evaluation (`_eval`, `_known`, `_result_targets`) and its `dispatch`.
"""

from __future__ import annotations

import ast

from switchpoint.analysis.callgraph.ops import ITERATED, Op
from switchpoint.analysis.callgraph.quiet_calls import is_quiet
from switchpoint.analysis.resolve.constants import constant_values
from switchpoint.analysis.resolve.infer import ExtV, GenExpV, GenV, InstV, LazyV, ParamV, call_argument
from switchpoint.analysis.semantics import implicit_calls as syntax


class NativeCalls:
    """The targets a call of a function without source adds to its operation (mixed into SiteCollector)."""

    def _native_call(self, op: Op, qualname: str, node: ast.Call, receivers: tuple | None):
        """A call of a function without source (builtins, the stdlib's C code): what the tables of
        semantics/implicit_calls.py say it does with its arguments; a modelled one told not to wait
        (zmq.NOBLOCK, or a literal `block=False`: models/literal_flags.py) is not the primitive it is otherwise.
        `receivers`: the values of `obj` in `obj.method(...)`, as the caller evaluated them (None: no receiver)."""
        model = self.ev.world.model
        canonical = model.canonical(qualname)
        self._drop_if_told(op, qualname, canonical, node, receivers)
        if qualname.startswith("builtins.") and qualname.count(".") == 1:
            self._builtin_call(op, qualname[9:], node)
        if qualname in syntax.GENERATOR_STEPS and receivers:  # gen.send(x): one step
            stepped = tuple(v for v in receivers if isinstance(v, (GenV, GenExpV)))
            op.targets += self.dispatch.iteration_targets(stepped, True, qualname)
        called_on_self = syntax.SELF_CALLS.get(qualname)
        if called_on_self is not None and receivers:  # super().readline(): self.peek...
            op.targets += self.dispatch.self_call_targets(receivers, called_on_self, True, qualname)
        hashed = syntax.KEY_HASHING_METHODS.get(qualname)
        if hashed is not None and _argument(node, hashed) is not None:
            keys = self._known(_argument(node, hashed))
            op.targets += self.dispatch.dunder_targets(keys, ((syntax.HASHING[0],), (syntax.HASHING[1],)), True, qualname)
        per_element = syntax.ELEMENT_DUNDER_FUNCTIONS.get(qualname)
        if per_element is not None:
            op.targets += self._element_dunder_targets(node, receivers, *per_element, qualname)
        if qualname in ("builtins.str.format", "builtins.str.format_map"):
            arguments = [*node.args, *(k.value for k in node.keywords)]
            for argument in arguments if qualname == "builtins.str.format" else ():
                if not isinstance(argument, ast.Starred):
                    op.targets += self.dispatch.dunder_targets(self._eval(argument), (syntax.FORMAT_ARGUMENT,), True, qualname)
        position = syntax.ITERATING_FUNCTIONS.get(qualname)
        if position is not None:
            argument = _argument(node, position)
            if argument is not None:
                op.targets += self.dispatch.iteration_targets(self._eval(argument), True, qualname)
                op.targets += self._result_targets(argument, ITERATED, qualname)
        calls = model.calls.get(canonical)  # a modelled function calling its argument (gevent.with_timeout)
        called = syntax.CALLING_BUILTINS.get(qualname, ()) if calls is None else ((calls, None),)
        for position, elements in called:
            argument = _argument(node, position)
            if argument is not None:  # what the function is called with, asked only for an accessor (sorted's key=itemgetter(1))
                called_with = (lambda: self._elements(node, receivers, elements, qualname)) if elements is not None else lambda: ()
                op.targets += self.dispatch.call_targets(self._eval(argument), self.func, True, qualname, called_with)

    def _drop_if_told(self, op: Op, qualname: str, canonical: str, node: ast.Call, receivers: tuple | None):
        """Drop the primitive `qualname` is from the call's targets where its arguments tell it not to wait
        (`receivers`: the values of `obj` in `obj.method(...)`, as the caller evaluated them)."""
        model = self.ev.world.model
        flags = model.nonblocking_flags.get(canonical)
        quiet = model.quiet.get(canonical)
        if flags is None and quiet is None:
            return
        key = self.ev.world.primitive_key(qualname)
        if (flags is not None and self._carries_flag(call_argument(node, *flags)) or quiet is not None and key is not None
                and is_quiet(quiet, node, _all_instances(receivers), key[0] == "prim", self._constants)):
            op.targets = [target for target in op.targets if target[0] != key]

    def _default_native_calls(self, op: Op, param: ParamV, node: ast.Call):
        """A parameter called whose default is a function without source (`_waitpid=os.waitpid`): the call of
        the default, which dispatch adds (Dispatcher.call_targets), dropped where the arguments tell it not to wait."""
        default = self.dispatch.default_of(param)
        if default is None:
            return
        model = self.ev.world.model
        for value in self.ev.eval(default, param.func.statement_scope):
            if value.__class__ is ExtV:
                self._drop_if_told(op, value.qualname, model.canonical(value.qualname), node, None)

    def _constants(self, expr: ast.expr, wanted) -> tuple | None:
        """The constants an argument surely holds (resolve/constants.py)."""
        return constant_values(self.ev, expr, self.scope, wanted)

    def _carries_flag(self, expr: ast.expr | None) -> bool:
        """Whether a flags argument surely carries the bit of one of the model's NONBLOCKING_CONSTANTS: a name or
        attribute every value of which is one (`zmq.NOBLOCK`), or `|` with one (`zmq.NOBLOCK | zmq.SNDMORE`)."""
        if expr.__class__ is ast.BinOp and expr.op.__class__ is ast.BitOr:
            return self._carries_flag(expr.left) or self._carries_flag(expr.right)
        if expr.__class__ is not ast.Name and expr.__class__ is not ast.Attribute:
            return False
        constants = self.ev.world.model.nonblocking_constants
        values = self._eval(expr)
        return bool(values) and all(value.__class__ is ExtV and value.qualname in constants for value in values)

    def _element_dunder_targets(self, node: ast.Call, receivers: tuple | None, position: int | str, dunders: tuple,
                                via: str) -> list:
        """The dunder a sort, min, max or sum calls on each element (a sort's `key=`, when given, makes
        it compare the keys instead)."""
        if dunders == syntax.ORDERING and any(k.arg == "key" for k in node.keywords):
            return []
        return self.dispatch.dunder_targets(self._elements(node, receivers, position, via), (dunders,), True, via)

    def _elements(self, node: ast.Call, receivers: tuple | None, position: int | str, qualname: str) -> tuple:
        """The elements of the argument at `position` of a sort, min, max or sum ("self": of the list sorted
        in place, its receiver; min(a, b): the arguments)."""
        if position == "self":
            return self.ev.iterate(receivers) if receivers is not None else ()
        if len(node.args) > 1 and qualname in syntax.ORDERING_SEVERAL:
            return tuple(v for arg in node.args if not isinstance(arg, ast.Starred) for v in self._eval(arg))
        argument = _argument(node, position)
        return self.ev.iterate(self._eval(argument)) if argument is not None else ()

    def _builtin_call(self, op: Op, name: str, node: ast.Call):
        """A builtin's dunders of its first argument, and its iteration."""
        first = node.args[0] if node.args else None
        if first is not None and _converts(name, node):  # str(data, "latin1"): the codec's work, no dunder
            return
        context = syntax.ATTRIBUTE_BUILTINS.get(name)
        named = node.args[1] if context is not None and len(node.args) >= 2 else None
        if isinstance(named, ast.Constant) and isinstance(named.value, str):  # getattr(x, "name"): x.name
            op.targets += self.dispatch.attribute_targets(self._eval(first), named.value, context, f"builtins.{name}")
        elif first is not None and name == "next":  # one step: a generator's body runs, a lazy iterator's sources step
            values = self._eval(first)
            stepped = tuple(v for v in values if isinstance(v, (GenV, GenExpV, LazyV)))
            op.targets += self.dispatch.iteration_targets(stepped, True, "builtins.next")
            op.targets += self._result_targets(first, ITERATED, "builtins.next")
            rest = tuple(v for v in values if not isinstance(v, (GenV, GenExpV, LazyV)))
            op.targets += self.dispatch.dunder_targets(rest, (syntax.BUILTIN_DUNDERS[name],), True, "builtins.next")
        elif first is not None and name in syntax.BUILTIN_DUNDERS:
            if name in ("str", "repr", "format"):
                op.kind = "format"
            elif name == "hash":
                op.kind = "hash"
            # iter(x) calls x.__iter__ and steps nothing: a generator __iter__ runs when what iter returns is stepped
            op.targets += self.dispatch.dunder_targets(
                self._eval(first), (syntax.BUILTIN_DUNDERS[name],), True, f"builtins.{name}", stepped=name != "iter")
        several = len(node.args) > 1 and f"builtins.{name}" in syntax.ORDERING_SEVERAL
        if first is not None and name in syntax.ITERATING_BUILTINS and not several:
            op.targets += self.dispatch.iteration_targets(self._eval(first), True, f"builtins.{name}")
            op.targets += self._result_targets(first, ITERATED, f"builtins.{name}")
        for argument in node.args if name in syntax.ARGUMENT_DUNDERS else ():
            if not isinstance(argument, ast.Starred):
                op.targets += self.dispatch.dunder_targets(self._eval(argument), (syntax.ARGUMENT_DUNDERS[name],), True, f"builtins.{name}")


def _all_instances(receivers: tuple | None) -> bool:
    """Whether a call's receiver is surely an instance (`sem.acquire(False)`): a method's positional
    arguments are then where a table counts them (`Semaphore.acquire(sem, False)` shifts them by one)."""
    return bool(receivers) and all(value.__class__ is InstV for value in receivers)


def _converts(name: str, node: ast.Call) -> bool:
    """Whether a builtin is given what makes it convert text or bytes (`str(data, "latin1")`)."""
    keywords = syntax.CONVERTING_ARGUMENTS.get(name)
    if keywords is None or any(isinstance(a, ast.Starred) for a in node.args[:2]):
        return False
    return len(node.args) >= 2 or any(k.arg in keywords for k in node.keywords)


def _argument(node: ast.Call, position: int | str) -> ast.expr | None:
    """The argument at a table's `position`: an index, or a keyword's name."""
    return call_argument(node, position) if isinstance(position, int) else call_argument(node, None, position)

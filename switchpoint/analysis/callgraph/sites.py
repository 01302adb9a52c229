"""Operation sites: every call, implicit dunder call and await in one function's body, with callees.

The collector walks one function body (not nested functions, which are functions
of their own; a module's code with its class bodies, each in its class's scope)
and turns each expression that may run other code into an `Op`
(ops.py): its anchor nodes (for the reported range), its kind, and its targets,
which the `Dispatcher` (dispatch.py) finds for the values inference gives (and, where the
value is a method's result on an object that may be of a subclass, a key for what overrides
return, and where it is an attribute of such an object, one for what subclasses assign, which the call
graph expands: `_result_targets`). What
calls of functions without source do with their arguments is `NativeCalls`
(native_calls.py), a part of the collector.
"""

from __future__ import annotations

import ast
from typing import NamedTuple

from switchpoint.analysis.callgraph.dispatch import Dispatcher, encloses
from switchpoint.analysis.callgraph.native_calls import NativeCalls
from switchpoint.analysis.callgraph.ops import AWAIT, CONTAINS, ENTERED, EXITED, IMPLICIT, ITERATED, LOCAL, Op
from switchpoint.analysis.callgraph.quiet_calls import is_quiet
from switchpoint.analysis.resolve.binder import ClassInfo, FunctionInfo, Scope, comprehension_scope, header_node
from switchpoint.analysis.resolve.infer import (
    UNKNOWN, ClassV, ContainerV, CtxV, Evaluator, ExtV, FuncV, GenExpV, GenV, InstV, LazyV, ParamV, base_class,
    overridable,
)
from switchpoint.analysis.semantics import implicit_calls as syntax


class SiteCollector(NativeCalls):
    """Collects the `Op`s of one function."""

    def __init__(self, evaluator: Evaluator):
        self.ev = evaluator
        self.dispatch = Dispatcher(evaluator)
        self.lambdas: list[FunctionInfo] = []
        self._targets: dict[tuple, tuple] = {}  # every target kept, once (see _kept)

    def collect(self, func: FunctionInfo) -> list[Op]:
        self.func = self.dispatch.current = func
        self.dispatch.generator_bodies.clear()  # only this function's own generator expressions
        self.scope: Scope = func.scope
        self.ops: list[Op] = []
        node = func.node
        if func.kind == "module":
            self._statements(node.body)
        elif isinstance(node, ast.Lambda):
            self._expr(node.body)
        else:
            self._statements(node.body)
        ops, self.ops = self.ops, []
        return self._kept([op for op in ops if op.targets or op.spawned or op.callargs])

    def _kept(self, ops: list[Op]) -> list[Op]:
        """`ops` as they are kept for the whole run: each target the one tuple equal to it (django: 128k
        targets, 16k distinct), in a list of its exact size (most grew by appending)."""
        shared = self._targets
        for op in ops:
            targets = op.targets
            for index, target in enumerate(targets):
                targets[index] = shared.setdefault(target, target)
            op.targets = targets[:]
        return ops

    def take_lambdas(self) -> tuple[FunctionInfo, ...]:
        """Lambdas met since the last call: functions of their own, reached from here (kept with the
        collected entry: a tuple, the shared empty one for most functions)."""
        lambdas = tuple(self.lambdas)
        self.lambdas.clear()
        return lambdas

    # -- helpers -----------------------------------------------------------------------------

    def _op(self, kind: str, first, last=None, targets: list | None = None) -> Op:
        op = Op(kind, first, last, None, targets)
        self.ops.append(op)
        return op

    def _final_op(self, kind: str, first, last=None, targets: list = ()) -> None:
        """An operation whose targets are all known: made only if it has some (collect drops the rest)."""
        if targets:
            self.ops.append(Op(kind, first, last, None, targets))

    def _eval(self, node) -> tuple:
        return self.ev.eval(node, self.scope)

    def _overridden(self, node) -> tuple:
        """(class, method name) of each call of a method whose result `node` may be, where the receiver may
        be of a subclass (`self`, an annotation): what an override there returns is not among the values
        inference gives (a method's result is its own class's method's), so the operation on it gets a key
        the call graph expands over the overrides loaded (`result_targets`). The call itself, or a name of
        this scope it is assigned to (`it = source.chunks()`)."""
        return self._through_names(node, ast.Call, self._overridden_call)

    def _overridden_call(self, node: ast.Call, scope: Scope) -> tuple:
        func = node.func
        if func.__class__ is not ast.Attribute:
            return ()
        if not any(v.__class__ is FuncV and v.binding in _BOUND for v in self.ev.eval(func, scope)):
            return ()
        return tuple(dict.fromkeys(
            (v.cls, func.attr) for v in self.ev.eval(func.value, scope)
            if (v.__class__ is InstV or v.__class__ is ClassV) and not v.exact and v.cls.__class__ is ClassInfo))

    def _result_targets(self, node, operation: tuple, via: str | None = None) -> list:
        """The keys of `operation` on what overrides return, for each overridden call `node` may be the result
        of, and on what subclasses assign, for each attribute of an object that may be a subclass's it may be."""
        targets = [(("result", cls, name, operation), False, via) for cls, name in self._overridden(node)]
        for cls, name in self._subclass_attributes(node):
            targets.append((("attr", cls, name, operation), False, via))
        return targets

    def _subclass_attributes(self, node) -> tuple:
        """(class, attribute name) of each attribute read `node` may be the value of, where the object read
        may be of a subclass (`self.iterator` in a base class's method): what a subclass's methods or body
        assign to it is not among the values inference gives (an attribute is looked up along the MRO of the
        object's class, never below it), so the operation on it gets a key the call graph expands over the
        subclasses loaded (`CallGraph._attribute_members`). The attribute itself, or a name of this scope it
        is assigned to (`it = self.iterator`)."""
        return self._through_names(node, ast.Attribute, self._subclass_attribute)

    def _through_names(self, node, kind: type, find) -> tuple:
        """`find(node, scope it is evaluated in)` for a node of `kind`, or for what a name of this function is
        assigned (`it = ...`, each assignment, a walrus's `(it := ...)` as the binder binds one: in a
        comprehension, its value evaluated in the comprehension's scope), or for a walrus's value; () for
        anything else. Read in a comprehension, a name it does not bind is the function's."""
        if node.__class__ is kind:
            return find(node, self.scope)
        if node.__class__ is ast.Name:
            scope = _binding_scope(self.scope, node.id)
            found = ()
            for binding in scope.bindings.get(node.id, ()):
                where = scope
                if binding[0] == "elsewhere" and binding[2].kind == "comprehension":  # a walrus in one
                    binding, where = binding[1], binding[2]
                if binding[0] == "assign" and binding[1].__class__ is kind:
                    found += find(binding[1], where)
            return tuple(dict.fromkeys(found)) if len(found) > 1 else found
        if node.__class__ is ast.NamedExpr:
            return self._through_names(node.value, kind, find)
        return ()

    def _subclass_attribute(self, node: ast.Attribute, scope: Scope) -> tuple:
        """Of an attribute of a parameter (`self.iterator`, `source.rows` for `source: Base`) only: evaluating
        other receivers again (`a.b.c`, a module's name) replays the decorator applications their evaluation
        noted, for little (SQLAlchemy: 7 % more notes)."""
        attr = node.attr
        receiver = node.value
        if receiver.__class__ is not ast.Name or (attr.startswith("__") and attr.endswith("__")):
            return ()
        bindings = _binding_scope(scope, receiver.id).bindings.get(receiver.id)
        if not bindings or any(binding[0] != "param" for binding in bindings):
            return ()
        found = ()
        for v in self.ev.eval(node.value, scope):
            if v.__class__ is InstV and not v.exact and v.cls.__class__ is ClassInfo and (v.cls, attr) not in found:
                found += ((v.cls, attr),)
        return found

    # -- statements ------------------------------------------------------------------------------

    def _statements(self, statements):
        for statement in statements:
            self._statement(statement)

    def _statement(self, node):
        handler = _STATEMENT_HANDLERS.get(node.__class__)
        if handler is not None:  # function definitions, imports, pass, break...: nothing runs there
            handler(self, node)

    def _expr_statement(self, node: ast.Expr):
        self._expr(node.value)

    def _assign(self, node: ast.Assign):
        self._expr(node.value)
        for target in node.targets:
            self._store(target, node.value)

    def _annassign(self, node: ast.AnnAssign):
        if node.value is not None:
            self._expr(node.value)
            self._store(node.target, node.value)

    def _return(self, node: ast.Return):
        if node.value is not None:
            self._expr(node.value)

    def _if_or_while(self, node: ast.If | ast.While):
        self._truth(node.test)
        # the branch a test on the target's platform or version does not take never runs (Module.decided)
        taken = self.func.module.decided.get(node) if node.__class__ is ast.If else None
        if taken is not False:
            self._statements(node.body)
        if taken is not True:
            self._statements(node.orelse)

    def _for_statement(self, node: ast.For | ast.AsyncFor):
        self._for(node.target, node.iter, node.__class__ is ast.AsyncFor)
        self._statements(node.body)
        self._statements(node.orelse)

    def _with(self, node: ast.With | ast.AsyncWith):
        for item in node.items:
            self._with_item(item, node.__class__ is ast.AsyncWith)
        self._statements(node.body)

    def _try(self, node: ast.Try | ast.TryStar):
        self._statements(node.body)
        for handler in node.handlers:
            if handler.type is not None:
                self._expr(handler.type)
            self._statements(handler.body)
        self._statements(node.orelse)
        self._statements(node.finalbody)

    def _raise(self, node: ast.Raise):
        if node.exc is not None:
            self._expr(node.exc)
        if node.cause is not None:
            self._expr(node.cause)

    def _assert(self, node: ast.Assert):
        self._truth(node.test)
        if node.msg is not None:
            self._expr(node.msg)

    def _delete_statement(self, node: ast.Delete):
        for target in node.targets:
            self._delete(target)

    def _match(self, node: ast.Match):
        self._expr(node.subject)
        for case in node.cases:
            if case.guard is not None:
                self._truth(case.guard)
            self._statements(case.body)

    def _function_def(self, node: ast.FunctionDef | ast.AsyncFunctionDef):
        """A def statement evaluates its decorators and defaults where it stands, then applies the decorators."""
        for expression in (*node.decorator_list, *node.args.defaults, *node.args.kw_defaults):
            if expression is not None:
                self._expr(expression)
        self._decorators_applied(node)

    def _decorators_applied(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        """Applying a decorator calls it: an implicit call, followed only where it switches for certain
        (the stdlib's and frameworks' decorators run code over unknown values, as typing's classes do)."""
        for decorator in node.decorator_list:
            targets = self.dispatch.call_targets(tuple(v for v in self._eval(decorator) if v is not UNKNOWN), self.func)
            self._final_op("call", decorator, targets=_implicit(targets))

    def _class_body(self, node: ast.ClassDef):
        for expression in node.decorator_list:
            self._expr(expression)
        start = len(self.ops)
        for expression in (*node.bases, *(k.value for k in node.keywords)):
            self._expr(expression)
        # a generic class (`class Box[T](base())`, 3.12) evaluates its bases and keywords in a frame of its own,
        # which the statement calls: what they run, the statement runs too
        header_ops = self.ops[start:] if getattr(node, "type_params", None) else []
        body_ops = []
        # a module's class body runs with the module's code; one in a function is not analysed (docs/model.md)
        if self.func.kind == "module":
            start = len(self.ops)
            self._class_statements(node)
            body_ops = self.ops[start:]
        self._decorators_applied(node)
        # creating the class runs its bases' __init_subclass__ and its metaclass's __new__ and __init__
        targets = []
        for base in node.bases:
            bases = tuple(InstV(v.cls) for v in self._eval(base_class(base)) if isinstance(v, ClassV) and isinstance(v.cls, ClassInfo))
            targets += self.dispatch.dunder_targets(bases, ((syntax.CLASS_CREATION[0],),))
        metaclass = next((k.value for k in node.keywords if k.arg == "metaclass"), None)
        if metaclass is not None:
            metas = tuple(InstV(v.cls) for v in self._eval(metaclass) if isinstance(v, ClassV) and isinstance(v.cls, ClassInfo))
            targets += self.dispatch.dunder_targets(metas, tuple((name,) for name in syntax.CLASS_CREATION[1:]))
        # implicit, and typing's own (Generic, Protocol) iterate unknown values: only what switches for certain
        targets = _implicit(targets)
        # the statement calls its body, which CPython runs in a frame of its own: what the body's operations
        # run (each also a point of its own), the statement runs too
        targets += dict.fromkeys(target for op in (*header_ops, *body_ops) for target in op.targets)
        self._final_op("call", node, targets=targets)

    def _class_statements(self, node: ast.ClassDef):
        """A class body's statements run in the class's namespace: a name it bound earlier shadows the
        enclosing scope's, for its statements and for the decorators, defaults and bases of the defs and
        classes in it (`size = make()` calls the class's own `make`). Its functions, lambdas and nested
        classes have scopes whose parent skips it, as in Python; its ops are still the module's."""
        outer = self.scope
        self.scope = self._class_scope(node)
        self._statements(node.body)
        self.scope = outer  # (an exception leaves it: collect starts from the function's own scope)

    def _class_scope(self, node: ast.ClassDef) -> Scope:
        """The binder's scope of the class `node` defines, found through the binding of its name."""
        for scope in (self.scope, self.scope.module_scope()):  # (a class body's `global Name` binds it there)
            for binding in scope.bindings.get(node.name, ()):
                if binding[0] == "class" and binding[1].node is node:
                    return binding[1].scope
        return self.scope

    def _store(self, target, value_node):
        kind = type(target)
        if kind is ast.Subscript:
            op = self._subscript(target, "store_subscript", "__setitem__")
            if isinstance(target.slice, ast.Slice) and value_node is not target and any(
                    self._may_be_list(v) for v in self._eval(target.value)):
                # `x[a:b] = values` on a list iterates the values there (socketserver's `self[:] = (t for t in
                # self if t.is_alive())`: the generator expression's body runs at the store)
                op.targets += self.dispatch.iteration_targets(self._eval(value_node), True, "builtins.list.__setitem__")
        elif kind is ast.Attribute:
            self._expr(target.value)
            self._attribute_op(target, ast.Store)
        elif kind is ast.Tuple or kind is ast.List:
            # CPython's UNPACK_SEQUENCE carries the targets' position
            targets = self.dispatch.iteration_targets(self._eval(value_node)) + self._result_targets(value_node, ITERATED)
            self._final_op("unpack", target, targets=targets)
            for element in target.elts:
                self._store(element, element)
        elif kind is ast.Starred:
            self._store(target.value, target.value)

    def _may_be_list(self, value) -> bool:
        """Whether `value` may be a list or bytearray whose own __setitem__ runs (a subclass that does not
        override it; an object of unknown class)."""
        if isinstance(value, ContainerV):
            return value.kind == "list"
        if isinstance(value, InstV):
            if isinstance(value.cls, str):
                return value.cls in _SLICE_ASSIGNED
            if isinstance(self.dispatch.method(value.cls, "__setitem__"), FunctionInfo):
                return False
            return any(owner in _SLICE_ASSIGNED for owner in self.ev.mro(value.cls) if isinstance(owner, str))
        return not isinstance(value, (ClassV, FuncV, GenV, GenExpV, LazyV, CtxV, ExtV))

    def _delete(self, target):
        kind = type(target)
        if kind is ast.Subscript:
            self._subscript(target, "del_subscript", "__delitem__")
        elif kind is ast.Attribute:
            self._expr(target.value)
            self._attribute_op(target, ast.Del)
        elif kind is ast.Tuple or kind is ast.List:
            for element in target.elts:
                self._delete(element)

    def _augassign(self, node: ast.AugAssign):
        target = node.target
        method, reflected, inplace = syntax.BINARY_OPERATORS[type(node.op)]
        if isinstance(target, ast.Subscript):
            self._subscript(target, "subscript", "__getitem__")
            current = self._subscript_values(target)
        elif isinstance(target, ast.Attribute):
            self._expr(target.value)
            self._attribute_op(target, ast.Load)
            current = self.ev.attribute(self._eval(target.value), target.attr)
        else:
            current = self._eval(target) if isinstance(target, ast.Name) else (UNKNOWN,)
        self._expr(node.value)
        targets = self.dispatch.dunder_targets(current, ((inplace, method),))
        targets += self.dispatch.dunder_targets(self._eval(node.value), ((reflected,),))
        targets += self._sequence_operand_targets(node.op, current, node.value, augmented=True)
        self._final_op("augassign", node, targets=targets)
        if isinstance(target, ast.Subscript):
            self._subscript(target, "store_subscript", "__setitem__", operands=False)
        elif isinstance(target, ast.Attribute):
            self._attribute_op(target, ast.Store)

    def _subscript(self, node: ast.Subscript, kind: str, dunder: str, operands: bool = True) -> Op:
        """`x[k]` loaded, stored or deleted: the container's dunder, and the key's hash for dicts and sets."""
        if operands:
            self._expr(node.value)
            self._expr(node.slice)
        containers = self._eval(node.value)
        op = self._op(kind, node, targets=self.dispatch.dunder_targets(containers, ((dunder,),)))
        op.targets += self._result_targets(node.value, ("dunder", dunder))
        if kind != "del_subscript":
            op.targets += self._key_hash_targets(containers, node.slice)
        if kind == "subscript":  # a dict subclass's __missing__ (on classes with source only: no guessing)
            known = tuple(v for v in containers if isinstance(v, InstV) and isinstance(v.cls, ClassInfo))
            op.targets += self.dispatch.dunder_targets(known, ((syntax.MISSING,),))
            op.targets += self._class_subscript_targets(containers)
        if any(_is_sequence(v) for v in containers):
            bounds = (node.slice.lower, node.slice.upper, node.slice.step) if isinstance(node.slice, ast.Slice) else (node.slice,)
            for bound in bounds:
                if bound is not None:
                    op.targets += self.dispatch.dunder_targets(self._known(bound), ((syntax.INDEX,),))
        return op

    def _class_subscript_targets(self, containers) -> list:
        """`Box[int]` on a class with source: its metaclass's __getitem__, else its __class_getitem__ (looked up
        along its MRO as a method is; a class that may be a subclass's reaches the overrides too)."""
        targets = []
        for value in containers:
            if type(value) is not ClassV or not isinstance(value.cls, ClassInfo):
                continue
            metaclass = self._metaclass_getitem(value.cls)
            if metaclass:
                targets += metaclass
            else:
                targets += self.dispatch.dunder_targets((InstV(value.cls, value.exact),), ((syntax.CLASS_SUBSCRIPT,),))
        return targets

    def _metaclass_getitem(self, cls: ClassInfo) -> list:
        """The targets of the __getitem__ a source metaclass of `cls` (or of a base) defines, if one does."""
        for owner in self.ev.mro(cls):
            if not isinstance(owner, ClassInfo) or owner.metaclass is None:
                continue
            for meta in self.ev.eval(owner.metaclass, owner.statement_scope):
                if type(meta) is ClassV and isinstance(meta.cls, ClassInfo) and isinstance(self.dispatch.method(meta.cls, "__getitem__"), FunctionInfo):
                    return self.dispatch.dunder_targets((InstV(meta.cls),), (("__getitem__",),))
            return []
        return []

    def _element_targets(self, containers, dunders: tuple) -> list:
        """The dunders a builtin container calls on its elements (those of literal and annotated ones)."""
        builtin = tuple(v for v in containers if isinstance(v, ContainerV) or (isinstance(v, InstV) and v.args))
        if not builtin:
            return []
        return self.dispatch.dunder_targets(self.ev.iterate(builtin), (dunders,))

    def _subscript_values(self, node: ast.Subscript) -> tuple:
        values = []
        for container in self._eval(node.value):
            if isinstance(container, InstV) and isinstance(container.cls, ClassInfo):
                method = self.dispatch.method(container.cls, "__getitem__")
                values.extend(self.ev.returns(method) if isinstance(method, FunctionInfo) else (UNKNOWN,))
            else:
                values.extend(self.ev.subscript((container,)))
        return tuple(values) or (UNKNOWN,)

    def _for(self, target, iterable, is_async: bool):
        self._expr(iterable)
        self._for_iter(target, iterable, is_async)

    def _for_iter(self, target, iterable, is_async: bool):
        if is_async:
            self._op("async_for", target, iterable, [(AWAIT, True, None)])
        else:
            targets = self.dispatch.iteration_targets(self._eval(iterable)) + self._result_targets(iterable, ITERATED)
            self._final_op("for_iter", target, iterable, targets)
        self._loop_target(target, iterable)

    def _loop_target(self, target, iterable):
        """Each step stores into the target as an assignment does: `for a, b in pairs` unpacks each element (CPython's
        UNPACK_SEQUENCE, positioned on the target), `for self.item in xs` sets an attribute, `for d[k] in xs` an item."""
        kind = type(target)
        if kind is ast.Name:
            return
        if kind is ast.Tuple or kind is ast.List:
            elements = self.ev.iterate(self._eval(iterable))
            self._final_op("unpack", target, targets=self.dispatch.iteration_targets(elements))
            for element in target.elts:
                self._store(element, element)
        else:
            self._store(target, target)

    def _with_item(self, item: ast.withitem, is_async: bool):
        self._expr(item.context_expr)
        last = item.optional_vars if item.optional_vars is not None else item.context_expr
        values = self._eval(item.context_expr)
        if is_async:
            self._op("async_with_enter", item.context_expr, last, [(AWAIT, True, None)])
            self._op("async_with_exit", item.context_expr, last, [(AWAIT, True, None)])
            return
        enter = self._op("with_enter", item.context_expr, last, self.dispatch.dunder_targets(values, (("__enter__",),)))
        exit_ = self._op("with_exit", item.context_expr, last, self.dispatch.dunder_targets(values, (("__exit__",),)))
        enter.targets += self._result_targets(item.context_expr, ENTERED)
        exit_.targets += self._result_targets(item.context_expr, EXITED)
        for value in values:
            if isinstance(value, CtxV):  # a @contextmanager generator runs in both halves
                enter.targets.append((value.func, True, None))
                exit_.targets.append((value.func, True, None))

    def _truth(self, test):
        if isinstance(test, ast.BoolOp):  # a test jumps on each operand's truth, the last one's too
            for value in test.values:
                self._truth(value)
            return
        self._expr(test)
        if not _taken_as_bool(test):
            self._final_op("bool", test, targets=self.dispatch.dunder_targets(self._eval(test), (syntax.TRUTH,)))

    def _key_hash_targets(self, containers, key) -> list:
        """A key looked up in a dict or set is hashed, and compared with what has its hash."""
        if any((isinstance(v, ContainerV) and v.kind in _HASHED_CONTAINERS) or (isinstance(v, InstV) and v.cls in _HASHED)
               for v in containers):
            keys = tuple(v for v in self._eval(key) if isinstance(v, InstV) and isinstance(v.cls, ClassInfo))
            return self.dispatch.dunder_targets(keys, ((syntax.HASHING[0],), (syntax.HASHING[1],)))
        return []

    def _attribute_op(self, node: ast.Attribute, context):
        op = self._op(syntax.ATTRIBUTE_HOOKS[context][0], node)
        op.targets += self.dispatch.attribute_targets(self._eval(node.value), node.attr, context)

    # -- expressions -------------------------------------------------------------------------------

    def _expr(self, node):
        handler = _EXPRESSION_HANDLERS.get(node.__class__)
        if handler is not None:  # names and constants (and an absent part, None) run nothing when evaluated
            handler(self, node)

    def _attribute_load(self, node: ast.Attribute):
        self._expr(node.value)
        if isinstance(node.ctx, ast.Load):
            self._attribute_op(node, ast.Load)

    def _subscript_load(self, node: ast.Subscript):
        self._subscript(node, "subscript", "__getitem__")

    def _binop(self, node: ast.BinOp):
        self._expr(node.left)
        self._expr(node.right)
        method, reflected, _ = syntax.BINARY_OPERATORS[type(node.op)]
        left, right = self._eval(node.left), self._eval(node.right)
        targets = self.dispatch.dunder_targets(left, ((method,),))
        targets += self.dispatch.dunder_targets(right, ((reflected,),))
        if isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
            targets += self._percent_format(node.left.value, node.right)
        elif isinstance(node.op, ast.Mod) and any(isinstance(v, InstV) and v.cls == "builtins.str" for v in left):
            # `msg % args`, the text not written out (logging's getMessage)
            targets += self._unknown_format(right)
        targets += self._sequence_operand_targets(node.op, left, node.right)
        targets += self._sequence_operand_targets(node.op, right, node.left)
        self._final_op("binop", node, targets=targets)

    def _sequence_operand_targets(self, operator, sequence_values, other, augmented: bool = False) -> list:
        """What a builtin sequence does with the other operand: `items += it` iterates it (list.extend),
        `items * n` asks n for its __index__."""
        if not any(_is_sequence(v) for v in sequence_values):
            return []
        if augmented and isinstance(operator, ast.Add) and any(_is_sequence(v, "list") for v in sequence_values):
            return self.dispatch.iteration_targets(self._eval(other))
        if isinstance(operator, ast.Mult):
            return self.dispatch.dunder_targets(self._known(other), ((syntax.INDEX,),))
        return []

    def _percent_format(self, text: str, arguments) -> list:
        """`"%s" % (a, b)`: each argument's __str__ or __repr__. Where CPython makes an f-string of it, each
        element formats at its own position (ops of its own); else the targets are the operator's."""
        conversions, simple = syntax.percent_conversions(text)
        elements = arguments.elts if isinstance(arguments, ast.Tuple) else [arguments]
        if any(isinstance(e, ast.Starred) for e in elements):
            return []
        if simple and isinstance(arguments, ast.Tuple) and len(conversions) == len(elements):
            for conversion, element in zip(conversions, elements):
                dunders = syntax.PERCENT_CONVERSIONS[conversion]
                self._final_op("format", element, targets=self.dispatch.dunder_targets(self._eval(element), (dunders,)))
            return []
        groups = tuple(syntax.PERCENT_CONVERSIONS[c] for c in dict.fromkeys(conversions) if c in syntax.PERCENT_CONVERSIONS)
        return [t for element in elements for t in self.dispatch.dunder_targets(self._eval(element), groups)]

    def _unknown_format(self, arguments: tuple) -> list:
        """A %-format whose text is not written out: each argument (a tuple's elements) may be
        converted by `%s` or `%r` (possible: another conversion, `%d`, may take it)."""
        elements = self.ev.iterate(tuple(v for v in arguments if _is_sequence(v, "tuple")))
        rest = tuple(v for v in arguments if not _is_sequence(v, "tuple"))
        groups = (syntax.PERCENT_CONVERSIONS["s"], syntax.PERCENT_CONVERSIONS["r"])
        return self.dispatch.dunder_targets((*elements, *rest), groups, False)

    def _known(self, node) -> tuple:
        """The values of `node` whose class has source: where a builtin calls a method that is no dunder
        (`keys` for `**m`), or an index of unknown class is the rule (`items[i]`), only those are asked."""
        return tuple(v for v in self._eval(node) if isinstance(v, InstV) and isinstance(v.cls, ClassInfo))

    def _unaryop(self, node: ast.UnaryOp):
        self._expr(node.operand)
        if node.op.__class__ is ast.Not and _taken_as_bool(node.operand):
            return
        names = syntax.UNARY_OPERATORS[type(node.op)]
        targets = self.dispatch.dunder_targets(self._eval(node.operand), (names,))
        self._final_op("bool" if isinstance(node.op, ast.Not) else "unaryop", node, targets=targets)

    def _boolop(self, node: ast.BoolOp):
        for value in node.values[:-1]:
            self._truth(value)
        self._expr(node.values[-1])

    def _ifexp(self, node: ast.IfExp):
        self._truth(node.test)
        taken = self.func.module.decided.get(node)  # an arm the target never takes is not collected
        if taken is not False:
            self._expr(node.body)
        if taken is not True:
            self._expr(node.orelse)

    def _await(self, node: ast.Await):
        self._expr(node.value)
        self._op("await", node, targets=[(AWAIT, True, None)])

    def _joinedstr(self, node: ast.JoinedStr):
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                self._expr(value.value)
                if value.format_spec is not None:
                    self._expr(value.format_spec)
                names = (syntax.CONVERSIONS[value.conversion],) if value.conversion in syntax.CONVERSIONS else ("__format__",)
                self._final_op("format", value, targets=self.dispatch.dunder_targets(self._eval(value.value), (names,)))

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
        outer = self.scope
        body = None  # where the operations CPython runs in the comprehension's own frame start
        for generator in node.generators:
            self._expr(generator.iter)  # (the first iterable is evaluated where the comprehension is written)
            if body is None:
                body = len(self.ops)
            self._for_iter(generator.target, generator.iter, bool(generator.is_async))
            # all but the first iterable runs in the comprehension's own scope, where its targets are bound
            # (and which, as a function's, does not see a class body's names)
            self.scope = comprehension_scope(outer, node)
            for condition in generator.ifs:
                self._truth(condition)
        if node.__class__ is ast.DictComp:
            self._expr(node.key)
            self._expr(node.value)
        else:
            self._expr(node.elt)
        self.scope = outer
        if node.__class__ is ast.GeneratorExp:
            # a generator expression's body runs where it is iterated (`all(x.f() for x in xs)` switches in
            # `all`): what its operations run (each also a point of its own), iterating it runs too
            # (an asynchronous one is iterated by `async for`, an await of its own)
            self.dispatch.generator_bodies[node] = tuple(dict.fromkeys(
                target for op in self.ops[body:] for target in op.targets if target[0] is not AWAIT))

    def _yield_from(self, node: ast.YieldFrom):
        self._expr(node.value)
        targets = self.dispatch.iteration_targets(self._eval(node.value)) + self._result_targets(node.value, ITERATED)
        self._final_op("yield_from", node, targets=targets)

    def _inner_value(self, node: ast.Yield | ast.Starred | ast.NamedExpr | ast.FormattedValue):
        self._expr(node.value)

    def _sequence(self, node: ast.List | ast.Tuple):
        for element in node.elts:
            self._expr(element)
        self._final_op("unpack", node, targets=self._unpacking_targets(node.elts, ()))

    def _set(self, node: ast.Set):
        for element in node.elts:
            self._expr(element)
        self._hash(node, node.elts)
        self._final_op("unpack", node, targets=self._unpacking_targets(node.elts, ()))

    def _dict(self, node: ast.Dict):
        for key, value in zip(node.keys, node.values):
            self._expr(key)
            self._expr(value)
        self._hash(node, [key for key in node.keys if key is not None])
        self._final_op("unpack", node, targets=self._unpacking_targets((), [v for k, v in zip(node.keys, node.values) if k is None]))

    def _packed_parameter(self, node) -> bool:
        """Whether `node` names a `*args` or `**kwargs` parameter (here or of an enclosing function) bound
        nowhere else: a tuple or a dict, whatever callers passed."""
        if not isinstance(node, ast.Name):
            return False
        scope = self.scope
        while scope is not None and node.id not in scope.bindings:
            scope = scope.parent
        owner = scope.owner if scope is not None and scope.kind == "function" else None  # (not a comprehension's target)
        return isinstance(owner, FunctionInfo) and node.id in _header(owner).packed_names and len(scope.bindings[node.id]) == 1

    def _unpacking_targets(self, elements, mappings) -> list:
        """`*x` among a call's arguments or a display's elements iterates x; `**m` asks m for its keys and
        items (when m is an object of a class with source: a dict asks nothing)."""
        targets = []
        for element in elements:
            if isinstance(element, ast.Starred) and not self._packed_parameter(element.value):
                targets += self.dispatch.iteration_targets(self._eval(element.value))
                targets += self._result_targets(element.value, ITERATED)
        for mapping in mappings:
            if not self._packed_parameter(mapping):
                targets += self.dispatch.dunder_targets(self._known(mapping), syntax.MAPPING_UNPACKING)
        return targets

    def _slice(self, node: ast.Slice):
        self._expr(node.lower)
        self._expr(node.upper)
        self._expr(node.step)

    def _lambda(self, node: ast.Lambda):
        self.lambdas.append(self.ev.lambda_function(node, self.scope))

    def _hash(self, display: ast.Dict | ast.Set, keys: list):
        """The keys of a dict or set display are hashed as the container is built (CPython's
        BUILD_MAP/BUILD_SET, whose position is the whole display)."""
        targets = []
        for key in keys:
            if not isinstance(key, (ast.Constant, ast.JoinedStr, ast.Starred)):
                targets += self.dispatch.dunder_targets(self._eval(key), ((syntax.HASHING[0],),))
        if targets:
            self._final_op("hash", display, targets=targets)

    def _compare(self, node: ast.Compare):
        self._expr(node.left)
        for comparator in node.comparators:
            self._expr(comparator)
        left = node.left
        for operator, right in zip(node.ops, node.comparators):
            if isinstance(operator, syntax.CONTAINMENT):
                container = self._eval(right)
                targets = self.dispatch.dunder_targets(container, (("__contains__", "__iter__"),))
                # a generator or lazy iterator has no __contains__: `in` iterates it
                targets += self.dispatch.iteration_targets(tuple(v for v in container if isinstance(v, (GenV, GenExpV, LazyV))))
                targets += self._result_targets(right, CONTAINS)
                targets += self._element_targets(container, (syntax.ELEMENT_EQUALITY,))
                targets += self._key_hash_targets(container, left)
                self._final_op("contains", node, targets=targets)
            elif type(operator) in syntax.COMPARISONS:
                method, reflected = syntax.COMPARISONS[type(operator)]
                fallbacks = syntax.COMPARISON_FALLBACKS
                targets = self.dispatch.dunder_targets(self._eval(left), (fallbacks.get(method, (method,)),))
                targets += self.dispatch.dunder_targets(self._eval(right), (fallbacks.get(reflected, (reflected,)),))
                self._final_op("compare", node, targets=targets)
            left = right

    def _call(self, node: ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute):
            self._expr(func.value)
        else:
            self._expr(func)
        for arg in node.args:
            self._expr(arg)
        for keyword in node.keywords:
            self._expr(keyword.value)
        callee = self._eval(func)
        kind = "construct" if callee and all(type(v) is ClassV for v in callee) else "call"
        op = self._op(kind, node, targets=self.dispatch.call_targets(callee, self.func, operand=lambda: self._only_argument(node)))
        mappings = [k.value for k in node.keywords if k.arg is None]
        if mappings or any(a.__class__ is ast.Starred for a in node.args):
            op.targets += self._unpacking_targets(node.args, mappings)
        receivers = self._eval(func.value) if isinstance(func, ast.Attribute) else None
        if receivers is not None:
            for receiver in receivers:
                if overridable(receiver):
                    override = (("override", receiver.cls, func.attr), False, None)
                    if override not in op.targets:  # a method found on it brings it already (FuncV.override)
                        op.targets.append(override)
            op.targets += self._result_targets(func.value, ("call", func.attr))
        spawners = self.ev.world.model.spawners
        quiet_funcs: set = set()  # functions with source this call reaches told not to wait (models/literal_flags.py)
        loud_funcs: set = set()
        for value in callee:
            name = value.qualname if isinstance(value, ExtV) else value.func.qualname if isinstance(value, FuncV) else None
            if name in spawners:
                self._record_spawn(op, node, spawners[name])
            if isinstance(value, ExtV):
                self._native_call(op, value.qualname, node, receivers)
            elif isinstance(value, FuncV) and value.binding not in ("property", "contextmanager"):
                self._record_callargs(op, value, node)
                quiet = self.ev.world.model.quiet.get(value.func.qualname) if self.ev.world.model.quiet else None
                if quiet is not None:  # the runtime's `lock.acquire(False)`: a body that cannot reach its switch
                    (quiet_funcs if is_quiet(quiet, node, value.binding == "method") else loud_funcs).add(value.func)
            elif isinstance(value, ClassV) and isinstance(value.cls, ClassInfo):
                init = self.dispatch.method(value.cls, "__init__")
                if isinstance(init, FunctionInfo):  # FrameBuffer(self._recv): __init__'s parameters get them
                    self._record_callargs(op, FuncV(init, None, "method"), node)
            elif isinstance(value, ParamV):
                self._passed_native_calls(op, value, node, receivers)
                self._default_native_calls(op, value, node)
        if quiet_funcs:  # dropped only where every way this call reaches the function is quiet
            dropped = quiet_funcs - loud_funcs
            op.targets = [target for target in op.targets if not any(target[0] is func for func in dropped)]

    def _passed_native_calls(self, op: Op, param: ParamV, node: ast.Call, receivers: tuple | None):
        """A parameter called (`f(x)`) that callers give a function without source (`apply(str, obj)`): what
        calling that function does with the arguments here (`str(x)` formats x), as possible as the call of a
        parameter's other callables is (Dispatcher.call_targets), local where it is the function's own."""
        passed = [v for v in self.ev.passed_callables(param) if v.__class__ is ExtV]
        if not passed:
            return
        local = param.func is self.func or (self.func is not None and encloses(param.func, self.func))
        for value in passed:
            scratch = Op(op.kind, node)
            self._native_call(scratch, value.qualname, node, receivers)
            op.targets += [(key, LOCAL if local else False, via) for key, _, via in scratch.targets
                           if (key, LOCAL if local else False, via) not in op.targets]

    def _only_argument(self, node: ast.Call) -> tuple | None:
        """The values of the one object a call passes, for an accessor called there (Dispatcher.call_targets):
        () when it passes none or several, None when a `*x` or `**m` may hold it."""
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            return None
        return self._eval(node.args[0]) if len(node.args) == 1 and not node.keywords else ()

    def _record_callargs(self, op: Op, value: FuncV, node: ast.Call):
        callee = value.func
        offset = 1 if value.binding in ("method", "class") else 0
        header = _header(callee)
        bound = self._bound_positionals(header, node.args, offset)
        packed, kwargs = header.packed_names, header.kwarg
        extra: list = []  # what `**kwargs` holds: keywords naming no parameter, the values of a `**m`
        for keyword in node.keywords:
            if keyword.arg is not None and keyword.arg in callee.params and keyword.arg not in packed:
                bound[callee.params.index(keyword.arg)] = self._eval(keyword.value)
            elif kwargs is not None:
                extra.extend(self._eval(keyword.value) if keyword.arg is not None else
                             self.ev.subscript(self._eval(keyword.value)))
        if extra:
            bound[kwargs] = tuple(dict.fromkeys(extra))
        if bound:
            op.callargs = (*op.callargs, (callee, bound))

    def _bound_positionals(self, header: _Header, arguments, offset: int) -> dict[int, tuple]:
        """Parameter index -> the values of the positional argument it receives (none past a `*x`); `*args`
        the values of each argument past the named ones (a `*x` there: what iterating x gives), each one of
        its elements (the parameter's ParamV, Evaluator._packed)."""
        bound: dict[int, tuple] = {}
        positional, varargs = header.positional, header.vararg
        extra: list = []
        for index, arg in enumerate(arguments):
            if index + offset >= positional:
                if varargs is None:
                    break
                extra.extend(self.ev.iterate(self._eval(arg.value)) if isinstance(arg, ast.Starred) else self._eval(arg))
            elif isinstance(arg, ast.Starred):  # it fills named parameters too: which, and what else, unknown
                if varargs is not None:
                    extra.extend(self.ev.iterate(self._eval(arg.value)))
                break
            else:
                bound[index + offset] = self._eval(arg)
        if extra:
            bound[varargs] = tuple(dict.fromkeys(extra))
        return bound

    def _record_spawn(self, op: Op, node: ast.Call, position: int):
        """`gevent.spawn(f, a, b)`: f runs elsewhere, but its parameters receive a and b."""
        if position >= len(node.args):
            return
        for value in self._eval(node.args[position]):
            if isinstance(value, FuncV) and value.binding not in ("property", "contextmanager"):
                offset = 1 if value.binding in ("method", "class") else 0
                bound = self._bound_positionals(_header(value.func), node.args[position + 1:], offset)
                if bound:
                    op.spawned = (*op.spawned, (value.func, bound))


# what each kind of statement and expression runs (kinds missing run nothing themselves)
_STATEMENT_HANDLERS = {
    ast.Expr: SiteCollector._expr_statement,
    ast.Assign: SiteCollector._assign,
    ast.AnnAssign: SiteCollector._annassign,
    ast.AugAssign: SiteCollector._augassign,
    ast.Return: SiteCollector._return,
    ast.If: SiteCollector._if_or_while,
    ast.While: SiteCollector._if_or_while,
    ast.For: SiteCollector._for_statement,
    ast.AsyncFor: SiteCollector._for_statement,
    ast.With: SiteCollector._with,
    ast.AsyncWith: SiteCollector._with,
    ast.Try: SiteCollector._try,
    ast.TryStar: SiteCollector._try,
    ast.Raise: SiteCollector._raise,
    ast.Assert: SiteCollector._assert,
    ast.Delete: SiteCollector._delete_statement,
    ast.Match: SiteCollector._match,
    ast.ClassDef: SiteCollector._class_body,
    ast.FunctionDef: SiteCollector._function_def,
    ast.AsyncFunctionDef: SiteCollector._function_def,
}
_EXPRESSION_HANDLERS = {
    ast.Call: SiteCollector._call,
    ast.Attribute: SiteCollector._attribute_load,
    ast.Subscript: SiteCollector._subscript_load,
    ast.BinOp: SiteCollector._binop,
    ast.UnaryOp: SiteCollector._unaryop,
    ast.Compare: SiteCollector._compare,
    ast.BoolOp: SiteCollector._boolop,
    ast.IfExp: SiteCollector._ifexp,
    ast.Await: SiteCollector._await,
    ast.JoinedStr: SiteCollector._joinedstr,
    ast.ListComp: SiteCollector._comprehension,
    ast.SetComp: SiteCollector._comprehension,
    ast.GeneratorExp: SiteCollector._comprehension,
    ast.DictComp: SiteCollector._comprehension,
    ast.YieldFrom: SiteCollector._yield_from,
    ast.Yield: SiteCollector._inner_value,
    ast.Starred: SiteCollector._inner_value,
    ast.NamedExpr: SiteCollector._inner_value,
    ast.FormattedValue: SiteCollector._inner_value,
    ast.List: SiteCollector._sequence,
    ast.Tuple: SiteCollector._sequence,
    ast.Set: SiteCollector._set,
    ast.Dict: SiteCollector._dict,
    ast.Slice: SiteCollector._slice,
    ast.Lambda: SiteCollector._lambda,
}


_BOUND = ("method", "class")  # how a method called on an object or a class is bound (FuncV.binding)
_HASHED = ("builtins.dict", "builtins.set", "builtins.frozenset")  # containers that find their items by hash
_HASHED_CONTAINERS = ("dict", "set", "frozenset", "dict_keys")  # the same, as ContainerV kinds (and a dict's keys)
_SEQUENCES = ("builtins.list", "builtins.tuple", "builtins.str", "builtins.bytes", "builtins.bytearray", "builtins.range")


def _implicit(targets: list) -> list:
    """The targets of an implicit call, to be followed only where they switch for certain (IMPLICIT)."""
    return [(target, certain, IMPLICIT) for target, certain, _ in targets]


class _Header(NamedTuple):
    """What a call binds to in a function's header: how many parameters it can fill by position (before
    `*args`), the parameter indexes of `*args` and `**kwargs` (None without one), and their names (no
    keyword argument binds to them by name)."""

    positional: int = 0
    vararg: int | None = None
    kwarg: int | None = None
    packed_names: tuple[str, ...] = ()


def _header(func: FunctionInfo) -> _Header:
    arguments = getattr(header_node(func), "args", None)
    if not isinstance(arguments, ast.arguments):
        return _Header()
    positional = len(arguments.posonlyargs) + len(arguments.args)
    vararg, kwarg = arguments.vararg, arguments.kwarg
    return _Header(  # indexes in binding order (binder.parameters): named, *args, keyword-only, **kwargs
        positional,
        positional if vararg is not None else None,
        positional + (vararg is not None) + len(arguments.kwonlyargs) if kwarg is not None else None,
        tuple(a.arg for a in (vararg, kwarg) if a is not None),
    )


# builtin classes whose slice assignment iterates the value assigned
_SLICE_ASSIGNED = frozenset({"builtins.list", "builtins.bytearray"})


def _binding_scope(scope: Scope, name: str) -> Scope:
    """The scope whose bindings say what `name` read in `scope` is: a comprehension's own, else the
    function's (module's) it is written in."""
    while scope.kind == "comprehension" and name not in scope.bindings and scope.parent is not None:
        scope = scope.parent
    return scope


def _is_sequence(value, kind: str | None = None) -> bool:
    """A builtin sequence (of that kind: "list", "tuple"...): indexed by position, so a key that is an
    object is asked for its __index__."""
    if isinstance(value, ContainerV):
        return value.kind in ("list", "tuple") if kind is None else value.kind == kind
    return isinstance(value, InstV) and (value.cls in _SEQUENCES if kind is None else value.cls == f"builtins.{kind}")


def _taken_as_bool(test: ast.expr) -> bool:
    """Whether a tested expression's truth is taken without a dunder: a constant, a `not` (a bool), and by
    convention a comparison (its dunder is marked; its result is taken as the bool nearly every `__eq__`
    and `__lt__` returns, in `if a == b:` and under `not (a == b)` alike)."""
    kind = test.__class__
    return kind is ast.Compare or kind is ast.Constant or (kind is ast.UnaryOp and test.op.__class__ is ast.Not)

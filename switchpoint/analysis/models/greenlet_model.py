"""Raw greenlet: explicit switches between greenlets."""

PACKAGES = ("greenlet",)

CLASSES = ("greenlet.greenlet",)

SWITCHING = frozenset({
    "greenlet.greenlet.switch",
    "greenlet.greenlet.throw",
})

RETURNS = {
    "greenlet.getcurrent": "greenlet.greenlet",
}

# attributes of modelled objects -> the class of what they hold
ATTRIBUTES = {
    "greenlet.greenlet.parent": "greenlet.greenlet",
}

ALIASES = {
    "greenlet._greenlet.greenlet": "greenlet.greenlet",
    "greenlet._greenlet.getcurrent": "greenlet.getcurrent",
}

BASES: dict[str, str] = {}

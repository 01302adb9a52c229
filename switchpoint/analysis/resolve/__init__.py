"""Modules and names: where modules live, what each name is bound to, what values flow where."""

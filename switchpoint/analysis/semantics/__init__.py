"""What Python and its libraries do implicitly: dunder tables and switching primitives."""

"""switchpoint's virtual-thread runtime on greenlet (being built; see issue 3)."""

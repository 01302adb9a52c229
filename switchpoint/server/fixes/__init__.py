"""Source rewrites behind the code actions, done with libcst so formatting and comments survive.

Each module takes a source text and engine positions and returns the new text,
or None when the rewrite does not apply; `text_edit.py` turns old and new text
into the smallest line-range edit.
"""

"""Call sites and the edges they add: explicit calls, implicit dunder calls, callbacks."""

"""`python -m switchpoint.server`: the language server over stdio (same as `switchpoint server --stdio`)."""

from switchpoint.server.app import main

raise SystemExit(main())

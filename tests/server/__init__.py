"""Language server tests: a real LSP client over stdio, and real Neovim."""

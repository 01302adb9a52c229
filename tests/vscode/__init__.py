"""Tests of the VS Code extension (vscode-extension/): unit, packaging, and end to end in code-server."""

"""The .vsix as `vsce package` builds it: what ships, and what must not."""

from __future__ import annotations

import json
import zipfile


def test_vsix_holds_the_extension_and_nothing_of_its_sources(vsix):
    names = set(zipfile.ZipFile(vsix).namelist())
    for needed in (
        "extension/package.json",
        "extension/out/extension.js",
        "extension/bundled/tool/lsp_server.py",
        "extension/images/icon.png",
        "extension/images/gutter-certain.svg",
        "extension/images/gutter-possible.svg",
        "extension/readme.md",
        "extension/changelog.md",
        "extension/LICENSE.txt",
        "extension/node_modules/vscode-languageclient/package.json",
    ):
        assert needed in names, f"{needed} missing from the .vsix"
    leaked = [n for n in names if n.startswith(("extension/src/", "extension/out/test/", "extension/tools/"))
              or "/node_modules/playwright-core/" in n or "/node_modules/typescript/" in n or "/node_modules/@vscode/vsce" in n]
    assert not leaked, f"sources, tests or dev dependencies in the .vsix: {sorted(leaked)[:10]}"


def test_manifest_contributes_the_commands_key_bindings_and_settings(vsix):
    manifest = json.loads(zipfile.ZipFile(vsix).read("extension/package.json"))
    commands = {c["command"] for c in manifest["contributes"]["commands"]}
    assert {
        "switchpoint.nextSwitchPoint", "switchpoint.previousSwitchPoint", "switchpoint.showChain",
        "switchpoint.toggleInlayHints", "switchpoint.toggleGutterIcons", "switchpoint.restartServer",
    } <= commands
    bound = {k["command"] for k in manifest["contributes"]["keybindings"]}
    assert commands - {"switchpoint.showLog"} <= bound, "every command but Show Log has a default key"
    settings = manifest["contributes"]["configuration"]["properties"]
    assert {
        "switchpoint.enable", "switchpoint.interpreter", "switchpoint.importStrategy", "switchpoint.inlayHints.enabled",
        "switchpoint.gutter.enabled", "switchpoint.inlayHints.showPossible", "switchpoint.trace.server",
    } <= set(settings)
    assert settings["switchpoint.importStrategy"]["default"] == "useBundled"
    # vscode-languageclient 9 needs 1.82: the engines range must not claim less.
    assert manifest["engines"]["vscode"] == "^1.82.0"

"""Configuration over stdio: workspace/configuration, [tool.switchpoint], watched files, several folders."""

from __future__ import annotations

import pytest
from lsprotocol import types as lsp

from .conftest import until
from .test_inlay_hints_and_points import where
from .test_live_editing import APP, BUMP_LINE, STORE

pytestmark = pytest.mark.asyncio


def labels(hints) -> dict:
    return {(h.position.line, h.position.character): h.label for h in hints}


async def test_workspace_configuration_and_its_changes(editor, iodict_text):
    editor.client.set_configuration({"inlayHints": {"glyph": "●"}}, section="switchpoint")
    await editor.start()
    uri = editor.open("iodict.py", iodict_text)
    sleep = where(iodict_text, "gevent.sleep(0.001)  #")
    assert labels(await editor.hints(uri))[sleep] == "●"
    refreshes = editor.refreshes["inlay"]
    editor.client.set_configuration({"inlayHints": {"glyph": "◆", "showKind": True}}, section="switchpoint")
    editor.client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
    await until(lambda: editor.refreshes["inlay"] > refreshes, what="a refresh after the settings changed")
    assert labels(await editor.hints(uri))[sleep] == "◆ call"


async def test_editor_settings_win_over_initialization_options(editor, iodict_text):
    editor.client.set_configuration({"inlayHints": {"glyph": "●"}}, section="switchpoint")
    await editor.start(options={"inlayHints": {"glyph": "▲", "showKind": True}})
    uri = editor.open("iodict.py", iodict_text)
    await until(lambda: editor.refreshes["inlay"] > 0, what="settings fetched after initialized")
    assert labels(await editor.hints(uri))[where(iodict_text, "gevent.sleep(0.001)  #")] == "● call"


async def test_pyproject_is_read_and_re_read_when_it_changes(editor, iodict_text):
    editor.write("pyproject.toml", '[tool.switchpoint]\nignore = ["SP101"]\n')
    await editor.start()
    uri = editor.open("iodict.py", iodict_text)
    assert [d.code for d in (await editor.pull(uri)).items] == []
    pyproject = editor.write("pyproject.toml", "[tool.switchpoint]\nignore = []\n")
    refreshes = editor.client.diagnostic_refresh_count
    editor.client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(changes=[lsp.FileEvent(uri=pyproject.as_uri(), type=lsp.FileChangeType.Changed)])
    )
    await until(lambda: editor.client.diagnostic_refresh_count > refreshes, what="a diagnostic refresh after pyproject.toml changed")
    assert [d.code for d in (await editor.pull(uri)).items] == ["SP101"]


async def test_a_broken_pyproject_is_shown_on_the_document_not_fatal(editor, iodict_text):
    editor.write("pyproject.toml", '[tool.switchpoint]\nshow-everything = "yes"\n')
    await editor.start()
    uri = editor.open("iodict.py", iodict_text)
    errors = [d for d in (await editor.pull(uri)).items if d.severity == lsp.DiagnosticSeverity.Error]
    assert len(errors) == 1 and "pyproject.toml" in errors[0].message and "show-everything" in errors[0].message
    assert list(await editor.hints(uri)) == []
    # fixed on disk: the next analysis is a normal one
    pyproject = editor.write("pyproject.toml", "[tool.switchpoint]\n")
    editor.client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(changes=[lsp.FileEvent(uri=pyproject.as_uri(), type=lsp.FileChangeType.Changed)])
    )
    assert [d.code for d in (await editor.pull(uri)).items] == ["SP101"]


async def test_file_watchers_are_registered(editor):
    await editor.start()
    await until(lambda: getattr(editor.client, "registrations", None), what="client/registerCapability")
    registration = editor.client.registrations.registrations[0]
    assert registration.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES
    patterns = {w["globPattern"] for w in registration.register_options["watchers"]}
    assert patterns == {"**/pyproject.toml", "**/*.py"}


async def test_a_closed_file_changed_on_disk_updates_open_callers(editor):
    await editor.start()
    store_path = editor.write("store.py", STORE)
    app = editor.open("app.py", APP)
    assert list(await editor.hints(app)) == []
    store_path.write_text(STORE.replace("        return self._data.get", "        gevent.sleep(0)\n        return self._data.get"))
    refreshes = editor.refreshes["inlay"]
    editor.client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(changes=[lsp.FileEvent(uri=store_path.as_uri(), type=lsp.FileChangeType.Changed)])
    )
    await until(lambda: editor.refreshes["inlay"] > refreshes, what="a refresh after store.py changed on disk")
    assert [h.position.line for h in await editor.hints(app)] == [BUMP_LINE]


async def test_several_workspace_folders_each_with_its_settings(editor, iodict_text):
    quiet, loud = editor.root / "quiet", editor.root / "loud"
    editor.write("quiet/pyproject.toml", '[tool.switchpoint]\nignore = ["SP1"]\n')
    editor.write("loud/pyproject.toml", "[tool.switchpoint]\n")
    editor.client.set_configuration({"inlayHints": {"glyph": "◇"}}, section="switchpoint", scope_uri=loud.as_uri())
    await editor.start(folders=[quiet, loud])
    in_quiet = editor.open("quiet/iodict.py", iodict_text)
    in_loud = editor.open("loud/iodict.py", iodict_text)
    await until(lambda: editor.refreshes["inlay"] > 0, what="settings fetched")
    sleep = where(iodict_text, "gevent.sleep(0.001)  #")
    assert labels(await editor.hints(in_quiet))[sleep] == "⏸"
    assert labels(await editor.hints(in_loud))[sleep] == "◇"
    assert [d.code for d in (await editor.pull(in_quiet)).items] == []
    assert [d.code for d in (await editor.pull(in_loud)).items] == ["SP101"]

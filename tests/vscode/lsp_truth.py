"""Asks the real switchpoint server, over stdio and without any editor, for a file's points.

The end-to-end test compares what VS Code shows with this: the expected values come
from the server itself, not from numbers written into the test.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path


class _Connection:
    def __init__(self, command: list[str], cwd: Path, timeout: float):
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0
        self.deadline = time.monotonic() + timeout  # a safety net for the whole exchange
        self.inbox: queue.Queue = queue.Queue()
        # Reading on a thread lets every wait below have a deadline, even on a silent server.
        threading.Thread(target=self._read_all, daemon=True).start()

    def _read_all(self) -> None:
        try:
            while True:
                self.inbox.put(self._read_one())
        except Exception as error:  # the server closed its output or wrote garbage
            self.inbox.put(error)

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> dict:
        try:
            item = self.inbox.get(timeout=max(0.0, self.deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError("the server did not answer in time") from None
        if isinstance(item, Exception):
            raise RuntimeError(f"reading from the server failed: {item}")
        return item

    def _read_one(self) -> dict:
        length = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def request(self, method: str, params: dict, on_other=None) -> dict:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self._answer(message, on_other)

    def wait_for(self, method: str, predicate, on_other=None) -> dict:
        while True:
            message = self.receive()
            if message.get("method") == method and predicate(message.get("params")):
                return message["params"]
            self._answer(message, on_other)

    def _answer(self, message: dict, on_other) -> None:
        if on_other:
            on_other(message)
        if "id" in message and "method" in message:  # a request from the server: answer it plainly
            result = [None] * len(message["params"].get("items", [])) if message["method"] == "workspace/configuration" else None
            self.send({"id": message["id"], "result": result})


def yield_points(python: str, path: Path, settings: dict, timeout: float = 120, command: list[str] | None = None) -> tuple[dict, list[dict]]:
    """The `switchpoint/yieldPoints` reply for `path` once analysed, and the diagnostics published for it.

    The server is `python -m switchpoint server --stdio`, or `command` when given.
    """
    uri = path.resolve().as_uri()
    diagnostics: list[dict] = []

    def collect(message: dict) -> None:
        if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
            diagnostics[:] = message["params"]["diagnostics"]

    conn = _Connection(command or [python, "-m", "switchpoint", "server", "--stdio"], path.parent, timeout)
    try:
        conn.request(
            "initialize",
            {
                "processId": None,
                "rootUri": path.parent.resolve().as_uri(),
                "workspaceFolders": [{"uri": path.parent.resolve().as_uri(), "name": "w"}],
                "capabilities": {},
                "initializationOptions": settings,
            },
            collect,
        )
        conn.send({"method": "initialized", "params": {}})
        conn.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": path.read_text(encoding="utf-8")}}})
        conn.wait_for("switchpoint/yieldPointsChanged", lambda p: p["uri"] == uri, collect)
        reply = conn.request("switchpoint/yieldPoints", {"textDocument": {"uri": uri}}, collect)
        published = list(diagnostics)
        # The quick fixes offered on each diagnostic, as the editor would ask for them.
        for diagnostic in published:
            actions = conn.request(
                "textDocument/codeAction",
                {"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}},
                collect,
            ) or []
            diagnostic["quickFixes"] = [a["title"] for a in actions if a.get("kind", "quickfix").startswith("quickfix")]
        conn.request("shutdown", None, collect)
        conn.send({"method": "exit"})
        conn.process.wait(timeout=10)
        return reply, published
    finally:
        if conn.process.poll() is None:
            conn.process.kill()
            conn.process.wait()


if __name__ == "__main__":  # for a look by hand: python lsp_truth.py FILE
    print(json.dumps(yield_points(sys.executable, Path(sys.argv[1]), {}), indent=1))

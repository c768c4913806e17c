"""`reviewer server` driven by a real LSP client over stdio: the server runs as a subprocess and a small
JSON-RPC client in this file speaks the protocol to it (Content-Length framing, requests, notifications).

No timing assertions: waits have generous timeouts and only guard against a hung server.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytest.importorskip("pygls")

WAIT = 60  # seconds: a hung server fails the test instead of hanging the suite


class Client:
    """A minimal LSP client: writes framed JSON-RPC messages to the server's stdin, reads its stdout."""

    def __init__(self, cwd: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        self.process = subprocess.Popen([sys.executable, "-m", "reviewer", "server", *args], cwd=cwd, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        self.pending: list[dict] = []  # messages read while waiting for something else
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict | None) -> object:
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        message = self.wait(lambda m: m.get("id") == ident and "method" not in m)
        assert "error" not in message, message
        return message.get("result")

    def wait(self, accept) -> dict:
        for index, message in enumerate(self.pending):
            if accept(message):
                return self.pending.pop(index)
        while True:
            try:
                message = self.messages.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no answer from the server within {WAIT} s; stderr: {self.stderr()}")
            if message is None:
                raise AssertionError(f"the server stopped; stderr: {self.stderr()}")
            if "method" in message and "id" in message:  # a request from the server (registerCapability...)
                self.send({"id": message["id"], "result": None})
                continue
            if accept(message):
                return message
            self.pending.append(message)

    def diagnostics(self, uri: str, version: int | None = None) -> list[dict]:
        """The next diagnostics published for `uri` (for `version`, when given)."""
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri
                            and (version is None or m["params"].get("version") == version))
        return message["params"]["diagnostics"]

    def stderr(self) -> str:
        if self.process.poll() is None:
            return "(still running)"
        return self.process.stderr.read().decode("utf-8", "replace")[-2000:]

    def shutdown(self) -> int:
        assert self.request("shutdown", None) is None
        self.notify("exit", {})
        return self.process.wait(timeout=WAIT)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=WAIT)


ARTICLE = """---
title: Taking your tablets
last_reviewed: 2025-11-20
review_interval: 12 months
---

# Taking your tablets

Take 5.0 mg of the medicine each morning with water.

Your nurse will recieve questions about the dose.
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "reviewer.toml").write_text(
        'select = ["notation", "spelling", "review"]\n'
        '[rules."spelling.unknown"]\naccept_file = "words.txt"\n', encoding="utf-8")
    (tmp_path / "words.txt").write_text("# words we accept\n", encoding="utf-8")
    (tmp_path / "tablets.md").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


@pytest.fixture
def client(project: Path):
    c = Client(project)
    yield c
    c.kill()


def start(client: Client, project: Path, options: dict | None = None) -> dict:
    result = client.request("initialize", {
        "processId": os.getpid(), "rootUri": project.as_uri(),
        "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}},
        "initializationOptions": {"asOf": "2026-11-30", "debounce": 0.05, **(options or {})}})
    client.notify("initialized", {})
    return result


def open_article(client: Client, project: Path, name: str = "tablets.md", text: str | None = None) -> str:
    uri = (project / name).as_uri()
    text = text if text is not None else (project / name).read_text(encoding="utf-8")
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                            "text": text}})
    return uri


def apply_edits(text: str, edits: list[dict]) -> str:
    """Apply LSP TextEdits (positions in UTF-16 units; these texts are ASCII) to `text`."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def offset(position: dict) -> int:
        return starts[position["line"]] + position["character"]

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        text = text[:offset(edit["range"]["start"])] + edit["newText"] + text[offset(edit["range"]["end"]):]
    return text


def by_rule(diagnostics: list[dict]) -> dict[str, dict]:
    return {d["code"]: d for d in diagnostics}


def test_a_session_open_change_fix_hover_and_shutdown(client: Client, project: Path) -> None:
    init = start(client, project)
    capabilities = init["capabilities"]
    assert capabilities["hoverProvider"] and capabilities["codeActionProvider"]
    assert init["serverInfo"]["name"] == "reviewer"

    uri = open_article(client, project)
    diagnostics = by_rule(client.diagnostics(uri))
    zero = diagnostics["notation.trailing-zero"]
    assert zero["severity"] == 2 and zero["source"] == "reviewer"  # warning
    assert zero["range"] == {"start": {"line": 8, "character": 5}, "end": {"line": 8, "character": 8}}
    assert zero["codeDescription"]["href"].startswith("https://")
    assert "5 mg" in zero["message"]  # the suggestion is in the message
    assert by_rule([d for d in diagnostics.values()])["spelling.unknown"]["range"]["start"] == {"line": 10,
                                                                                              "character": 16}
    # Review awareness: due 2026-11-20 + nothing... reviewed 2025-11-20 with a 12-month interval is due
    # 2026-11-20, ten days before the as-of date: overdue, on the review line (front matter line 3).
    assert diagnostics["review.stale"]["range"]["start"]["line"] == 2

    # A change: the typo fixed; diagnostics for the new version come after the debounce.
    text = ARTICLE.replace("recieve", "receive")
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 10, "character": 16}, "end": {"line": 10, "character": 23}}, "text": "receive"}]})
    after = by_rule(client.diagnostics(uri, version=2))
    assert "spelling.unknown" not in after and "notation.trailing-zero" in after

    # The fix of the trailing zero, as a code action, applied by the client.
    zero = after["notation.trailing-zero"]
    actions = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": zero["range"],
                                                         "context": {"diagnostics": [zero]}})
    titles = [a["title"] for a in actions]
    fix = next(a for a in actions if a.get("isPreferred"))
    assert "5.0" in fix["title"] and "Disable notation.trailing-zero for this line" in titles
    fixed = apply_edits(text, fix["edit"]["changes"][uri])
    assert "Take 5 mg of the medicine" in fixed
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                             "contentChanges": [{"text": fixed}]})
    assert "notation.trailing-zero" not in by_rule(client.diagnostics(uri, version=3))

    # Hover over the review line shows the explanation of the rule.
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": {"line": 2, "character": 3}})
    assert hover["contents"]["kind"] == "markdown"
    assert "review.stale" in hover["contents"]["value"] and "The article's next review date has passed" in \
        hover["contents"]["value"]
    assert client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                 "position": {"line": 6, "character": 2}}) is None
    assert client.shutdown() == 0


def test_disable_for_this_line_inserts_a_suppression_that_works(client: Client, project: Path) -> None:
    """On a block's first line the comment goes on a line of its own; on a wrapped line, at the end of the
    line before (the paragraph stays one paragraph). Either way the finding is gone and nothing else is."""
    text = ARTICLE.replace("each morning with water.", "each morning\nwith water if you recieve it.")
    start(client, project)
    uri = open_article(client, project, text=text)
    diagnostics = client.diagnostics(uri)
    targets = [next(d for d in diagnostics if d["code"] == "spelling.unknown" and d["range"]["start"]["line"] == 9),
               next(d for d in diagnostics if d["code"] == "notation.trailing-zero")]
    assert targets[1]["range"]["start"]["line"] == 8
    for version, target in enumerate(targets, start=2):  # the wrapped line first, then the block's first line
        actions = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": target["range"],
                                                             "context": {"diagnostics": [target]}})
        disable = next(a for a in actions if a["title"] == f"Disable {target['code']} for this line")
        text = apply_edits(text, disable["edit"]["changes"][uri])
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                 "contentChanges": [{"text": text}]})
        left = client.diagnostics(uri, version=version)
        assert len(left) == len(diagnostics) - (version - 1)
    assert "<!-- reviewer-disable-next-line notation.trailing-zero -->\nTake 5.0 mg" in text
    assert "each morning <!-- reviewer-disable-next-line spelling.unknown -->\nwith water" in text
    assert client.shutdown() == 0


def test_add_a_word_to_the_accept_list(client: Client, project: Path) -> None:
    start(client, project)
    uri = open_article(client, project)
    unknown = by_rule(client.diagnostics(uri))["spelling.unknown"]
    actions = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": unknown["range"],
                                                         "context": {"diagnostics": [unknown]}})
    accept = next(a for a in actions if a["title"].startswith("Add 'recieve' to the accept list"))
    command = accept["command"]
    client.request("workspace/executeCommand", {"command": command["command"], "arguments": command["arguments"]})
    assert (project / "words.txt").read_text(encoding="utf-8") == "# words we accept\nrecieve\n"
    assert "spelling.unknown" not in by_rule(client.diagnostics(uri))  # the open document is linted again
    assert client.shutdown() == 0


def test_config_changes_are_picked_up_without_a_restart(client: Client, project: Path) -> None:
    start(client, project)
    uri = open_article(client, project)
    assert "notation.trailing-zero" in by_rule(client.diagnostics(uri))
    config = project / "reviewer.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"notation", ', ""), encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 2}]})
    diagnostics = by_rule(client.diagnostics(uri))
    assert "notation.trailing-zero" not in diagnostics and "spelling.unknown" in diagnostics
    assert client.shutdown() == 0


def test_review_status_shows_when_lint_leaves_review_rules_out(client: Client, project: Path) -> None:
    (project / "reviewer.toml").write_text('select = ["notation"]\n', encoding="utf-8")
    start(client, project, {"asOf": "2026-11-05"})
    uri = open_article(client, project)
    diagnostics = by_rule(client.diagnostics(uri))
    due = diagnostics["review.due-soon"]
    assert due["range"]["start"]["line"] == 2 and due["severity"] == 3  # information
    assert "due 2026-11-20, in 15 days" in due["message"]
    assert client.shutdown() == 0


def test_a_config_error_is_shown_on_the_document(client: Client, project: Path) -> None:
    (project / "reviewer.toml").write_text('selekt = ["notation"]\n', encoding="utf-8")
    start(client, project)
    uri = open_article(client, project)
    [problem] = client.diagnostics(uri)
    assert "selekt" in problem["message"] and problem["severity"] == 1
    assert client.shutdown() == 0


def test_same_findings_as_lint(client: Client, project: Path) -> None:
    """The editor shows what `reviewer lint` reports for the same file, rule by rule and place by place."""
    from click.testing import CliRunner

    from reviewer.cli import cli

    text = (Path(__file__).resolve().parent.parent / "articles" / "hiv-treatment.md").read_text(encoding="utf-8")
    (project / "reviewer.toml").write_text("", encoding="utf-8")
    (project / "hiv.md").write_text(text, encoding="utf-8")
    start(client, project, {"asOf": "2026-11-30"})
    uri = open_article(client, project, "hiv.md")
    shown = sorted((d["code"], d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1)
                   for d in client.diagnostics(uri) if "as `reviewer report` sees it" not in d["message"])
    cwd = os.getcwd()
    try:
        os.chdir(project)
        result = CliRunner().invoke(cli, ["lint", "hiv.md", "--format", "json", "--no-cache", "--as-of",
                                          "2026-11-30", "--fail-on", "never"])
    finally:
        os.chdir(cwd)
    linted = sorted((f["rule"], f["line"], f["column"]) for f in json.loads(result.output)["findings"])
    assert shown == linted and linted
    assert client.shutdown() == 0


def test_without_the_extra_the_command_says_what_to_install(tmp_path: Path) -> None:
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "pygls.py").write_text("raise ImportError('no pygls here')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), str(Path(__file__).resolve().parent.parent)])}
    done = subprocess.run([sys.executable, "-m", "reviewer", "server"], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=WAIT)
    assert done.returncode == 2
    assert "pip install 'reviewer[server]'" in done.stderr


def test_text_files_and_unsaved_buffers_are_linted_other_files_are_not(client: Client, project: Path) -> None:
    start(client, project)
    text_uri = open_article(client, project, "notes.txt", text="TAKING YOUR TABLETS\n\nTake 5.0 mg each morning.\n")
    assert "notation.trailing-zero" in by_rule(client.diagnostics(text_uri))
    client.notify("textDocument/didOpen", {"textDocument": {"uri": "untitled:Untitled-1", "languageId": "markdown",
                                                            "version": 1, "text": "# Doses\n\nTake 5.0 mg.\n"}})
    assert "notation.trailing-zero" in by_rule(client.diagnostics("untitled:Untitled-1"))
    code_uri = (project / "tool.py").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": code_uri, "languageId": "python", "version": 1,
                                                            "text": "x = '5.0 mg'\n"}})
    assert client.request("textDocument/hover", {"textDocument": {"uri": code_uri},
                                                 "position": {"line": 0, "character": 6}}) is None
    client.notify("textDocument/didClose", {"textDocument": {"uri": text_uri}})
    assert client.diagnostics(text_uri) == []  # closing clears its diagnostics
    assert client.shutdown() == 0


def test_a_file_the_config_excludes_shows_nothing(client: Client, project: Path) -> None:
    config = project / "reviewer.toml"
    config.write_text('exclude = ["drafts"]\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    (project / "drafts").mkdir()
    start(client, project)
    draft = open_article(client, project, "drafts/tablets.md", text=ARTICLE)
    assert client.diagnostics(draft) == []
    assert by_rule(client.diagnostics(open_article(client, project)))  # the article itself is linted
    assert client.shutdown() == 0

"""Latency of the editor server: re-linting a 2,000-word article after a one-character change.

    python benchmarks/server_latency.py [--runs 41] [--words 2000]

Two measurements, each the median of --runs edits (after a few warm-up edits):
- **in the server**: the time `reviewer.server.Workspace.analyse` takes for the changed text (what the
  resident server does on each change: parse, every enabled rule, suppressions, the review status), in this
  process, with the linter already built; wall clock and CPU time (the CPU time is what the wall clock would
  be on an idle machine: the work is one thread with no I/O, so on a shared, busy machine read that one);
- **round trip**: `reviewer server` started as a subprocess with --debounce 0, a `textDocument/didChange`
  carrying the one-character edit sent over stdio, until the `publishDiagnostics` for that version arrives
  (JSON-RPC framing and the diagnostics' conversion included).

The article is the bundled sample articles joined until it has --words words (whitespace-separated);
each edit changes one letter in the middle of the article, alternately there and back.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def article(words: int) -> str:
    """Sample articles joined, the last one cut at a paragraph once the text has `words` words."""
    parts, count = [], 0
    for path in sorted((ROOT / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if parts and text.startswith("---\n"):  # one front matter, at the top
            text = text[text.index("\n---\n", 4) + 5:]
        for paragraph in text.split("\n\n"):
            parts.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                return "\n\n".join(parts) + "\n"
    return "\n\n".join(parts) + "\n"


def edits(text: str, runs: int) -> list[str]:
    """Texts that differ from the previous one by one character, in the middle of the article."""
    middle = len(text) // 2
    spot = next(i for i in range(middle, len(text)) if text[i].isalpha() and text[i].islower())
    changed = text[:spot] + ("x" if text[spot] != "x" else "y") + text[spot + 1:]
    return [changed if i % 2 == 0 else text for i in range(runs)]


def in_process(text: str, runs: int, folder: Path) -> tuple[list[float], list[float]]:
    from reviewer.server import Workspace

    workspace = Workspace()
    path = folder / "article.md"
    for warm in edits(text, 5):
        workspace.analyse(path, "article.md", warm)
    times, cpu = [], []
    for version in edits(text, runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        workspace.analyse(path, "article.md", version)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return times, cpu


def frame(message: dict) -> bytes:
    body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
    return f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body


def read_message(stream) -> dict:
    length = 0
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("the server stopped")
        line = line.strip()
        if not line:
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(stream.read(length))


def round_trip(text: str, runs: int, folder: Path) -> list[float]:
    path = folder / "article.md"
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "reviewer", "server", "--debounce", "0"], cwd=folder, env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(message: dict) -> None:
        server.stdin.write(frame(message))
        server.stdin.flush()

    def wait_for(accept) -> dict:
        while True:
            message = read_message(server.stdout)
            if "method" in message and "id" in message:
                send({"id": message["id"], "result": None})
            elif accept(message):
                return message

    try:
        send({"id": 1, "method": "initialize", "params": {"processId": os.getpid(), "rootUri": folder.as_uri(),
                                                          "capabilities": {}}})
        wait_for(lambda m: m.get("id") == 1)
        send({"method": "initialized", "params": {}})
        send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
        wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        times = []
        for version, new_text in enumerate(edits(text, runs + 5), start=2):
            started = time.perf_counter()
            send({"method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version},
                                                                 "contentChanges": [{"text": new_text}]}})
            wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                     and m["params"].get("version") == version)
            times.append(time.perf_counter() - started)
        send({"id": 2, "method": "shutdown", "params": None})
        wait_for(lambda m: m.get("id") == 2)
        send({"method": "exit", "params": {}})
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    return times[5:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=41)
    parser.add_argument("--words", type=int, default=2000)
    args = parser.parse_args()
    text = article(args.words)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        inside, inside_cpu = in_process(text, args.runs, folder)
        trip = round_trip(text, args.runs, folder)
    ms = lambda values: f"{statistics.median(values) * 1000:.1f} ms"  # noqa: E731
    print(f"article: {len(text.split()):,} words, {len(text):,} characters; {args.runs} one-character edits")
    print(f"| measurement | median | fastest | slowest |\n|---|---:|---:|---:|")
    for label, values in (("re-lint in the server (Workspace.analyse), wall clock", inside),
                          ("re-lint in the server (Workspace.analyse), CPU time", inside_cpu),
                          ("didChange -> publishDiagnostics over stdio, --debounce 0", trip)):
        print(f"| {label} | {ms(values)} | {min(values) * 1000:.1f} ms | {max(values) * 1000:.1f} ms |")


if __name__ == "__main__":
    main()

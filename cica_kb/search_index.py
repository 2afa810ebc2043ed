"""Pagefind indexing alongside the build: each page goes to a Pagefind process as soon as it is
rendered, so indexing runs on another core while MkDocs renders the next pages.

This speaks Pagefind's service protocol (`pagefind --service`: base64-encoded JSON messages, each
ended by a comma, answered the same way) as its own Python API does. That API waits a tenth of a
second before reading each answer, which would add 17 minutes to a build of 10,000 pages.
"""

from __future__ import annotations

import base64
import json
import subprocess
import threading
from typing import IO, Any

from pagefind_bin import get_executable

# Permalink signs, edit buttons and the facts list (already filters) are not text to search.
EXCLUDE_SELECTORS = [".headerlink", ".md-content__button", ".kb-facts"]


class IndexingError(Exception):
    """Pagefind refused a page or could not write the index."""


class BackgroundIndexer:
    """One build's search index: `add` each page's HTML, then `finish` writes it into `output_path`."""

    def __init__(self, output_path: str) -> None:
        self._output_path = output_path
        self._process = subprocess.Popen([str(get_executable()), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._answers: dict[int, dict[str, Any]] = {}
        self._answered = threading.Condition()
        self._sent = 0
        self._reader = threading.Thread(target=self._read_answers, name="pagefind", daemon=True)
        self._reader.start()
        self._index_id = self._ask({"type": "NewIndex", "config": {"exclude_selectors": EXCLUDE_SELECTORS}})["index_id"]

    def _send(self, payload: dict[str, Any]) -> int:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        assert self._process.stdin is not None
        self._process.stdin.write(base64.b64encode(message) + b",")
        self._process.stdin.flush()
        return self._sent

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send a message and wait for its answer."""
        message_id = self._send(payload)
        with self._answered:
            self._answered.wait_for(lambda: message_id in self._answers or self._process.poll() is not None)
        answer = self._answers.get(message_id) or {"type": "Error", "message": "Pagefind stopped"}
        if answer["type"] == "Error":
            raise IndexingError(answer.get("message", "unknown error"))
        return answer

    def _read_answers(self) -> None:
        assert self._process.stdout is not None
        for chunk in _messages(self._process.stdout):
            answer = json.loads(base64.b64decode(chunk))
            with self._answered:
                self._answers[answer.get("message_id", -1)] = answer["payload"]
                self._answered.notify_all()
        with self._answered:
            self._answered.notify_all()

    def add(self, url: str, html: str) -> None:
        """Queue a page (its address from the site root, e.g. `/states/kz/`); returns at once."""
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": html, "file_path": None})

    def finish(self) -> int:
        """Write the index files once every page is in, stop Pagefind; the number of pages indexed."""
        try:
            with self._answered:  # every page indexed before the index is written
                self._answered.wait_for(lambda: len(self._answers) >= self._sent or self._process.poll() is not None)
            self._ask({"type": "WriteFiles", "index_id": self._index_id, "output_path": self._output_path})
            refused = [answer.get("message", "") for answer in self._answers.values() if answer["type"] == "Error"]
            if refused:
                raise IndexingError("; ".join(refused[:5]))
            return sum(1 for answer in self._answers.values() if answer["type"] == "IndexedFile")
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop Pagefind without writing anything more."""
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.terminate()
            self._process.wait()
        self._reader.join()


def _messages(stream: IO[bytes]) -> Any:
    """The comma-ended messages of a byte stream, without their commas."""
    pending = b""
    while chunk := stream.read1(1 << 16):  # type: ignore[attr-defined]
        pending += chunk
        *complete, pending = pending.split(b",")
        yield from (message for message in complete if message)

"""The local web the browser tests and the benchmark share: a quiet server for a built site, the preview's
readiness, and the flags Chromium runs with (headless, no network of its own)."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any, Iterator

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# No network here: names other than the local server fail at once instead of waiting for DNS.
OFFLINE_FLAG = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


class _CountingWriter:
    """A response stream that counts the bytes written to the socket."""

    def __init__(self, stream: Any) -> None:
        self.stream, self.count = stream, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.stream.write(data)

    def __getattr__(self, name: str) -> Any:  # flush, close, closed: as the stream's
        return getattr(self.stream, name)


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site quietly; records (path, bytes sent with headers) of every response."""

    served: list[tuple[str, int]] | None = None

    def setup(self) -> None:
        super().setup()
        self.counter = _CountingWriter(self.wfile)
        self.wfile = self.counter  # type: ignore[assignment]  # a stream in all but name

    def handle_one_request(self) -> None:
        before = self.counter.count
        super().handle_one_request()
        if self.served is not None and self.counter.count > before:
            self.served.append((self.path, self.counter.count - before))

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _CompressingHandler(_SiteHandler):
    """As GitHub Pages serves: text gzip'ed for a browser that accepts it (Pagefind's files are gzip already)."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        kind = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and (kind.startswith("text/") or kind in COMPRESSED_TYPES)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


COMPRESSED_TYPES = ("application/javascript", "application/json", "image/svg+xml", "application/xml")


@contextlib.contextmanager
def serving(directory: Path, served: list[tuple[str, int]] | None = None, compress: bool = False) -> Iterator[str]:
    """Serve a built site on a free local port; yields its base URL. Responses are listed in `served`;
    with `compress`, text is gzip'ed as GitHub Pages does."""
    handler = type("Handler", (_CompressingHandler if compress else _SiteHandler,), {"served": served})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def wait_for_preview(base_url: str, limit: float, server: subprocess.Popen[bytes]) -> None:
    """Until the preview serves and says every page is current."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("make serve stopped before its preview was ready")
        try:
            with urllib.request.urlopen(base_url + "preview.json", timeout=5) as response:
                if b'"current"' in response.read():
                    time.sleep(1.0)  # the engine's rebuild of the last staged files
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the preview at {base_url} was not ready within {limit:.0f} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

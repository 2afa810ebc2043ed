"""The preview's one address for every language: a small reverse proxy in front of one engine per language.

`make serve` runs an engine's live server per language (each its own MkDocs project, as in a build), on
ports of their own; this server, on the address the reader opens, sends `/ru/…` to the Russian engine and
everything else to the English one. An engine's live-reload poll (`/livereload/…`, the same path in every
language) goes to the engine of the page that asks, told by its `Referer`. The proxy notes when each language was
last opened, so that after an edit the preview stages the language being read first.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Mapping
from urllib.parse import urlsplit

HOP_BY_HOP = {  # headers of one connection, not of the request
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "proxy-authorization",
    "proxy-authenticate",
}
POLL_SECONDS = 70  # longer than an engine's live-reload poll (60 s)


def upstream_for(path: str, referer: str, folders: Mapping[str, str]) -> str:
    """The language whose engine serves a request: by its path, or for a live-reload poll by its page's."""
    if path.startswith("/livereload/"):
        path = urlsplit(referer).path or "/"
    matching = (language for language, folder in folders.items() if folder and path.startswith(f"/{folder}"))
    return next(matching, next(iter(folders)))


def free_port(host: str) -> int:
    """A port nobody listens on now, for an engine behind the proxy."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class PreviewProxy(ThreadingHTTPServer):
    """The proxy's server, with the moment (`time.monotonic()`) each language's pages were last asked for."""

    opened: dict[str, float]

    def languages_by_reading(self) -> list[str]:
        """Every language, the one whose page was opened last first (the source language first before any)."""
        return sorted(self.opened, key=lambda language: -self.opened[language])


def start_proxy(
    address: tuple[str, int],
    upstreams: Mapping[str, int],
    folders: Mapping[str, str],
) -> PreviewProxy:
    """Serve `address` in a thread, forwarding each request to its language's engine on localhost."""

    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            self._forward()

        def do_HEAD(self) -> None:  # noqa: N802
            self._forward()

        def _forward(self) -> None:
            path = urlsplit(self.path).path
            language = upstream_for(path, self.headers.get("Referer", ""), folders)
            if not path.startswith("/livereload/"):
                server.opened[language] = time.monotonic()
            connection = http.client.HTTPConnection("127.0.0.1", upstreams[language], timeout=POLL_SECONDS)
            headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
            try:
                connection.request(self.command, self.path, headers=headers)
                response = connection.getresponse()
                body = response.read()
            except OSError:
                self.send_error(502, "The preview's engine is starting or has stopped; reload in a moment.")
                return
            finally:
                connection.close()
            self.send_response(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
            pass  # the engines log what they serve

    server = PreviewProxy(address, Forward)
    server.opened = {language: -float(index) for index, language in enumerate(upstreams)}
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

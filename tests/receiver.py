"""A local webhook receiver for tests: a real HTTP server on 127.0.0.1 (port 0), in a thread.

Every request is recorded as it arrives (headers and raw body); the answers are scripted per
path: a status, headers, a delay. `black_hole()` is a port that accepts connections and never
answers, for timeouts.
"""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b"ok"
    delay: float = 0.0


class Receiver:
    def __init__(self, *, default: Reply | None = None) -> None:
        self.default = default or Reply()
        self.requests: list[Received] = []
        self._scripts: dict[str, list[Reply]] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:
                    # The sender died mid-request: like any HTTP server, drop the fragment.
                    self.close_connection = True
                    return
                reply = receiver._record(self.path, dict(self.headers.items()), body)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except OSError:  # the sender gave up (timeout) or was killed
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def script(self, path: str, *replies: Reply) -> None:
        """Answer the next requests to `path` with `replies` in turn, then with the default."""
        with self._lock:
            self._scripts.setdefault(path, []).extend(replies)

    def _record(self, path: str, headers: dict[str, str], body: bytes) -> Reply:
        lowered = {name.lower(): value for name, value in headers.items()}
        with self._lock:
            self.requests.append(Received(path, lowered, body, time.time()))
            script = self._scripts.get(path)
            return script.pop(0) if script else self.default

    def received(self, path: str | None = None) -> list[Received]:
        with self._lock:
            return [r for r in self.requests if path is None or r.path == path]

    def wait_for(self, count: int, *, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.received()) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.received()


@contextmanager
def black_hole() -> Iterator[str]:
    """A URL whose server accepts the connection and then never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
    finally:
        listener.close()

"""`leadpact demo` end to end, as a newcomer runs it: it sets up an embedded database, serves
the sign-in page and the API on a free port with the worker beside it, and on SIGINT (Ctrl-C)
or SIGTERM stops both cleanly."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
READY_SECONDS = 180  # a busy CI machine; the poll returns as soon as the server answers
STOP_SECONDS = 40


class Demo:
    def __init__(self, home: Path, *args: str) -> None:
        env = {**os.environ, "LEADPACT_HOME": str(home), "PYTHONUNBUFFERED": "1"}
        for name in ("LEADPACT_DATABASE_URL", "LEADPACT_REDIS_URL"):
            env.pop(name, None)
        command = [sys.executable, "-m", "leadpact.cli", "demo", "--leads", "30", "--months", "1"]
        self.process = subprocess.Popen(
            [*command, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def worker_pid(self) -> int | None:
        found = re.search(r"Worker started \(pid (\d+)\)", self.output)
        return int(found.group(1)) if found else None

    def wait(self, timeout: float) -> int:
        code = self.process.wait(timeout=timeout)
        self.reader.join(timeout=5)
        return code


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def wait_until_served(demo: Demo, port: int) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        assert demo.process.poll() is None, demo.output
        try:
            if get(port, "/healthz") == 200 and demo.worker_pid():
                return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(f"leadpact demo did not serve within {READY_SECONDS} s:\n{demo.output}")


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A LEADPACT_HOME set up once by `leadpact demo --no-serve`, as a first run does."""
    path = tmp_path_factory.mktemp("demo-home")
    setup = Demo(path, "--no-serve")
    assert setup.wait(timeout=READY_SECONDS) == 0, setup.output
    assert "30 leads" in setup.output
    assert "marta.nowak@leadpact.demo" in setup.output and "leadpact-demo" in setup.output
    assert "/sign-in/" in setup.output
    assert (path / "leadpact.sqlite3").exists()
    yield path


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_demo_serves_the_app_and_the_api_and_stops_cleanly(home: Path, stop: signal.Signals):
    port = free_port()
    demo = Demo(home, "--port", str(port), "--host", "127.0.0.1")
    try:
        wait_until_served(demo, port)
        assert "Reusing the data" in demo.output
        assert get(port, "/admin/login/") == 200
        assert get(port, "/sign-in/") == 200
        # Styled from the first start: the static files are collected before the app is made.
        assert get(port, "/static/web/leadpact.css") == 200
        assert get(port, "/api/v1/openapi.json") == 200
        worker = demo.worker_pid()
        assert worker is not None and is_running(worker)

        demo.process.send_signal(stop)
        assert demo.wait(timeout=STOP_SECONDS) == 0, demo.output
        assert not is_running(worker), "the worker outlived leadpact demo"
        with pytest.raises(OSError):
            get(port, "/healthz")
    finally:
        if demo.process.poll() is None:
            demo.process.kill()
            demo.wait(timeout=10)


def test_reset_refuses_a_database_that_is_not_the_embedded_one(tmp_path: Path):
    env = {
        **os.environ,
        "LEADPACT_HOME": str(tmp_path),
        "LEADPACT_DATABASE_URL": f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "leadpact.cli", "demo", "--reset", "--no-serve"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2
    assert "--reset deletes only the embedded SQLite database" in done.stderr

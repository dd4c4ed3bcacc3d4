"""`legalqa serve` as a real process on a free loopback port, started and waited for: used by
the benchmark, the load test and the end-to-end tests."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

HOST = "127.0.0.1"
SERVE = [sys.executable, "-m", "legalqa", "serve"]
READY_LINE = "Application startup complete."  # uvicorn, once per worker process


class ServerDidNotStart(RuntimeError):
    pass


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    port: int
    pid: int
    log_path: Path
    ready_seconds: float  # from start to every worker answering


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextmanager
def live_server(log_path: Path, *, command: list[str] = SERVE, env: dict[str, str] | None = None,
                workers: int = 1, cwd: Path | None = None, timeout: float = 600) -> Iterator[LiveServer]:
    """Runs `command --host 127.0.0.1 --port <free port> [--workers N]` with its output in
    log_path, yields once every worker has started and /healthz answers 200, and stops it on
    exit. `env` is added to this process's environment. The first start may import the model
    and build the index: hence the long default timeout."""
    port = free_port()
    argv = [*command, "--host", HOST, "--port", str(port)] + (["--workers", str(workers)] if workers > 1 else [])
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:  # its own session: on a timeout the workers are killed with it
        process = subprocess.Popen(argv, cwd=cwd, env={**os.environ, **(env or {})}, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        ready = _wait_until_ready(process, f"http://{HOST}:{port}", workers, log_path, timeout)
        yield LiveServer(f"http://{HOST}:{port}", port, process.pid, log_path, ready)
    finally:
        process.terminate()  # uvicorn's supervisor stops its workers
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def _wait_until_ready(process: subprocess.Popen, base_url: str, workers: int, log_path: Path,
                      timeout: float) -> float:
    started = time.monotonic()
    while True:
        log = log_path.read_text("utf-8", "replace")
        if process.poll() is not None:
            raise ServerDidNotStart(f"server exited with {process.returncode}:\n{log[-3000:]}")
        if log.count(READY_LINE) >= workers:
            try:
                if httpx.get(f"{base_url}/healthz", timeout=10).status_code == 200:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
        if time.monotonic() - started > timeout:
            raise ServerDidNotStart(f"server not ready after {timeout:.0f}s:\n{log[-3000:]}")
        time.sleep(0.2)

"""`legalqa serve` as a real subprocess on a free loopback port, for end-to-end tests."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

import httpx
import pytest

from legalqa.settings import PROJECT_ROOT

START_TIMEOUT = 600  # the first start may import the model and build the index


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(log_name: str, **env_extra: str):
    """Yields the base URL once /healthz answers; the server log goes to var/<log_name>."""
    port = free_port()
    env = {**os.environ, "LEGALQA_HOST": "127.0.0.1", "LEGALQA_PORT": str(port),
           "LEGALQA_INDEX_DIR": str(PROJECT_ROOT / "var" / "test-index"), **env_extra}
    log_path = PROJECT_ROOT / "var" / log_name
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "legalqa", "serve"], cwd=PROJECT_ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited ({proc.returncode}):\n{log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server not healthy after {START_TIMEOUT}s:\n{log_path.read_text()[-3000:]}")
            time.sleep(1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

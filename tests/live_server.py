"""`legalqa serve` for end-to-end tests: the real model, the test index in var/test-index and
the server log in var/<log_name>."""

from contextlib import contextmanager

from conftest import PROJECT_ROOT
from legalqa.live_server import live_server

START_TIMEOUT = 600  # the first start may import the model and build the index


@contextmanager
def running_server(log_name: str, **env: str):
    """Yields the base URL once the server answers; `env` adds or overrides LEGALQA_ settings."""
    env = {"LEGALQA_INDEX_DIR": str(PROJECT_ROOT / "var" / "test-index"), **env}
    with live_server(PROJECT_ROOT / "var" / log_name, env=env, cwd=PROJECT_ROOT, timeout=START_TIMEOUT) as server:
        yield server.base_url

"""One process at a time: an exclusive lock on a file beside what is being built."""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive_lock(target: Path) -> Iterator[None]:
    """Held while building `target` (the index or model directory); other processes wait.
    The lock file is `.<name>.lock` beside it and stays there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{target.name}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

"""Progress bars for the long first-run steps, the model import and the index build: drawn on
stderr when it is a terminal (the first `make run`), with tqdm's rate and estimate of the time
left; nothing when stderr is a file or a pipe (a service log), where each step writes one line
when it starts and one when it is done instead of a bar redrawn many times a second."""

import sys

from tqdm import tqdm


def progress_bar(total: int, description: str, unit: str) -> tqdm:
    """A bar to `update(n)` as work is done; a no-op unless stderr is a terminal."""
    return tqdm(total=total, desc=description, unit=unit, unit_scale=True, file=sys.stderr,
                disable=not sys.stderr.isatty(), dynamic_ncols=True, mininterval=0.5)

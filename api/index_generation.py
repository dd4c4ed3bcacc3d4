"""Every worker serves the newest index generation. When the manifest in LEGALQA_INDEX_DIR changes
(an admin rebuild in another worker or replica, `legalqa build-index` in another process), the
next request this worker serves loads the new index and library and swaps them in, as the admin
rebuild does in the worker that answered it. The check is a stat of the manifest, at most once a
second; the embedding model already loaded is reused."""

import logging
import os
import threading
import time
from pathlib import Path

from fastapi import FastAPI

from legalqa.index import IndexUnusable, read_manifest
from legalqa.service import open_service
from legalqa.settings import Settings

CHECK_INTERVAL_SECONDS = 1.0
log = logging.getLogger("legalqa.index")


def _signature(manifest: Path) -> tuple[int, int, int] | None:
    """Changes whenever the manifest is written or its directory swapped; None while it is missing
    (between the two renames of a swap)."""
    try:
        stat = os.stat(manifest)
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


class IndexGeneration:
    def __init__(self, settings: Settings, interval: float = CHECK_INTERVAL_SECONDS):
        self.settings = settings
        self.interval = interval
        self._manifest = settings.index_dir / "manifest.json"
        self._seen = _signature(self._manifest)
        self._checked_at = float("-inf")
        self._lock = threading.Lock()  # one check at a time; other requests go on with the served index

    def follow(self, app: FastAPI) -> None:
        """Swaps the index on disk in when it is another generation than the one `app` serves."""
        now = time.monotonic()
        if now - self._checked_at < self.interval or not self._lock.acquire(blocking=False):
            return
        try:
            self._checked_at = now
            signature = _signature(self._manifest)
            served = app.state.service
            if signature is None or signature == self._seen or served is None:
                return
            self._seen = signature  # a generation that cannot be loaded is not tried again every second
            try:
                if read_manifest(self.settings.index_dir) == served.index.manifest:
                    return  # written by this worker's own rebuild, already served
                app.state.service = open_service(self.settings, embedder=served.embedder, build=False,
                                                 log=log.info)
            except (IndexUnusable, OSError, ValueError) as exc:
                log.warning("新索引无法载入，继续使用原来的索引 / could not load the new index generation, "
                            "serving the previous one: %s", exc)
                return
            log.info("已切换到新索引 / now serving the index built at %s",
                     app.state.service.index.manifest.get("built_at"))
        finally:
            self._lock.release()

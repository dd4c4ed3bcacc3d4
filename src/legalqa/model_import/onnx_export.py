"""The imported model as ONNX, for legalqa.onnx_encoder.

Written once, offline, into ``<model folder>/onnx/`` by ``ensure_model`` (under its lock) during
set-up; never at query time. Recipe: torch's ONNX exporter over the folder's BertModel with its
plain ("eager") attention (inputs input_ids and attention_mask, output the last hidden state;
pooling stays in the encoder); onnxruntime's transformer optimizer then fuses each layer's
attention, layer norms and GELU into single operators (a third faster on long passages than the
graph as exported, whose SDPA attention it cannot fuse); float32 throughout but for the
word-embedding table, kept in the float16 the import stored it in and cast after the lookup (the
same numbers; a file of 280 MB instead of 470).

Not int8: onnxruntime's dynamic quantisation (int8 weights per channel) kept the vectors close
(cosine to torch >= 0.995 on every statute article) and halved the time of a query, but lowered
dev Recall@5 from .74 to .71 (docs/benchmark.md), beyond the .01 issue 14 allows.

sentence-transformers' own ONNX backend needs optimum-onnx, whose only release (0.1.0) requires
transformers < 4.58 while sentence-transformers 6.2 requires transformers >= 5: the two cannot be
installed together, so the export is done here with torch directly.

``onnx/export.json`` is written last: it names the weights exported (the sha256 the import
recorded for model.safetensors), the recipe's format and the ONNX file's size and sha256, so an
export of other weights, by an older recipe, or damaged in place is made again."""

import json
import os
import shutil
import tempfile
import time
import warnings
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

ONNX_DIR = "onnx"
ONNX_FILE = "model.onnx"
EXPORT_MARKER = "export.json"
EXPORT_FORMAT = 3  # bump when the recipe changes: an export by an older recipe is made again (1: int8, 2: unfused)
OPSET = 17


def onnx_model_path(folder: Path) -> Path:
    return Path(folder) / ONNX_DIR / ONNX_FILE


def _weights_sha256(folder: Path) -> str | None:
    """The sha256 the import recorded for model.safetensors (checked by import_problem)."""
    from legalqa.model_import.importer import read_marker

    files = (read_marker(folder) or {}).get("files") or {}
    return (files.get("model.safetensors") or {}).get("sha256")


def onnx_problem(folder: Path) -> str | None:
    """Why ``folder`` has no usable ONNX export of its current weights; None when it has one."""
    from legalqa.model_import.importer import sha256_file

    folder = Path(folder)
    try:
        marker = json.loads((folder / ONNX_DIR / EXPORT_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"no ONNX export in {folder / ONNX_DIR} ({EXPORT_MARKER} missing)"
    if not isinstance(marker, dict):
        return f"{EXPORT_MARKER} is not an object"
    if marker.get("weights_sha256") != _weights_sha256(folder):
        return "the ONNX export was made from other weights"
    if marker.get("export_format") != EXPORT_FORMAT:
        return f"the ONNX export is by an older recipe (format {marker.get('export_format')}, now {EXPORT_FORMAT})"
    path = onnx_model_path(folder)
    if not path.is_file() or path.stat().st_size != marker.get("bytes"):
        return f"{path.name} is missing or has another size than when it was exported"
    if sha256_file(path) != marker.get("sha256"):
        return f"{path.name} is damaged (its sha256 differs from the one recorded at export)"
    return None


def export_onnx(folder: Path) -> Path:
    """Write ``folder/onnx/`` (the ONNX model and its marker), replacing any earlier export. Built in
    a temporary directory inside ``folder`` and renamed into place when complete. Callers that may
    run concurrently go through ``ensure_model``, which holds the model folder's lock."""
    from legalqa.model_import.importer import sha256_file

    folder = Path(folder).absolute()
    started = time.monotonic()
    for stale in folder.glob(f".{ONNX_DIR}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a killed export
    tmp = Path(tempfile.mkdtemp(prefix=f".{ONNX_DIR}.tmp-", dir=folder))
    try:
        _export_fp32(folder, tmp / ONNX_FILE)
        _fuse(folder, tmp / ONNX_FILE)
        _word_embeddings_in_half(tmp / ONNX_FILE)
        marker: dict[str, Any] = {
            "weights_sha256": _weights_sha256(folder),
            "export_format": EXPORT_FORMAT,
            "opset": OPSET,
            "precision": "float32, the word-embedding table float16 (as imported)",
            "fused": "attention, skip layer norm, bias GELU (onnxruntime.transformers.optimizer)",
            "libraries": {pkg: metadata.version(pkg) for pkg in ("torch", "transformers", "onnx", "onnxruntime")},
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "build_seconds": round(time.monotonic() - started, 2),
            "bytes": (tmp / ONNX_FILE).stat().st_size,
            "sha256": sha256_file(tmp / ONNX_FILE),
        }
        (tmp / EXPORT_MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        for p in (tmp, *tmp.iterdir()):  # mkdtemp leaves 0700
            os.chmod(p, 0o755 if p.is_dir() else 0o644)
        target = folder / ONNX_DIR
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return onnx_model_path(folder)


def _export_fp32(folder: Path, out: Path) -> None:
    """The folder's BertModel as fp32 ONNX with batch and sequence length free."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    from legalqa.embedder import hub_offline

    hf_logging.disable_progress_bar()  # no "Loading weights" bar in the set-up log

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    with hub_offline():
        model = AutoModel.from_pretrained(str(folder), local_files_only=True, attn_implementation="eager").eval()
    example = torch.ones(2, 8, dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the tracer's notes on shapes taken as constants (checked in the tests)
        torch.onnx.export(LastHiddenState(model), (example, example), str(out), dynamo=False, opset_version=OPSET,
                          input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes})


def _fuse(folder: Path, path: Path) -> None:
    """Each layer's attention, layer norms and GELU as onnxruntime's fused operators. The word
    embeddings stay a Gather of their own (not fused into EmbedLayerNormalization), so that
    _word_embeddings_in_half can keep their table in float16."""
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    options = FusionOptions("bert")
    options.enable_embed_layer_norm = False
    fused = optimize_model(str(path), model_type="bert", num_heads=config["num_attention_heads"],
                           hidden_size=config["hidden_size"], optimization_options=options)
    if fused.get_fused_operator_statistics().get("Attention") != config["num_hidden_layers"]:
        raise RuntimeError(f"onnxruntime fused the attention of {fused.get_fused_operator_statistics()} "
                           f"layers, not of all {config['num_hidden_layers']}: the export's graph has changed")
    fused.save_model_to_file(str(path))


def _word_embeddings_in_half(path: Path) -> None:
    """The largest table looked up by a Gather (the word embeddings) stored as float16 and cast to
    float32 after the lookup. The import stored that table in float16, so nothing changes but the
    size of the file; a table that float16 would change is refused."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    tables = {t.name: t for t in graph.initializer}
    lookups = [n for n in graph.node if n.op_type == "Gather" and n.input[0] in tables]
    gather = max(lookups, key=lambda n: np.prod(tables[n.input[0]].dims))
    table = tables[gather.input[0]]
    values = numpy_helper.to_array(table)
    if not np.array_equal(values.astype(np.float16).astype(values.dtype), values):
        raise RuntimeError(f"the word embeddings {table.name} are not float16 numbers; the export assumes they are")
    table.CopyFrom(numpy_helper.from_array(values.astype(np.float16), table.name))
    looked_up = gather.output[0]
    gather.output[0] = f"{looked_up}_float16"
    cast = helper.make_node("Cast", [gather.output[0]], [looked_up], to=TensorProto.FLOAT, name=f"{gather.name}_cast")
    nodes = list(graph.node)
    nodes.insert(nodes.index(gather) + 1, cast)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))

"""The fast encoder: the exported e5 model run by onnxruntime, its tokenizer by `tokenizers`.

It gives the vectors SentenceTransformer gives for the same folder (its prompts, truncation at
its max_seq_length, mean pooling over the attention mask including the prompt, unit length)
without importing torch, transformers or sentence_transformers, so a `legalqa search` does not
wait for torch to import. The ONNX file is written once, during set-up, by
legalqa.model_import.onnx_export."""

import json
import os
import sys
from pathlib import Path

import numpy as np

from legalqa import openvino_runner
from legalqa.embedder import Kind

# texts per run of the model: on 300 index texts of every length, 8 took ~19 s against ~25 s for 32
# (sentence-transformers' default) and ~21 s for 16, each run in its own process, on these 2 cores
BATCH_SIZE = 8
# passages at a time from which OpenVINO runs them (compiling it takes about a second): the index
# build gives 256 at a time; a search embeds one query
BULK_TEXTS = 64


def mean_pool(hidden: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
    """Unit-length float32 rows: the mean of each text's token vectors where the mask is 1.
    hidden is (texts, tokens, dimension), attention_mask (texts, tokens)."""
    mask = attention_mask[..., None].astype(np.float32)
    summed = (hidden.astype(np.float32) * mask).sum(axis=1)
    mean = summed / np.maximum(mask.sum(axis=1), 1e-9)
    return (mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def length_batches(lengths: list[int], batch_size: int) -> list[list[int]]:
    """Indices of the texts in batches of similar length (longest first), so a batch pads
    little; every index appears exactly once."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    return [order[start:start + batch_size] for start in range(0, len(order), batch_size)]


class OnnxEmbedder:
    """An Embedder over `folder` (a sentence-transformers folder with tokenizer.json) and the
    ONNX file `onnx_file` inside it, whose inputs are input_ids and attention_mask and whose
    first output is the last hidden state."""

    def __init__(self, name: str, folder: Path, onnx_file: Path, batch_size: int = BATCH_SIZE,
                 threads: int | None = None, bulk_by_openvino: bool = True):
        import onnxruntime
        from tokenizers import Tokenizer

        folder = Path(folder)
        self.name = name
        self.batch_size = batch_size
        self._prompts: dict[str, str] = _read_json(folder / "config_sentence_transformers.json").get("prompts") or {}
        max_length = int(_read_json(folder / "sentence_bert_config.json")["max_seq_length"])
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()  # each batch is padded here, to its own longest text
        self._tokenizer.enable_truncation(max_length=max_length)
        self._pad_id = int(_read_json(folder / "config.json")["pad_token_id"])
        options = onnxruntime.SessionOptions()
        self._threads = threads or os.cpu_count() or 1
        self._onnx_file = Path(onnx_file)
        self._bulk_allowed = bulk_by_openvino
        self._bulk: openvino_runner.OpenVinoRunner | None = None
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        # the threads do not spin waiting for the next run: spinning, they held both cores while
        # search's own matrix products (BM25, faiss, numpy) ran right after the encoder
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self.dimension = int(self._session.get_outputs()[0].shape[-1])

    def embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        prompt = self._prompts.get(kind, "")
        encodings = self._tokenizer.encode_batch([prompt + text for text in texts])
        batches = length_batches([len(e.ids) for e in encodings], self.batch_size)
        inputs = [_padded([encodings[i].ids for i in batch], self._pad_id) for batch in batches]
        bulk = self._bulk_runner() if kind == "passage" and len(texts) >= BULK_TEXTS else None
        if bulk is not None:
            hidden_states = bulk.run(inputs)
        else:
            hidden_states = (self._session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
                             for input_ids, mask in inputs)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for batch, (_, mask), hidden in zip(batches, inputs, hidden_states):
            vectors[batch] = mean_pool(hidden, mask)
        return vectors

    def release_bulk(self) -> None:
        """Frees OpenVINO's copy of the model (about 700 MB) once the many passages are embedded,
        so a server that built its index at start-up does not keep it; made again if needed."""
        self._bulk = None

    def _bulk_runner(self) -> "openvino_runner.OpenVinoRunner | None":
        """OpenVINO for many passages when it is installed and allowed, made on first use. Where
        it is missing or cannot compile the model (an unsupported CPU), onnxruntime embeds them, as
        it does everything else, and OpenVINO is not tried again in this process."""
        if self._bulk is None and self._bulk_allowed:
            try:
                self._bulk = openvino_runner.OpenVinoRunner(self._onnx_file, self._threads)
            except ImportError:
                self._bulk_allowed = False
            except RuntimeError as exc:
                print(f"OpenVINO 不可用，改用 onnxruntime / OpenVINO could not run the model, onnxruntime "
                      f"embeds the passages instead: {exc}", file=sys.stderr)
                self._bulk_allowed = False
        return self._bulk


def _padded(token_ids: list[list[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """input_ids and attention_mask for texts padded to the longest."""
    width = max(len(ids) for ids in token_ids)
    input_ids = np.full((len(token_ids), width), pad_id, dtype=np.int64)
    attention_mask = np.zeros((len(token_ids), width), dtype=np.int64)
    for row, ids in enumerate(token_ids):
        input_ids[row, :len(ids)] = ids
        attention_mask[row, :len(ids)] = 1
    return input_ids, attention_mask


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))

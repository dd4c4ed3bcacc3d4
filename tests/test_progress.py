"""Progress of the long first-run steps: a bar with an estimate on a terminal, nothing in a log
file; the index build embeds in chunks under it and gets the same vectors as in one call."""

import io
import sys

import numpy as np
import pytest

from legalqa.index import EMBED_CHUNK, Unit, _embed_with_progress, build_index


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


UNITS = [Unit("article", f"article/测试法/{i}", "", f"第{i}条 劳动者加班" + "工资" * (i % 7), f"测试法 {i}")
         for i in range(EMBED_CHUNK * 2 + 17)]


@pytest.mark.parametrize("stderr,drawn", [(Terminal(), True), (io.StringIO(), False)])
def test_index_build_shows_progress_on_a_terminal_only(monkeypatch, tmp_path, fake_embedder, stderr, drawn):
    monkeypatch.setattr(sys, "stderr", stderr)
    build_index(UNITS, fake_embedder, tmp_path / "index", "digest", log=lambda m: None)
    shown = stderr.getvalue()
    total = len(UNITS)
    assert ("嵌入 embedding: 100%" in shown and f"{total}/{total}" in shown) == drawn
    assert (shown == "") == (not drawn)


def test_embedding_in_chunks_keeps_each_text_with_its_vector(fake_embedder):
    texts = [u.text for u in UNITS]
    vectors = _embed_with_progress(texts, fake_embedder)
    expected = fake_embedder.embed(texts, kind="passage")
    assert set(vectors) == set(texts)
    assert all(np.array_equal(vectors[t], expected[i]) for i, t in enumerate(texts))

"""jieba tokens for BM25: lower-cased, punctuation and stop words dropped."""

import logging
import re
from collections.abc import Iterable
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

_KEEP_RE = re.compile(r"[\w\u4e00-\u9fff]")
STOP_WORDS = frozenset(
    "的 了 和 与 或 及 是 在 有 我 你 他 她 它 我们 你们 他们 吗 呢 吧 啊 呀 么 么样 怎么 怎么办 怎样 如何 什么 "
    "哪些 多少 能 能否 可以 可否 是否 应当 应该 会 要 就 都 也 还 又 被 把 给 对 从 向 以 为 由 等 其 之 "
    "这 那 这个 那个 一个 没有 不 请问 问 一下 个 该 但 并 而 如果 或者 以及 按照 根据 依照 规定 条".split()
)


@lru_cache(maxsize=1)
def _init() -> None:
    jieba.initialize()


def add_words(words: Iterable[str]) -> None:
    """Teach jieba domain terms (law names, statute terms) so they stay one token."""
    _init()
    for w in words:
        if 2 <= len(w) <= 20:
            jieba.add_word(w, freq=20000)
    _tokens.cache_clear()  # a text may cut differently now


def tokens(text: str) -> list[str]:
    return list(_tokens(text))


@lru_cache(maxsize=4096)  # the same expansion terms and questions come back again and again
def _tokens(text: str) -> tuple[str, ...]:
    _init()
    out = []
    for tok in jieba.cut_for_search(text.lower()):
        tok = tok.strip()
        if tok and tok not in STOP_WORDS and _KEEP_RE.search(tok):
            out.append(tok)
    return tuple(out)

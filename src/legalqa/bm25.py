"""Okapi BM25 over a sparse term-document matrix (scipy), saved as .npz + vocabulary."""

import json
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from scipy import sparse


@dataclass
class BM25:
    vocabulary: dict[str, int]
    weights: sparse.csr_matrix  # terms × documents, BM25 term weights (idf × saturated tf)

    @classmethod
    def build(cls, docs_tokens: list[list[str]], k1: float = 1.2, b: float = 0.75) -> "BM25":
        vocabulary: dict[str, int] = {}
        rows, cols, tfs = [], [], []
        # a document without tokens (a unit only embedded, never searched by words) is not counted
        lengths = np.array([len(toks) for toks in docs_tokens], dtype=np.float64)
        counted = lengths[lengths > 0]
        avg_len = counted.mean() if len(counted) else 1.0
        for doc, toks in enumerate(docs_tokens):
            for term, tf in Counter(toks).items():
                rows.append(vocabulary.setdefault(term, len(vocabulary)))
                cols.append(doc)
                tfs.append(tf)
        n_docs = len(docs_tokens)
        tf = np.array(tfs, dtype=np.float64)
        df = np.bincount(np.array(rows, dtype=np.int64), minlength=len(vocabulary)) if rows else np.zeros(0)
        idf = _idf(df, len(counted))
        norm = k1 * (1 - b + b * lengths[np.array(cols, dtype=np.int64)] / avg_len) if cols else np.zeros(0)
        values = idf[np.array(rows, dtype=np.int64)] * tf * (k1 + 1) / (tf + norm) if rows else np.zeros(0)
        weights = sparse.csr_matrix((values, (rows, cols)), shape=(len(vocabulary), n_docs), dtype=np.float32)
        return cls(vocabulary, weights)

    def scores(self, query_tokens: list[str], token_weights: list[float] | None = None) -> np.ndarray:
        n_docs = self.weights.shape[1]
        rows, ws = [], []
        for i, tok in enumerate(query_tokens):
            if tok in self.vocabulary:
                rows.append(self.vocabulary[tok])
                ws.append(token_weights[i] if token_weights else 1.0)
        if not rows:
            return np.zeros(n_docs, dtype=np.float32)
        q = np.asarray(ws, dtype=np.float32)
        return np.asarray(q @ self.weights[rows].toarray(), dtype=np.float32).ravel()

    @cached_property
    def _idf(self) -> np.ndarray:
        counted = int((self.weights.getnnz(axis=0) > 0).sum())  # documents with words
        return _idf(self.weights.getnnz(axis=1), counted)

    def idf(self, term: str) -> float:
        """How rare a term is among the documents (BM25's idf); a term none holds is rarer still."""
        row = self.vocabulary.get(term)
        return float(self._idf[row]) if row is not None else float(np.log(2 + self.weights.shape[1]))

    def shared_weight(self, a: list[str], b: list[str]) -> float:
        """How much two texts' words agree: the idf-weighted Dice overlap of their terms, 0 to 1."""
        first, second = set(a), set(b)
        total = sum(self.idf(t) for t in first) + sum(self.idf(t) for t in second)
        return 2 * sum(self.idf(t) for t in first & second) / total if total else 0.0

    def save(self, directory: Path) -> None:
        sparse.save_npz(directory / "bm25.npz", self.weights)
        (directory / "bm25_vocabulary.json").write_text(json.dumps(self.vocabulary, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, directory: Path) -> "BM25":
        weights = sparse.load_npz(directory / "bm25.npz").tocsr()
        vocabulary = json.loads((directory / "bm25_vocabulary.json").read_text("utf-8"))
        return cls(vocabulary, weights)


def _idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """BM25's idf of terms found in `df` of `n_docs` documents."""
    return np.log(1 + (n_docs - df + 0.5) / (df + 0.5))

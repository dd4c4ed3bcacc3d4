"""An optional cross-encoder that re-orders the first articles of a ranking.

It reads the question and each candidate article together (a cross-encoder), which a bi-encoder
cannot. It is trained on this machine from the local e5 weights by `legalqa train-reranker`
(rerank_train.py) on the project's own pairs, never during set-up or CI, and kept out of git. When
its folder is absent the stage is simply off; the service never needs it.

Only article positions move: the articles among the first RERANK_TOP candidates are re-ordered
among the slots articles held, so cases, guides and a pinned article reference stay where they are.
"""

from pathlib import Path

import numpy as np

RERANK_TOP = 30  # article candidates read by the cross-encoder per question
RANK_CONSTANT = 60  # reciprocal-rank fusion of the first-stage order and the cross-encoder's
MODEL_MARKER = "legalqa_reranker.json"  # written last by the trainer: a folder without it is not a model


def passage_text(law: str, label: str, text: str) -> str:
    """What the cross-encoder reads of an article (the trainer and the service must agree)."""
    return f"{law} {label}：{text}"


class Reranker:
    def __init__(self, path: Path, batch_size: int = 16):
        from sentence_transformers.cross_encoder import CrossEncoder

        from legalqa.embedder import hub_offline

        with hub_offline():
            self.model = CrossEncoder(str(path), device="cpu", local_files_only=True)
        self.path = Path(path)
        self.batch_size = batch_size

    def scores(self, question: str, passages: list[str]) -> np.ndarray:
        if not passages:
            return np.zeros(0, dtype=np.float32)
        pairs = [(question, p) for p in passages]
        return np.asarray(self.model.predict(pairs, batch_size=self.batch_size, show_progress_bar=False),
                          dtype=np.float32)


def reranker_available(path: Path) -> bool:
    return (Path(path) / MODEL_MARKER).is_file()


def load_reranker(path: Path) -> Reranker | None:
    """The trained cross-encoder in `path`, or None when none was trained there."""
    return Reranker(path) if reranker_available(path) else None


def fused_order(first_stage: list[str], scores: np.ndarray) -> list[str]:
    """`first_stage` ids re-ordered by reciprocal-rank fusion of their first-stage position and
    their position by cross-encoder score (ties keep the first-stage order)."""
    by_score = sorted(range(len(first_stage)), key=lambda i: (-scores[i], i))
    fused = {i: 1 / (RANK_CONSTANT + i) for i in range(len(first_stage))}
    for position, i in enumerate(by_score):
        fused[i] += 1 / (RANK_CONSTANT + position)
    return [first_stage[i] for i in sorted(fused, key=lambda i: (-fused[i], i))]


def reorder_slots(targets: list[str], reordered: list[str]) -> list[str]:
    """`targets` with the members of `reordered` put, in that order, into the slots they held."""
    members = set(reordered)
    queue = iter(reordered)
    return [next(queue) if t in members else t for t in targets]

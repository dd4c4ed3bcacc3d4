"""Reviewed legal knowledge as data (knowledge/*.yaml): the everyday-word vocabulary and
plain-language questions written for central articles."""

from dataclasses import dataclass
from pathlib import Path

from legalqa.datafiles import load_yaml


@dataclass(frozen=True)
class ArticleStatus:
    """An article a later rule displaced, wholly or in part (knowledge/article_status.yaml)."""

    id: str
    part: str  # the displaced words, verbatim
    by: tuple[str, ...]  # the articles that govern instead
    note: str


@dataclass(frozen=True)
class VocabularyEntry:
    colloquial: tuple[str, ...]
    statute_terms: tuple[str, ...]


def load_vocabulary(knowledge_dir: Path) -> list[VocabularyEntry]:
    path = knowledge_dir / "vocabulary.yaml"
    if not path.exists():
        return []
    entries = load_yaml(path.read_text("utf-8")) or []
    return [VocabularyEntry(tuple(map(str, e.get("colloquial", []))), tuple(map(str, e.get("statute_terms", []))))
            for e in entries if e.get("colloquial") and e.get("statute_terms")]


def load_article_status(knowledge_dir: Path) -> dict[str, ArticleStatus]:
    path = knowledge_dir / "article_status.yaml"
    if not path.exists():
        return {}
    return {str(e["id"]): ArticleStatus(str(e["id"]), str(e.get("part") or ""), tuple(map(str, e.get("by") or [])),
                                        str(e.get("note") or ""))
            for e in load_yaml(path.read_text("utf-8")) or []}


def load_labour_terms(knowledge_dir: Path) -> tuple[str, ...]:
    """Words that mark a labour or social-insurance question (knowledge/labour_terms.yaml)."""
    path = knowledge_dir / "labour_terms.yaml"
    if not path.exists():
        return ()
    return tuple(str(t) for t in (load_yaml(path.read_text("utf-8")) or {}).get("terms", []))


def article_question_files(knowledge_dir: Path) -> list[Path]:
    """knowledge/article_questions.yaml (the central articles) and knowledge/article_questions/*.yaml
    (every article a worker may need, one file per law)."""
    return _central_question_files(knowledge_dir) + _more_question_files(knowledge_dir)


def _central_question_files(knowledge_dir: Path) -> list[Path]:
    path = knowledge_dir / "article_questions.yaml"
    return [path] if path.exists() else []


def _more_question_files(knowledge_dir: Path) -> list[Path]:
    return sorted((knowledge_dir / "article_questions").glob("*.yaml"))


def _questions_by_article(paths: list[Path]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in paths:
        for entry in load_yaml(path.read_text("utf-8")) or []:
            out.setdefault(str(entry["article"]), []).extend(str(q) for q in entry.get("questions", []))
    return out


def load_article_questions(knowledge_dir: Path) -> dict[str, list[str]]:
    """The questions written for the central articles (knowledge/article_questions.yaml)."""
    return _questions_by_article(_central_question_files(knowledge_dir))


def load_more_article_questions(knowledge_dir: Path) -> dict[str, list[str]]:
    """The questions for every other article, by law (knowledge/article_questions/): the stage
    more_article_questions, off by default (docs/retrieval.md)."""
    return _questions_by_article(_more_question_files(knowledge_dir))


def expand_query(query: str, vocabulary: list[VocabularyEntry]) -> list[str]:
    """For each vocabulary entry whose everyday words occur in the query: its statute terms,
    then its other everyday words (cases are written in plain words: 辞工 → 辞职)."""
    terms: list[str] = []
    for entry in vocabulary:
        if any(word in query for word in entry.colloquial):
            for term in (*entry.statute_terms, *(w for w in entry.colloquial if len(w) >= 2)):
                if term not in terms and term not in query:
                    terms.append(term)
    return terms

"""The hand-written article questions (knowledge/article_questions.yaml and knowledge/article_questions/*.yaml):
every entry names an article that exists and that a later rule has not displaced whole, holds 2-5 questions, and no question is filed twice."""

import re
import unicodedata
from collections import Counter

import pytest

from conftest import PROJECT_ROOT
from legalqa.datafiles import load_yaml
from legalqa.knowledge import article_question_files, load_article_status
from legalqa.library import Library
from legalqa.settings import Settings

KNOWLEDGE = PROJECT_ROOT / "knowledge"
FILES = article_question_files(KNOWLEDGE)


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(Settings())


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _entries(path):
    return load_yaml(path.read_text("utf-8")) or []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_entry_names_an_article_in_force_with_two_to_five_questions(path, library):
    displaced = load_article_status(KNOWLEDGE)
    problems = []
    for entry in _entries(path):
        article, questions = str(entry["article"]), entry.get("questions") or []
        if article not in library.statutes.articles:
            problems.append(f"{article}: no such article")
        elif article in displaced and _compact(displaced[article].part) == _compact(library.statutes.articles[article].text):
            problems.append(f"{article}: displaced whole ({displaced[article].note})")
        if not 2 <= len(questions) <= 5:
            problems.append(f"{article}: {len(questions)} questions (2-5)")
        if entry.get("reviewed") is not False:
            problems.append(f"{article}: new entries are reviewed: false")
    assert problems == []


def test_no_question_is_filed_twice():
    questions = Counter(str(q) for path in FILES for e in _entries(path) for q in e.get("questions") or [])
    assert [q for q, n in questions.items() if n > 1] == []

"""The hand-written article questions (knowledge/article_questions.yaml and knowledge/article_questions/*.yaml):
every entry names an article that exists and holds 2-5 questions, and no question is filed twice. (A displaced
article may have questions: search shows it with the note naming the rule in force, and answers never quote it.)"""

from collections import Counter

import pytest

from conftest import PROJECT_ROOT
from legalqa.datafiles import load_yaml
from legalqa.knowledge import article_question_files
from legalqa.library import Library
from legalqa.settings import Settings

KNOWLEDGE = PROJECT_ROOT / "knowledge"
FILES = article_question_files(KNOWLEDGE)


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(Settings())


def _entries(path):
    return load_yaml(path.read_text("utf-8")) or []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_entry_names_an_article_with_two_to_five_questions(path, library):
    problems = []
    for entry in _entries(path):
        article, questions = str(entry["article"]), entry.get("questions") or []
        if article not in library.statutes.articles:
            problems.append(f"{article}: no such article")
        if not 2 <= len(questions) <= 5:
            problems.append(f"{article}: {len(questions)} questions (2-5)")
        if entry.get("reviewed") is not False:
            problems.append(f"{article}: new entries are reviewed: false")
    assert problems == []


def test_no_question_is_filed_twice():
    questions = Counter(str(q) for path in FILES for e in _entries(path) for q in e.get("questions") or [])
    assert [q for q, n in questions.items() if n > 1] == []

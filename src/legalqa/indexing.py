"""What the index holds and keeping it current: units from the library (statute articles,
case sections, article questions, guides with their everyday phrasings and narrower questions) and ensure_index, which
builds the index, under a lock, when it is missing or stale."""

import time
from pathlib import Path

from legalqa.embedder import Embedder
from legalqa.index import Unit, build_index, corpus_hash, stale_reason
from legalqa.knowledge import load_article_questions, load_more_article_questions
from legalqa.library import Library
from legalqa.locking import exclusive_lock
from legalqa.settings import Settings

SHORT_SECTION_CHARS = 80


def index_units(library: Library, article_questions: dict[str, list[str]],
                more_questions: dict[str, list[str]] | None = None) -> list[Unit]:
    units: list[Unit] = []
    for law in library.statutes.laws.values():
        for art in law.articles:
            if library.statutes.articles.get(art.id) is not art:
                continue  # a repeated number inside one document: only the first is addressable
            head = f"{law.title} {art.label}"
            units.append(Unit("article", art.id, "", f"{head}\n{art.text}", f"{law.name} {art.text}"))
    for case in library.cases.values():
        units.append(Unit("case_section", case.id, "标题", case.title, case.title))
        short: list[str] = []  # a few words ("申请人请求：…") look like any question: keep them together
        for section in case.sections:
            if len(section.text) < SHORT_SECTION_CHARS:
                short.append(f"{section.name}：{section.text}")
                continue
            text = f"{case.title}\n{section.name}：{section.text}"
            units.append(Unit("case_section", case.id, section.name, text, text))
        if short:
            text = "\n".join([case.title, *short])
            units.append(Unit("case_section", case.id, "标题", text, text))
    for aid, questions in article_questions.items():
        if aid in library.statutes.articles:
            units.extend(Unit("article_question", aid, "", q, q) for q in questions)
    for aid, questions in (more_questions or {}).items():
        if aid in library.statutes.articles:
            # embedded only: by words they would shift every other unit's BM25 statistics, stage on or off
            units.extend(Unit("article_question_more", aid, "", q, "") for q in questions)
    for guide in library.guides.values():
        head = f"{guide.title}\n{' '.join(guide.topics)}"
        units.append(Unit("guide", guide.id, "", head, head))
        # each everyday phrasing on its own: a worker's question is as short as one of them
        units.extend(Unit("guide_phrasing", guide.id, "", p, p) for p in guide.phrasings)
        # a narrower question and its other phrasings: the section names the question, for the answer
        # (embedded only: matched within the guide by meaning, never searched by words or ranked)
        units.extend(Unit("guide_question", guide.id, q.ask, a, "") for q in guide.questions for a in q.asked)
    return units


def library_units(library: Library, knowledge_dir: Path) -> list[Unit]:
    """The index units of the library and the article questions filed in knowledge_dir."""
    return index_units(library, load_article_questions(knowledge_dir), load_more_article_questions(knowledge_dir))


def ensure_index(settings: Settings, library: Library, embedder: Embedder, log=print) -> str:
    """Builds the index when missing or stale; returns what was done, for the log."""
    units = library_units(library, settings.knowledge_dir)
    digest = corpus_hash(units)
    if stale_reason(settings.index_dir, digest, embedder.name) is None:
        return "index current"
    with exclusive_lock(settings.index_dir):  # one build at a time per index directory
        # another process may have built it while this one waited for the lock
        reason = stale_reason(settings.index_dir, digest, embedder.name)
        if reason is None:
            return "index current (built by another process)"
        log(f"重建索引 / rebuilding index: {reason}")
        started = time.perf_counter()
        build_index(units, embedder, settings.index_dir, digest, log=log)
    return f"index built in {time.perf_counter() - started:.1f}s ({reason})"

"""Assemble the search service: load the library, make sure the index is current
(build it when missing or stale), load the embedding model once."""

import time

from legalqa.embedder import Embedder, load_embedder
from legalqa.index import IndexUnusable, Unit, build_index, corpus_hash, load_index, stale_reason
from legalqa.knowledge import load_article_questions, load_vocabulary
from legalqa.library import Library
from legalqa.locking import exclusive_lock
from legalqa.search import SearchService, Stages
from legalqa.settings import Settings
from legalqa.tokens import add_words


SHORT_SECTION_CHARS = 80


def index_units(library: Library, article_questions: dict[str, list[str]]) -> list[Unit]:
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
    for guide in library.guides.values():
        head = f"{guide.title}\n{' '.join(guide.topics)}"
        units.append(Unit("guide", guide.id, "", head, head))
        # each everyday phrasing on its own: a worker's question is as short as one of them
        units.extend(Unit("guide_phrasing", guide.id, "", p, p) for p in guide.phrasings)
    return units


def teach_tokenizer(library: Library, settings: Settings) -> None:
    words = [law.name for law in library.statutes.laws.values()]
    for entry in load_vocabulary(settings.knowledge_dir):
        words.extend(entry.statute_terms)
        words.extend(entry.colloquial)
    add_words(words)


def ensure_index(settings: Settings, library: Library, embedder: Embedder, log=print) -> str:
    """Builds the index when missing or stale; returns what was done, for the log."""
    units = index_units(library, load_article_questions(settings.knowledge_dir))
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


def stages_from_settings(settings: Settings) -> Stages:
    off = {s.strip() for s in settings.disabled_stages.split(",") if s.strip()}
    unknown = off - set(Stages.names())
    if unknown:
        raise ValueError(f"LEGALQA_DISABLED_STAGES names unknown stages: {sorted(unknown)}; "
                         f"known: {Stages.names()}")
    return Stages(**{name: name not in off for name in Stages.names()})


def open_service(settings: Settings, embedder: Embedder | None = None, build: bool = True,
                 log=print) -> SearchService:
    library = Library.load(settings)
    for error in library.errors:
        log(f"跳过损坏的文件 / skipped broken file: {error}")
    teach_tokenizer(library, settings)
    embedder = embedder or load_embedder(settings.model, settings.model_dir)
    if build:
        log(ensure_index(settings, library, embedder, log=log))
    else:
        units = index_units(library, load_article_questions(settings.knowledge_dir))
        reason = stale_reason(settings.index_dir, corpus_hash(units), embedder.name)
        if reason:
            raise IndexUnusable(f"索引不可用 / index not usable: {reason}. Run `legalqa build-index`.")
    try:
        index = load_index(settings.index_dir)
    except IndexUnusable as exc:
        if not build:
            raise
        log(f"索引损坏，重建 / index damaged, rebuilding: {exc}")
        (settings.index_dir / "manifest.json").unlink(missing_ok=True)
        log(ensure_index(settings, library, embedder, log=log))
        index = load_index(settings.index_dir)
    return SearchService(library, index, embedder, load_vocabulary(settings.knowledge_dir),
                         stages_from_settings(settings))

"""One case, one statute article or one dispute guide as the API, the web page and the chatbot tools show them:
the text with its source and the citation links around it."""

from legalqa.errors import NotFound
from legalqa.guides import Exclusion, Guide, cite_sentences
from legalqa.library import Library
from legalqa.schemas import (ArticleOut, CaseOut, FollowUp, FollowUpOption, GuideCalculator, GuideExclusion, GuideOut,
                             GuideQuestionOut, GuideSentence, GuideSummary, GuideVariant, NextStep, SectionOut)
from legalqa.service import article_url


def case_view(library: Library, case_id: str) -> CaseOut:
    """The case `case/<slug>` (or the bare slug), with the articles it cites and the cases citing them too."""
    slug = case_id.removeprefix("case/")
    case = library.case(slug)
    if case is None:
        raise NotFound(f"没有找到案例「{slug}」/ no case '{slug}'")
    cites = library.case_cites.get(case.id, [])
    related = [cid for cid, ids in library.case_cites.items() if cid != case.id and set(ids) & set(cites)]
    return CaseOut(id=case.id, slug=case.slug, title=case.title, topic=case.topic, kind=case.kind,
                   law_firm=case.law_firm, source=case.source, cited_regulations=list(case.cited_regulations),
                   sections=[SectionOut(name=s.name, text=s.text) for s in case.sections], cites=cites,
                   related=related, url=f"/cases/{case.slug}")


def law_name(library: Library, written: str) -> str | None:
    """The corpus's short name for a law as a person writes it: 劳动合同法, 中华人民共和国劳动合同法,
    《劳动合同法》 or its 文号 all name 劳动合同法."""
    name = written.strip().removeprefix("《").removesuffix("》").strip()
    return name if name in library.statutes.laws else library.matcher.resolve(name)


def article_view(library: Library, law: str, number: int) -> ArticleOut:
    """Article `number` of `law` (short or full name, with or without 《》), with its law's status and
    source and the cases citing it."""
    name = law_name(library, law)
    if name is None:
        raise NotFound(f"法规库中没有「{law}」/ no law named '{law}' in the corpus")
    art = library.article(name, number)
    if art is None:
        raise NotFound(f"「{name}」没有第{number}条 / '{name}' has no article {number}")
    doc = library.statutes.laws[art.law]
    displaced = library.article_status.get(art.id)
    return ArticleOut(id=art.id, law=art.law, article=art.number, label=art.label, law_title=doc.title,
                      chapter=art.chapter, text=art.text, status=doc.status, effective=doc.effective,
                      doc_number=doc.doc_number, excerpt=doc.is_excerpt, source=dict(doc.meta.get("source") or {}),
                      cited_by=library.article_cited_by.get(art.id, []),
                      neighbours=[a.id for a in library.statutes.neighbours(art)], url=article_url(art.law, art.number),
                      status_note=displaced.note if displaced else None,
                      superseded_by=list(displaced.by) if displaced else [])


def guide_summary(guide: Guide) -> GuideSummary:
    return GuideSummary(id=guide.id, slug=guide.slug, title=guide.title, topics=list(guide.topics),
                        reviewed=guide.reviewed, url=guide.url, api_url=f"/api/v1/guides/{guide.slug}")


def guide_view(library: Library, slug: str) -> GuideOut:
    """The dispute guide `guide/<slug>` (or the bare slug) whole: every answer variant, facts, steps."""
    guide = library.guide(slug)
    if guide is None:
        raise NotFound(f"没有找到维权指南「{slug}」/ no guide '{slug}'")
    variants = sorted(guide.variants, key=lambda v: len(v.conditions))
    return GuideOut(
        **guide_summary(guide).model_dump(), last_checked=guide.last_checked, phrasings=list(guide.phrasings),
        answer=[GuideVariant(conditions=dict(v.conditions),
                             sentences=[GuideSentence(text=s.text, source_ids=list(s.source_ids)) for s in v.sentences])
                for v in variants],
        questions=[GuideQuestionOut(question=q.ask, phrasings=list(q.phrasings),
                                    sentences=[GuideSentence(text=s.text, source_ids=list(s.source_ids))
                                               for s in q.sentences])
                   for q in guide.questions],
        facts=[FollowUp(key=f.key, question=f.question,
                        options=[FollowUpOption(value=o.value, fact=f"{f.key}={o.value}") for o in f.options])
               for f in guide.facts],
        next_steps=[NextStep(text=s.text, who=s.who, deadline=s.deadline, source_ids=list(s.source_ids),
                             bring=list(s.bring)) for s in guide.next_steps],
        evidence=list(guide.evidence), calculators=[GuideCalculator(name=c.name, inputs=c.inputs) for c in guide.calculators],
        articles=list(guide.articles), related_cases=list(guide.related_cases),
        not_for=[_exclusion_out(e) for e in guide.not_for])


def _exclusion_out(exclusion: Exclusion) -> GuideExclusion:
    sentences, uncited = cite_sentences(exclusion.why)
    return GuideExclusion(text="".join([s.text for s in sentences] + uncited),
                          source_ids=[i for s in sentences for i in s.source_ids], instead=list(exclusion.instead))

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path

from api.deps import ServiceDep
from legalqa.library import Library
from legalqa.schemas import ArticleOut, CaseOut, SectionOut
from legalqa.search import article_url

router = APIRouter(tags=["library"])


def case_out(library: Library, slug: str) -> CaseOut:
    case = library.case(slug)
    if case is None:
        raise HTTPException(status_code=404, detail=f"没有找到案例「{slug}」/ no case '{slug}'")
    cites = library.case_cites.get(case.id, [])
    related = [cid for cid, ids in library.case_cites.items() if cid != case.id and set(ids) & set(cites)]
    return CaseOut(id=case.id, slug=case.slug, title=case.title, topic=case.topic, kind=case.kind,
                   law_firm=case.law_firm, source=case.source, cited_regulations=list(case.cited_regulations),
                   sections=[SectionOut(name=s.name, text=s.text) for s in case.sections], cites=cites,
                   related=related, url=f"/cases/{case.slug}")


def article_out(library: Library, law: str, n: int) -> ArticleOut:
    art = library.article(law, n)
    if art is None:
        if law not in library.corpus.laws:
            raise HTTPException(status_code=404, detail=f"法规库中没有「{law}」/ no law named '{law}' in the corpus")
        raise HTTPException(status_code=404, detail=f"「{law}」没有第{n}条 / '{law}' has no article {n}")
    doc = library.corpus.laws[art.law]
    return ArticleOut(id=art.id, law=art.law, article=art.number, label=art.label, law_title=doc.title,
                      chapter=art.chapter, text=art.text, status=doc.status, effective=doc.effective,
                      doc_number=doc.doc_number, excerpt=doc.is_excerpt, source=dict(doc.meta.get("source") or {}),
                      cited_by=library.article_cited_by.get(art.id, []),
                      neighbours=[a.id for a in library.corpus.neighbours(art)], url=article_url(art.law, art.number))


@router.get("/cases/{slug:path}", response_model=CaseOut, summary="One case with its sections and citations")
def get_case(service: ServiceDep, slug: Annotated[str, Path(max_length=200, description="slug or case/<slug>")]):
    return case_out(service.library, slug.removeprefix("case/"))


@router.get("/articles/{law}/{n}", response_model=ArticleOut, summary="One statute article")
def get_article(service: ServiceDep,
                law: Annotated[str, Path(max_length=200, description="short law name", examples=["劳动合同法"])],
                n: Annotated[int, Path(ge=1, le=100000, description="article number", examples=[47])]):
    return article_out(service.library, law, n)

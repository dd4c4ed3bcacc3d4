"""The statutes: regulations/*.md (and regulations/excerpts/*.md) parsed into articles.

A file is YAML front matter + markdown: `#` title, `##`/`###` chapter headings, one paragraph
per 款/项, each article starting with "第X条". Notices without 第X条 are split at their
"一、" items; excerpts may number passages "【摘录N】".
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from legalqa.datafiles import DataFileError, document_paths, load_yaml, read_document, read_front_matter
from legalqa.numerals import CHINESE_NUMERAL_CHARS, chinese_to_int

_ARTICLE_RE = re.compile(rf"^第([{CHINESE_NUMERAL_CHARS}\d]+)条[\s　]*")
_EXCERPT_RE = re.compile(r"^【摘录(\d+)】\s*")
_ITEM_RE = re.compile(rf"^([{CHINESE_NUMERAL_CHARS}]+)、")
_SPC_INTERPRETATIONS = {
    "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）": "劳动争议解释（一）",
    "最高人民法院关于审理劳动争议案件适用法律问题的解释（二）": "劳动争议解释（二）",
}


def short_law_name(title: str) -> str:
    title = title.strip()
    if title in _SPC_INTERPRETATIONS:
        return _SPC_INTERPRETATIONS[title]
    return title.removeprefix("中华人民共和国")


@dataclass(frozen=True)
class Article:
    law: str  # short name, e.g. 劳动合同法
    number: int
    label: str  # as printed: 第四十七条, 第1条, 一、, 摘录1
    chapter: str
    text: str  # the article's paragraphs joined by "\n", exactly as in the source

    @property
    def id(self) -> str:
        return article_id(self.law, self.number)


def article_id(law: str, number: int) -> str:
    return f"article/{law}/{number}"


@dataclass(frozen=True)
class Law:
    name: str  # short name, unique in the corpus
    title: str
    meta: dict[str, Any]
    path: Path
    articles: tuple[Article, ...] = field(default=())

    @property
    def status(self) -> str:
        return str(self.meta.get("status", ""))

    @property
    def effective(self) -> str:
        return str(self.meta.get("effective", ""))

    @property
    def doc_number(self) -> str:
        return str(self.meta.get("doc_number", "") or "")

    @property
    def is_excerpt(self) -> bool:
        return bool(self.meta.get("excerpt"))

    def aliases(self) -> list[str]:
        names = {self.name, self.title, self.title.removeprefix("中华人民共和国")}
        if self.doc_number:
            names.add(self.doc_number.replace(" ", ""))
        names.update(str(a) for a in self.meta.get("aliases", []) or [])
        return sorted(names, key=len, reverse=True)


def parse_law(path: Path, name: str | None = None) -> Law:
    front = read_front_matter(path.read_text(encoding="utf-8"), path)
    meta = front.meta
    title = str(meta.get("title") or "").strip()
    if not title:
        raise DataFileError(path, 2, "front matter has no title")
    law_name = name or short_law_name(title)
    paragraphs = [(front.body_line + i, p.strip()) for i, p in enumerate(front.body) if p.strip()]
    has_articles = any(_ARTICLE_RE.match(p) or _EXCERPT_RE.match(p) for _, p in paragraphs)

    articles: list[Article] = []
    chapter_by_level: dict[int, str] = {}
    current: dict[str, Any] | None = None

    def flush() -> None:
        if current:
            articles.append(Article(law_name, current["number"], current["label"],
                                    current["chapter"], "\n".join(current["lines"])))

    def chapter() -> str:
        return " / ".join(chapter_by_level[k] for k in sorted(chapter_by_level))

    for _line_no, para in paragraphs:
        heading = re.match(r"^(#{1,6})\s*(.*)$", para)
        if heading:
            level, heading_text = len(heading.group(1)), heading.group(2).strip()
            if level == 1:
                continue
            item = _ITEM_RE.match(heading_text)
            if not has_articles and item:
                flush()
                chapter_by_level = {k: v for k, v in chapter_by_level.items() if k < level}
                current = {"number": chinese_to_int(item.group(1)), "label": item.group(0),
                           "chapter": chapter(), "lines": [heading_text]}
                continue
            flush()
            current = None
            chapter_by_level = {k: v for k, v in chapter_by_level.items() if k < level}
            chapter_by_level[level] = re.sub(r"\s+", " ", heading_text)
            continue
        if m := _ARTICLE_RE.match(para):
            flush()
            current = {"number": chinese_to_int(m.group(1)), "label": m.group(0).strip(),
                       "chapter": chapter(), "lines": [para]}
        elif m := _EXCERPT_RE.match(para):
            flush()
            current = {"number": int(m.group(1)), "label": f"摘录{m.group(1)}",
                       "chapter": chapter(), "lines": [para[m.end():]]}
        elif (item := _ITEM_RE.match(para)) and (not has_articles or len(para) < 40 and para[-1] not in "。；："):
            if has_articles:  # a short "一、…" line in a document with articles is a heading
                flush()
                current = None
                chapter_by_level = {k: v for k, v in chapter_by_level.items() if k < 9}
                chapter_by_level[9] = para
            else:
                flush()
                current = {"number": chinese_to_int(item.group(1)), "label": item.group(0),
                           "chapter": chapter(), "lines": [para]}
        elif current is not None:
            current["lines"].append(para)
    flush()
    return Law(name=law_name, title=title, meta=meta, path=path, articles=tuple(articles))


RENUMBERED_FILE = "renumbered_articles.yaml"


@dataclass(frozen=True)
class Renumbering:
    """A revision that renumbered a law's articles (regulations/renumbered_articles.yaml)."""
    revised: str  # ISO date the revision was promulgated
    old_to_current: dict[int, int]


@dataclass
class Statutes:
    """Every statute file read (laws, regulations, notices, excerpts) and their articles."""
    laws: dict[str, Law]
    articles: dict[str, Article]
    errors: list[DataFileError] = field(default_factory=list)
    renumberings: dict[str, list[Renumbering]] = field(default_factory=dict)  # by law name

    def get(self, law: str, number: int) -> Article | None:
        return self.articles.get(article_id(law, number))

    def neighbours(self, article: Article, span: int = 1) -> list[Article]:
        found = [self.get(article.law, article.number + d) for d in range(-span, span + 1) if d]
        return [a for a in found if a is not None]

    def current_number(self, law: str, number: int, cited_in: Law) -> int:
        """Today's number of `law` 第number条 as `cited_in` cites it: a document promulgated
        before a renumbering revision cites the old text's numbers."""
        issued = str(cited_in.meta.get("promulgated") or "")[:10]
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", issued):
            return number
        for revision in sorted(self.renumberings.get(law, []), key=lambda r: r.revised):
            if issued < revision.revised:
                number = revision.old_to_current.get(number, number)
        return number


def load_renumberings(path: Path) -> dict[str, list[Renumbering]]:
    if not path.exists():
        return {}
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    return {law: [Renumbering(str(r["revised"]), {int(k): int(v) for k, v in r["old_to_current"].items()})
                  for r in revisions]
            for law, revisions in data.items()}


def load_statutes(regulations_dir: Path) -> Statutes:
    """All statute files; a broken file is reported in .errors and skipped, never fatal."""
    laws: dict[str, Law] = {}
    errors: list[DataFileError] = []

    def parse(path: Path) -> Law:
        law = parse_law(path)
        if law.name in laws:  # an older version with the same title: name it by its file
            law = parse_law(path, name=short_law_name(path.stem))
        if not law.articles:
            raise DataFileError(path, 1, "no articles found (expected paragraphs starting 第X条)")
        return law

    for path in document_paths(regulations_dir, "*.md", "excerpts/*.md"):
        law = read_document(path, parse)
        if isinstance(law, DataFileError):
            errors.append(law)
            continue
        laws[law.name] = law
    articles: dict[str, Article] = {}
    for law in laws.values():
        for art in law.articles:
            # repeated numbers (e.g. a notice restarting 一、 under a new part) keep the first
            articles.setdefault(art.id, art)
    return Statutes(laws=laws, articles=articles, errors=errors,
                  renumberings=load_renumberings(regulations_dir / RENUMBERED_FILE))

"""Find statute references in text: 《…》第X条, 文号 (粤人社规〔2023〕17号), "前述规定第十一条".

Used both to link cases to the articles they cite and to read a reference typed in a query
("劳动合同法第47条", "第四十七条").
"""

import re
from dataclasses import dataclass

from legalqa.numerals import CHINESE_NUMERAL_CHARS, chinese_to_int
from legalqa.regulations import Statutes, Law

_NUM = rf"[{CHINESE_NUMERAL_CHARS}\d]+"
_ARTICLE_LIST_RE = re.compile(rf"第({_NUM})条((?:\s*(?:、|，|,|和|及|与|至|到)\s*第?{_NUM}条)*)")
_MORE_RE = re.compile(rf"(、|，|,|和|及|与|至|到)\s*第?({_NUM})条")
_BOOK_RE = re.compile(r"《([^《》]{2,80})》")
_DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fa5]{1,8}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号")
_ANAPHORA_RE = re.compile(r"(前述|上述|该|本)(规定|办法|文件|条例|法)$")
# how far before an article number a document name may stand and still own it
_OWNER_WINDOW = 12


@dataclass(frozen=True)
class Citation:
    law: str  # short law name in the corpus
    article: int | None  # None: the document is cited without an article
    start: int  # offset in the text


def normalise_doc_number(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return text.translate(str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "(": "〔", ")": "〕",
                                         "（": "〔", "）": "〕"}))


class LawMatcher:
    """Resolves a document name or 文号 as written to one of the statutes."""

    def __init__(self, statutes: Statutes):
        self._by_alias: dict[str, str] = {}
        for law in statutes.laws.values():
            for alias in law.aliases():
                self._by_alias.setdefault(normalise_doc_number(alias), law.name)
        # longest first, so 劳动合同法实施条例 wins over 劳动合同法
        self.aliases = sorted(self._by_alias, key=len, reverse=True)
        self._alias_re = re.compile("|".join(re.escape(a) for a in self.aliases)) if self.aliases else None

    def resolve(self, name: str) -> str | None:
        name = normalise_doc_number(name)
        if name in self._by_alias:
            return self._by_alias[name]
        inner = re.findall(r"[〈<]([^〈〉<>]+)[〉>]", name)  # 《关于印发〈X〉的通知》 names X
        for candidate in inner:
            if (found := self.resolve(candidate)) is not None:
                return found
        for alias in self.aliases:  # a name that contains exactly one known law name
            if len(alias) >= 4 and alias in name:
                return self._by_alias[alias]
        return None

    def find_mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, law) for every law name or 文号 written in the text (without 《》 too)."""
        found: list[tuple[int, int, str]] = []
        taken: list[tuple[int, int]] = []
        for m in _BOOK_RE.finditer(text):
            if (law := self.resolve(m.group(1))) is not None:
                found.append((m.start(), m.end(), law))
            taken.append((m.start(), m.end()))
        for m in _DOC_NUMBER_RE.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            if (law := self.resolve(m.group(0))) is not None:
                found.append((m.start(), m.end(), law))
                taken.append((m.start(), m.end()))
        if self._alias_re is not None:
            squeezed = text
            for m in self._alias_re.finditer(squeezed):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                found.append((m.start(), m.end(), self._by_alias[m.group(0)]))
        return sorted(found)


def find_citations(text: str, matcher: LawMatcher) -> list[Citation]:
    mentions = matcher.find_mentions(text)
    citations: list[Citation] = []
    last_with_article: str | None = None
    used_mentions: set[int] = set()
    for m in _ARTICLE_LIST_RE.finditer(text):
        numbers = _numbers_of(m)
        before = text[max(0, m.start() - _OWNER_WINDOW): m.start()]
        owner = None
        if _ANAPHORA_RE.search(before.rstrip()):  # "前述规定第十一条"
            owner = last_with_article
        else:
            for i, (start, end, law) in enumerate(mentions):
                if end <= m.start() and m.start() - end <= _OWNER_WINDOW and not re.search(r"[。；]", text[end:m.start()]):
                    owner, owner_index = law, i
            if owner is not None:
                used_mentions.add(owner_index)
        if owner is None:
            continue
        last_with_article = owner
        citations.extend(Citation(owner, n, m.start()) for n in numbers)
    for i, (start, _end, law) in enumerate(mentions):
        if i not in used_mentions:
            citations.append(Citation(law, None, start))
    return sorted(citations, key=lambda c: c.start)


def _numbers_of(m: re.Match) -> list[int]:
    numbers = [chinese_to_int(m.group(1))]
    for more in _MORE_RE.finditer(m.group(2) or ""):
        n = chinese_to_int(more.group(2))
        if more.group(1) in "至到" and n > numbers[-1]:
            numbers.extend(range(numbers[-1] + 1, n + 1))
        else:
            numbers.append(n)
    return numbers


def cited_article_ids(text: str, matcher: LawMatcher, statutes: Statutes) -> list[str]:
    """Article ids cited in text, in order of first mention. A document cited without an
    article links to all its passages only when it is an excerpt (it holds just what is cited)."""
    ids: list[str] = []
    for c in find_citations(text, matcher):
        if c.article is not None:
            art = statutes.get(c.law, c.article)
            candidates = [art.id] if art else []
        else:
            law: Law = statutes.laws[c.law]
            candidates = [a.id for a in law.articles] if law.is_excerpt else []
        ids.extend(a for a in candidates if a not in ids)
    return ids


def statute_citations(statutes: Statutes, matcher: LawMatcher) -> dict[str, list[str]]:
    """Article id → the articles of other laws in the corpus that it cites, each time it cites
    them; an older document's article numbers are read as today's (Statutes.current_number)."""
    links: dict[str, list[str]] = {}
    for art in statutes.articles.values():
        for c in find_citations(art.text, matcher):
            if c.article is None or c.law == art.law:
                continue
            target = statutes.get(c.law, statutes.current_number(c.law, c.article, statutes.laws[art.law]))
            if target is not None:
                links.setdefault(art.id, []).append(target.id)
    return links


@dataclass(frozen=True)
class QueryReference:
    law: str | None
    article: int


def parse_query_reference(query: str, matcher: LawMatcher) -> list[QueryReference]:
    """'劳动合同法第47条' -> [(劳动合同法, 47)]; a bare '第四十七条' -> [(None, 47)]."""
    refs: list[QueryReference] = []
    mentions = matcher.find_mentions(query)
    for m in _ARTICLE_LIST_RE.finditer(query):
        owner = None
        for start, end, law in mentions:
            if end <= m.start():
                owner = law
        refs.extend(QueryReference(owner, n) for n in _numbers_of(m))
    return refs

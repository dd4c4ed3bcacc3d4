"""Dispute guides: guides/*.md parsed into what a worker can act on (see guides/README.md).

A guide holds a short answer in variants chosen by key facts, ordered next steps, an evidence
list and calculator offers. Every answer sentence carries the article ids it rests on; `problems()`
checks a guide against the statute corpus (ids resolve, quotations are verbatim, variants use
defined facts), and the test suite runs it over every guide.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from legalqa.datafiles import DataFileError, document_paths, read_front_matter
from legalqa.regulations import Statutes

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_VARIANT_HEADING = re.compile(r"^##\s*简要回答\s*(?:[（(](?P<conds>[^）)]*)[）)])?\s*$")
_QUESTION_HEADING = re.compile(r"^##\s*问[:：]\s*(?P<ask>\S.*?)\s*$")
_ALSO_ASKED = re.compile(r"^也会这样问[:：]\s*(?P<phrasings>.*)$")
_CITE_GROUP = re.compile(r"\[([^\[\]]+)\]")
_SENTENCE_END = "。！？!?"
REQUIRED_FIELDS = ("slug", "title", "topics", "phrasings", "articles", "facts", "next_steps", "evidence",
                   "last_checked", "reviewed")
HOTLINE_WHO = ("12348", "12351")  # a plain hotline referral may cite no article
MAX_FACTS = 5
MAX_QUESTION_SENTENCES = 4


class GuideFileError(ValueError):
    def __init__(self, path: Path, message: str):
        super().__init__(f"{path}: {message}")
        self.path, self.message = path, message


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def article_ref(ref: str) -> str:
    """`劳动合同法/42` or `article/劳动合同法/42` → `article/劳动合同法/42`."""
    ref = ref.strip()
    return ref if ref.startswith("article/") else f"article/{ref}"


@dataclass(frozen=True)
class Sentence:
    text: str  # without its citation group
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Variant:
    conditions: tuple[tuple[str, str], ...]  # (fact key, value), all must hold
    sentences: tuple[Sentence, ...]
    uncited: tuple[str, ...] = ()  # text with no citation after it: a problem, reported by problems()

    @property
    def label(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.conditions)


@dataclass(frozen=True)
class GuideQuestion:
    """A narrower question within the guide's dispute (e.g. "公司安排加班，我能不能拒绝？") with the
    rule that decides it: the answer leads with it when the worker asks just that."""
    ask: str
    phrasings: tuple[str, ...]  # other ways a worker asks the same, for retrieval
    sentences: tuple[Sentence, ...]
    uncited: tuple[str, ...] = ()

    @property
    def asked(self) -> tuple[str, ...]:
        return (self.ask, *self.phrasings)


@dataclass(frozen=True)
class FactOption:
    value: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    key: str
    question: str
    options: tuple[FactOption, ...]

    def read(self, text: str) -> str | None:
        """The option whose cue appears in the text, if exactly one option's does."""
        hits = [o.value for o in self.options if any(re.search(c, text) for c in o.cues)]
        return hits[0] if len(hits) == 1 else None


@dataclass(frozen=True)
class Exclusion:
    """A neighbouring situation the guide's answer does not govern, told by the worker's words."""
    cues: tuple[str, ...]  # regexes; any one in the question (after NFKC) excludes the guide
    instead: tuple[str, ...]  # slugs of the guides that do cover it, if any
    why: str  # for editors: what governs instead, with article ids

    def hits(self, text: str) -> bool:
        return any(re.search(c, text) for c in self.cues)


@dataclass(frozen=True)
class Step:
    text: str
    who: str
    deadline: str | None
    source_ids: tuple[str, ...]
    bring: tuple[str, ...]


@dataclass(frozen=True)
class CalculatorOffer:
    name: str
    inputs: dict[str, Any]


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    topics: tuple[str, ...]
    phrasings: tuple[str, ...]
    articles: tuple[str, ...]
    calculators: tuple[CalculatorOffer, ...]
    related_cases: tuple[str, ...]
    facts: tuple[Fact, ...]
    next_steps: tuple[Step, ...]
    evidence: tuple[str, ...]
    last_checked: str
    reviewed: bool
    variants: tuple[Variant, ...]
    path: Path
    not_for: tuple[Exclusion, ...] = ()
    questions: tuple[GuideQuestion, ...] = ()

    @property
    def id(self) -> str:
        return f"guide/{self.slug}"

    @property
    def url(self) -> str:
        return f"/guides/{self.slug}"

    @property
    def default(self) -> Variant:
        return next(v for v in self.variants if not v.conditions)

    def read_facts(self, text: str) -> dict[str, str]:
        """Facts the worker's own words settle (e.g. 怀孕 → pregnant=是)."""
        text = nfkc(text)
        found = {}
        for fact in self.facts:
            value = fact.read(text)
            if value is not None:
                found[fact.key] = value
        return found

    def excluded_by(self, text: str) -> Exclusion | None:
        """The first `not_for` entry the worker's words match: the guide does not answer them."""
        text = nfkc(text)
        return next((e for e in self.not_for if e.hits(text)), None)

    def select(self, facts: dict[str, str]) -> Variant:
        """The variant whose conditions all hold, the most specific first; else the default."""
        fitting = [v for v in self.variants if all(facts.get(k) == val for k, val in v.conditions)]
        return max(fitting, key=lambda v: len(v.conditions))

    def question(self, ask: str | None) -> GuideQuestion | None:
        return next((q for q in self.questions if q.ask == ask), None)

    def open_facts(self, facts: dict[str, str]) -> list[Fact]:
        """The key facts not yet known, to ask the worker."""
        return [f for f in self.facts if f.key not in facts]

    def built_on(self, article_id: str) -> bool:
        """Whether the article is the one its front matter names first: the guide explains it."""
        return self.articles[:1] == (article_id,)

    def cited_ids(self) -> set[str]:
        ids = set(self.articles)
        for part in (*self.variants, *self.questions):
            for sentence in part.sentences:
                ids.update(sentence.source_ids)
        for step in self.next_steps:
            ids.update(step.source_ids)
        return ids


def cite_sentences(body: str) -> tuple[list[Sentence], list[str]]:
    """Splits a paragraph into sentences each followed by `[id, id]`; returns the sentences and
    any text left without a citation. A 。 inside “…” does not end a sentence."""
    sentences, uncited = [], []
    pos = 0
    for match in _CITE_GROUP.finditer(body):
        chunk = body[pos:match.start()].strip()
        pos = match.end()
        ids = tuple(article_ref(r) for r in re.split(r"[,，;；]", match.group(1)) if r.strip())  # 、 is in law names
        parts = _split_outside_quotes(chunk)
        if not parts:
            uncited.append(f"[{match.group(1)}] 前没有句子")
            continue
        uncited.extend(parts[:-1])  # every sentence needs its own citation
        sentences.append(Sentence(parts[-1], ids))
    tail = body[pos:].strip()
    if tail:
        uncited.append(tail)
    return sentences, uncited


def _split_outside_quotes(text: str) -> list[str]:
    parts, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "“「『":
            depth += 1
        elif ch in "”」』":
            depth = max(0, depth - 1)
        elif ch in _SENTENCE_END and depth == 0:
            piece = text[start:i + 1].strip()
            if piece:
                parts.append(piece)
            start = i + 1
    tail = text[start:].strip()
    if tail:
        parts.append(tail)  # a sentence without an ending mark still counts as one
    return parts


def _conditions(raw: str | None, path: Path) -> tuple[tuple[str, str], ...]:
    if not raw:
        return ()
    out = []
    for part in re.split(r"[,，、]", raw):
        if "=" not in part:
            raise GuideFileError(path, f"变体条件「{part.strip()}」应写成 key=值")
        key, value = (s.strip() for s in part.split("=", 1))
        out.append((key, value))
    return tuple(sorted(out))


def _sections(body: str, path: Path) -> tuple[tuple[Variant, ...], tuple[GuideQuestion, ...]]:
    """The answer variants (`## 简要回答…`) and the narrower questions (`## 问：…`) of a guide body."""
    variants, questions = [], []
    heading, lines = None, []

    def flush():
        if heading is None:
            return
        kind, value = heading
        if kind == "question" and lines and (also := _ALSO_ASKED.match(lines[0].strip())):
            phrasings = tuple(p.strip() for p in re.split(r"[；;]", also.group("phrasings")) if p.strip())
            text = "\n".join(lines[1:]).strip()
        else:
            phrasings, text = (), "\n".join(lines).strip()
        sentences, uncited = cite_sentences(text)
        if kind == "variant":
            variants.append(Variant(value, tuple(sentences), tuple(uncited)))
        else:
            questions.append(GuideQuestion(value, phrasings, tuple(sentences), tuple(uncited)))

    for line in body.splitlines():
        variant, question = _VARIANT_HEADING.match(line.strip()), _QUESTION_HEADING.match(line.strip())
        if variant or question or line.startswith("## "):
            flush()
            lines = []
            heading = (("variant", _conditions(variant.group("conds"), path)) if variant
                       else ("question", question.group("ask")) if question else None)
        elif heading is not None:
            lines.append(line)
    flush()
    if not any(not v.conditions for v in variants):
        raise GuideFileError(path, "缺少默认的「## 简要回答」一节")
    return tuple(variants), tuple(questions)


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        value = [value]
    return tuple(str(v) for v in value)


def parse_guide(path: Path) -> Guide:
    try:
        front = read_front_matter(path.read_text(encoding="utf-8"), path)
    except DataFileError as exc:
        raise GuideFileError(path, exc.message) from None
    meta, body = front.meta, "\n".join(front.body)
    missing = [f for f in REQUIRED_FIELDS if f not in meta]
    if missing:
        raise GuideFileError(path, f"front matter lacks {', '.join(missing)}")
    facts = tuple(
        Fact(str(f["key"]), str(f["question"]),
             tuple(FactOption(str(o["value"]), _strings(o.get("cues"))) for o in f.get("options") or []))
        for f in meta.get("facts") or [])
    steps = tuple(
        Step(str(s["text"]), str(s.get("who") or ""), (str(s["deadline"]) if s.get("deadline") else None),
             tuple(article_ref(i) for i in _strings(s.get("source_ids"))), _strings(s.get("bring")))
        for s in meta.get("next_steps") or [])
    exclusions = tuple(Exclusion(_strings(e.get("cues")), _strings(e.get("instead")), str(e.get("why") or ""))
                       for e in meta.get("not_for") or [])
    offers = tuple(CalculatorOffer(str(c["name"]), dict(c.get("inputs") or {})) for c in meta.get("calculators") or [])
    variants, questions = _sections(body, path)
    return Guide(
        slug=str(meta["slug"]), title=str(meta["title"]), topics=_strings(meta.get("topics")),
        phrasings=_strings(meta.get("phrasings")), articles=tuple(article_ref(a) for a in _strings(meta.get("articles"))),
        calculators=offers, related_cases=_strings(meta.get("related_cases")), facts=facts, next_steps=steps,
        evidence=_strings(meta.get("evidence")), last_checked=str(meta["last_checked"]),
        reviewed=bool(meta["reviewed"]), variants=variants, path=path, not_for=exclusions,
        questions=questions)


def guide_files(guides_dir: Path) -> list[Path]:
    return document_paths(guides_dir, "*.md")


def load_guides(guides_dir: Path) -> tuple[dict[str, Guide], list[str]]:
    """All guides by slug, and the files skipped (path: reason); a broken file is never fatal."""
    guides, errors = {}, []
    for path in guide_files(guides_dir):
        try:
            guide = parse_guide(path)
        except (GuideFileError, KeyError, TypeError, OSError, UnicodeDecodeError) as exc:
            errors.append(f"{path}: {exc}")
            continue
        if guide.slug in guides:
            errors.append(f"{path}: slug {guide.slug} also used by {guides[guide.slug].path}")
            continue
        guides[guide.slug] = guide
    return guides, errors


def _quotes(text: str) -> list[str]:
    return re.findall(r"“([^“”]+)”", text)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", nfkc(text))


def problems(guide: Guide, statutes: Statutes, case_ids: set[str] | None = None,
             calculator_names: set[str] | None = None, displaced: set[str] | None = None,
             guide_slugs: set[str] | None = None) -> list[str]:
    """Everything wrong with a guide, as sentences an editor can act on; empty when it is fine."""
    out = []
    if guide.slug != guide.path.stem or not SLUG_RE.match(guide.slug):
        out.append(f"slug「{guide.slug}」应与文件名相同，只用小写字母、数字和连字符")
    if guide.reviewed:
        out.append("新写的指南应为 reviewed: false，律师审核后才能改")
    if len(guide.facts) > MAX_FACTS:
        out.append(f"关键事实最多 {MAX_FACTS} 个")
    if not guide.next_steps:
        out.append("没有下一步")
    if not guide.phrasings:
        out.append("没有工人的问法（phrasings）")

    def check_ids(ids, where):
        for aid in ids:
            if aid not in statutes.articles:
                out.append(f"{where}: 条文 {aid} 在法规库中找不到")
            elif displaced and aid in displaced:
                out.append(f"{where}: 条文 {aid} 已被其他规定取代，不能作为现行规则引用")

    check_ids(guide.articles, "articles")
    facts = {f.key: {o.value for o in f.options} for f in guide.facts}
    for fact in guide.facts:
        for option in fact.options:
            for cue in option.cues:
                try:
                    re.compile(cue)
                except re.error as exc:
                    out.append(f"关键事实 {fact.key}={option.value} 的 cue「{cue}」不是合法的正则：{exc}")
    for i, exclusion in enumerate(guide.not_for, 1):
        where = f"not_for 第{i}项"
        if not exclusion.cues:
            out.append(f"{where}: 没有 cues")
        for cue in exclusion.cues:
            try:
                re.compile(cue)
            except re.error as exc:
                out.append(f"{where}: cue「{cue}」不是合法的正则：{exc}")
                continue
            own = (*guide.phrasings, *(a for q in guide.questions for a in q.asked))
            if hit := next((p for p in own if re.search(cue, nfkc(p))), None):
                out.append(f"{where}: cue「{cue}」排除了本指南自己的问法「{hit}」")
        if not _CITE_GROUP.search(exclusion.why):
            out.append(f"{where}: why 应说明改由哪条规定调整，并以 [条文 id] 结尾")
        for ids in _CITE_GROUP.findall(exclusion.why):
            check_ids([article_ref(i) for i in ids.split(",")], where)
        if guide_slugs is not None:
            for slug in exclusion.instead:
                if slug not in guide_slugs or slug == guide.slug:
                    out.append(f"{where}: instead 里的指南 {slug} 不存在")
    def check_sentences(part, where, most):
        count = len(part.sentences) + len(part.uncited)
        if not 1 <= count <= most:
            out.append(f"{where}: 应有 1 到 {most} 句，现有 {count} 句")
        for text in part.uncited:
            out.append(f"{where}: 这句话后面没有注明条文：「{text[:40]}」")
        for sentence in part.sentences:
            check_ids(sentence.source_ids, where)
            cited = [statutes.articles.get(aid) for aid in sentence.source_ids]
            cited_text = "\n".join(_compact(a.text) for a in cited if a is not None)
            for quote in _quotes(sentence.text):
                if _compact(quote) not in cited_text:
                    out.append(f"{where}: 引号内的「{quote}」不是所引条文 {', '.join(sentence.source_ids)} 的原文")

    for variant in guide.variants:
        where = f"简要回答（{variant.label or '默认'}）"
        for key, value in variant.conditions:
            if value not in facts.get(key, set()):
                out.append(f"{where}: 条件 {key}={value} 没有在 facts 中定义")
        check_sentences(variant, where, 6)
    seen_asks: set[str] = set()
    for question in guide.questions:
        where = f"问：{question.ask[:30]}"
        if question.ask in seen_asks:
            out.append(f"{where}: 同一个问题写了两次")
        seen_asks.add(question.ask)
        if not question.ask.endswith(("？", "?")):
            out.append(f"{where}: 问题应以问号结尾")
        check_sentences(question, where, MAX_QUESTION_SENTENCES)
    for i, step in enumerate(guide.next_steps, 1):
        if not step.who:
            out.append(f"下一步第{i}步没有写 who")
        if not step.source_ids and not any(h in step.who for h in HOTLINE_WHO):
            out.append(f"下一步第{i}步没有注明条文（只有 12348、12351 热线求助可以不注）")
        check_ids(step.source_ids, f"下一步第{i}步")
    if case_ids is not None:
        for cid in guide.related_cases:
            if cid not in case_ids:
                out.append(f"related_cases: 没有案例 {cid}")
    if calculator_names is not None:
        for offer in guide.calculators:
            if offer.name not in calculator_names:
                out.append(f"calculators: 没有计算器 {offer.name}")
    return out

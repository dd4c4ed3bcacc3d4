"""Case files: cases/*.md (lawyers' columns from 广东工运) and cases/typical/*.md (official
typical and guiding cases), parsed into titled sections.

A case file is YAML front matter + markdown: `# <title>`, then `## <section>` headings, each
optionally split by `### <sub-section>` (named "<section>·<sub-section>", e.g. 案例拓展·问题).
Paragraphs are separated by blank lines; consecutive lines of one paragraph are joined without
a space (Chinese text). Text before the first `##` (the issue line and keywords of a guiding
case, both also in the front matter) is not a section.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from legalqa.datafiles import DataFileError, FrontMatter, document_paths, read_document, read_front_matter

KINDS = ("magazine", "typical")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*$")


@dataclass(frozen=True)
class Section:
    name: str  # 案件概况 | 回复意见 | 案例拓展·问题 | 案例拓展·回复 | 裁判要点, 基本案情, …
    text: str  # paragraphs joined by "\n"

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n")


@dataclass(frozen=True)
class Case:
    id: str  # "case/<slug>"
    slug: str
    title: str
    topic: str  # one short Chinese word: 辞职, 社保, 高温, 加班, 劳动关系, 竞业限制, …
    kind: str  # "magazine" | "typical"
    law_firm: str | None
    source: dict  # provenance (publication + issue file, or issuer/batch/date + repository/url)
    cited_regulations: list[str]  # document names / 文号 as cited, e.g. 粤人社规〔2023〕17号
    sections: tuple[Section, ...]
    path: Path

    @property
    def text(self) -> str:
        return "\n".join(section.text for section in self.sections)

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)


def _sections(body: list[str], first_line: int, path: Path) -> tuple[str | None, int, list[Section]]:
    """(the `# ` title, its line, sections) of the markdown body."""
    title: str | None = None
    title_line = 0
    blocks: list[dict[str, Any]] = []  # one per ## or ### heading, in order
    section: str | None = None
    pending: list[str] = []  # lines of the paragraph being read

    def end_paragraph() -> None:
        if pending and blocks:
            blocks[-1]["paragraphs"].append("".join(pending))
        pending.clear()

    for offset, raw_line in enumerate(body):
        line_no = first_line + offset
        line = raw_line.strip()
        heading = _HEADING_RE.match(line)
        if not heading:
            if not line:
                end_paragraph()
            elif section is not None:
                pending.append(line)
            continue
        end_paragraph()
        level, name = len(heading.group(1)), heading.group(2)
        if level == 1 and title is None and section is None:
            title, title_line = name, line_no
        elif level == 2:
            section = name
            blocks.append({"name": name, "line": line_no, "paragraphs": [], "subs": 0})
        elif level == 3 and section is not None:
            next(b for b in reversed(blocks) if b["name"] == section)["subs"] += 1
            blocks.append({"name": f"{section}·{name}", "line": line_no, "paragraphs": [], "subs": 0})
        else:
            raise DataFileError(path, line_no, f"unexpected heading '{line}' here")
    end_paragraph()
    for block in blocks:
        if not block["paragraphs"] and not block["subs"]:
            raise DataFileError(path, block["line"], f"section '{block['name']}' has no text")
    sections = [Section(b["name"], "\n".join(b["paragraphs"])) for b in blocks if b["paragraphs"]]
    return title, title_line, sections


def _text_field(front: FrontMatter, key: str, path: Path) -> str:
    value = front.meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(path, front.key_line(key), f"front matter needs '{key}' (a non-empty text)")
    return value.strip()


def parse_case_file(path: Path) -> Case:
    text = path.read_text(encoding="utf-8")
    front = read_front_matter(text, path)
    meta, body_line = front.meta, front.body_line
    title = _text_field(front, "title", path)
    slug = _text_field(front, "slug", path)
    if not _SLUG_RE.match(slug):
        raise DataFileError(path, front.key_line("slug"), f"slug '{slug}' must be lowercase ASCII words joined by '-'")
    case_id = _text_field(front, "id", path)
    if case_id != f"case/{slug}":
        raise DataFileError(path, front.key_line("id"), f"id '{case_id}' must be 'case/{slug}'")
    kind = _text_field(front, "kind", path)
    if kind not in KINDS:
        raise DataFileError(path, front.key_line("kind"), f"kind '{kind}' must be one of {', '.join(KINDS)}")
    topic = _text_field(front, "topic", path)
    if not isinstance(meta.get("source"), dict):
        raise DataFileError(path, front.key_line("source"), "front matter needs 'source' (a mapping)")
    law_firm = meta.get("law_firm")
    if law_firm is not None and not isinstance(law_firm, str):
        raise DataFileError(path, front.key_line("law_firm"), "law_firm must be a text or absent")
    cited = meta.get("cited_regulations") or []
    if not isinstance(cited, list) or not all(isinstance(c, str) for c in cited):
        raise DataFileError(path, front.key_line("cited_regulations"), "cited_regulations must be a list of texts")

    heading, heading_line, sections = _sections(front.body, body_line, path)
    if heading is None:
        raise DataFileError(path, body_line, "missing the '# <title>' heading")
    if heading != title:
        raise DataFileError(path, heading_line, f"heading '# {heading}' differs from the front-matter title '{title}'")
    if not sections:
        raise DataFileError(path, heading_line, "no sections ('## …' headings with text)")

    if kind == "typical":  # issuer, batch and date stand beside the repository/url mapping
        source = {k: meta[k] for k in ("issuer", "batch", "date") if meta.get(k)}
        source.update(meta["source"])
    else:
        source = dict(meta["source"])
    return Case(id=case_id, slug=slug, title=title, topic=topic, kind=kind,
                law_firm=law_firm.strip() if law_firm else None, source=source,
                cited_regulations=list(cited), sections=tuple(sections), path=path)


def load_cases(cases_dir: Path) -> tuple[dict[str, Case], list[DataFileError]]:
    """cases/*.md, then cases/*/*.md, by id in file order, and the files left out: a broken
    file, or a later file with an id already used (named with the file that has it), is
    reported and skipped, never fatal."""
    cases: dict[str, Case] = {}
    errors: list[DataFileError] = []
    for path in document_paths(cases_dir, "*.md", "*/*.md"):
        case = read_document(path, parse_case_file)
        if isinstance(case, DataFileError):
            errors.append(case)
            continue
        if case.id in cases:
            errors.append(DataFileError(path, 1, f"id '{case.id}' is also used by {cases[case.id].path}; "
                                                 "this file is left out"))
            continue
        cases[case.id] = case
    return cases, errors

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

import yaml

KINDS = ("magazine", "typical")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
# files in a cases directory that describe the data rather than hold a case
NOT_CASE_FILES = {"SOURCES.MD", "README.MD", "INDEX.MD"}


class CaseFileError(ValueError):
    """A case file that cannot be read; carries the file and the line of the problem."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


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


def _front_matter(text: str, path: Path) -> tuple[dict[str, Any], list[str], int]:
    """(front matter, its raw lines, number of the first body line)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise CaseFileError(path, 1, "missing YAML front matter (a first line '---')")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    except StopIteration:
        raise CaseFileError(path, 1, "front matter is not closed by a line '---'") from None
    raw = lines[1:end]
    try:
        meta = yaml.safe_load("\n".join(raw))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 2  # +1 for the opening ---, +1 for 1-based
        raise CaseFileError(path, line, f"bad YAML in front matter: {exc}") from None
    if not isinstance(meta, dict):
        raise CaseFileError(path, 2, "front matter must be a YAML mapping")
    return meta, raw, end + 2


def _key_line(raw: list[str], key: str) -> int:
    """File line of a top-level front-matter key (the front matter's first line if absent)."""
    for i, line in enumerate(raw):
        if line.startswith(f"{key}:"):
            return i + 2
    return 1


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
            raise CaseFileError(path, line_no, f"unexpected heading '{line}' here")
    end_paragraph()
    for block in blocks:
        if not block["paragraphs"] and not block["subs"]:
            raise CaseFileError(path, block["line"], f"section '{block['name']}' has no text")
    sections = [Section(b["name"], "\n".join(b["paragraphs"])) for b in blocks if b["paragraphs"]]
    return title, title_line, sections


def _text_field(meta: dict, raw: list[str], key: str, path: Path) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CaseFileError(path, _key_line(raw, key), f"front matter needs '{key}' (a non-empty text)")
    return value.strip()


def parse_case_file(path: Path) -> Case:
    text = path.read_text(encoding="utf-8")
    meta, raw, body_line = _front_matter(text, path)
    title = _text_field(meta, raw, "title", path)
    slug = _text_field(meta, raw, "slug", path)
    if not _SLUG_RE.match(slug):
        raise CaseFileError(path, _key_line(raw, "slug"), f"slug '{slug}' must be lowercase ASCII words joined by '-'")
    case_id = _text_field(meta, raw, "id", path)
    if case_id != f"case/{slug}":
        raise CaseFileError(path, _key_line(raw, "id"), f"id '{case_id}' must be 'case/{slug}'")
    kind = _text_field(meta, raw, "kind", path)
    if kind not in KINDS:
        raise CaseFileError(path, _key_line(raw, "kind"), f"kind '{kind}' must be one of {', '.join(KINDS)}")
    topic = _text_field(meta, raw, "topic", path)
    if not isinstance(meta.get("source"), dict):
        raise CaseFileError(path, _key_line(raw, "source"), "front matter needs 'source' (a mapping)")
    law_firm = meta.get("law_firm")
    if law_firm is not None and not isinstance(law_firm, str):
        raise CaseFileError(path, _key_line(raw, "law_firm"), "law_firm must be a text or absent")
    cited = meta.get("cited_regulations") or []
    if not isinstance(cited, list) or not all(isinstance(c, str) for c in cited):
        raise CaseFileError(path, _key_line(raw, "cited_regulations"), "cited_regulations must be a list of texts")

    heading, heading_line, sections = _sections(text.split("\n")[body_line - 1:], body_line, path)
    if heading is None:
        raise CaseFileError(path, body_line, "missing the '# <title>' heading")
    if heading != title:
        raise CaseFileError(path, heading_line, f"heading '# {heading}' differs from the front-matter title '{title}'")
    if not sections:
        raise CaseFileError(path, heading_line, "no sections ('## …' headings with text)")

    if kind == "typical":  # issuer, batch and date stand beside the repository/url mapping
        source = {k: meta[k] for k in ("issuer", "batch", "date") if meta.get(k)}
        source.update(meta["source"])
    else:
        source = dict(meta["source"])
    return Case(id=case_id, slug=slug, title=title, topic=topic, kind=kind,
                law_firm=law_firm.strip() if law_firm else None, source=source,
                cited_regulations=list(cited), sections=tuple(sections), path=path)


def case_paths(cases_dir: Path) -> list[Path]:
    paths = sorted(cases_dir.glob("*.md")) + sorted((cases_dir / "typical").glob("*.md"))
    return [p for p in paths if p.name.upper() not in NOT_CASE_FILES]


def load_cases(cases_dir: Path) -> list[Case]:
    """cases/*.md and cases/typical/*.md, sorted by id. A broken file or a repeated id raises."""
    cases: dict[str, Case] = {}
    for path in case_paths(cases_dir):
        case = parse_case_file(path)
        if case.id in cases:
            raise CaseFileError(path, 1, f"id '{case.id}' is also used by {cases[case.id].path}")
        cases[case.id] = case
    return [cases[k] for k in sorted(cases)]

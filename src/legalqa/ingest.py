"""Extract the 案例 CASE column of 广东工运 (a union lawyer answers a worker's question) from a
raw text dump of an issue, and write it as a case file (cases/<slug>.md).

Finding a column. A column is the run of section headers 案件概况 → 回复意见 → 案例拓展, each a
line of its own, with or without 【】. Its byline "□ <律师事务所>" and title (one to three short
lines right after the byline) stand either before the 案件概况 header or after the last section.
The last section ends at the first line of page furniture — a running head such as
" / 案例 CASE", " CASE 案例 /" or " LENS 镜头 /", a "□" byline, an "作者单位：" line — or at the
end of the dump. Running heads and bylines inside the column are dropped; the previous article's
"作者单位：…" line and the captions after the column fall outside these bounds.

Rebuilding paragraphs. The dump keeps the magazine's wrapped lines (often with a blank line
after each, which then carries no meaning). Widths are measured in ems: a CJK character or
full-width mark is 1, an ASCII character (digits, %, spaces) ½. The column measure W is the
median width of the lines inside a paragraph: lines that neither end with a closing mark
(。？！…」』”’) nor follow a line that does. A paragraph ends after a line that ends with a closing mark and either
  (a) stops short of the measure: width ≤ W − 1.5, or ≤ W − 3.5 for a paragraph's first line,
      which is indented by 2 ems; or
  (b) is followed by an indented line: width ≤ W − 1.5 and not itself ending with a closing mark;
and after a section's last line. Where blank lines do not simply alternate with text lines, a
blank line also ends a paragraph. Lines of a paragraph are joined without adding anything; text
inside a line is kept exactly (e.g. "粤人社规〔2023〕17 号").

案例拓展 holds labelled paragraphs: "问题：…" and "回复：…" become the sections 案例拓展·问题 and
案例拓展·回复 (the label moves into the heading); unlabelled paragraphs stay in the section
before them.

Slugs. "gdgy-<issue>-<hash6>-<n>" from a dump named "<issue>_<hex hash>.txt": gdgy = 广东工运,
<issue> the file's number, <hash6> the first 6 hex digits of its hash, <n> the column's position
in the dump (1-based), e.g. 000_0e33327127b7fe3f.txt → gdgy-000-0e3332-1. Any other file name:
its lowercase ASCII letters and digits joined by "-", plus the first 6 hex digits of the SHA-1
of the name when it has other characters. Re-ingesting the same dump writes the same files.
"""

import hashlib
import os
import re
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from legalqa.cases import Section

NO_COLUMN_MESSAGE = "未找到案例专栏，未写入任何文件"
# an issue of 广东工运 carries one 案例 column; a text with more than this many is not one issue
MAX_COLUMNS_PER_ISSUE = 10
PUBLICATION = "广东工运"

_HEADER_RE = re.compile(r"^【?(案件概况|回复意见|案例拓展)】?$")
_SECTION_ORDER = ("案件概况", "回复意见", "案例拓展")
# " / 案例 CASE", "/ 案例 CASE", " CASE 案例 /", " LENS 镜头 /": a page's running head
_RUNNING_HEAD_RE = re.compile(r"^(?:/\s*\S{1,6}\s+[A-Z]{2,10}|[A-Z]{2,10}\s+\S{1,6}\s*/)$")
_BYLINE_RE = re.compile(r"^□\s*(\S.*)$")
_AUTHOR_RE = re.compile(r"^作者单位[：:]")
_LABEL_RE = re.compile(r"^(问题|回复)[：:]")
CLOSING_MARKS = "。？！…」』”’"
_INDENT_EMS = 2.0
_SHORT_BY_EMS = 1.5  # a line this much short of the measure does not reach the margin
_MAX_SECTION_LINES = 200  # raw lines from one header to the next
_BYLINE_WINDOW = 12  # raw lines searched before/after the column for the byline
_MAX_TITLE_LINES = 3
_MAX_TITLE_CHARS = 24

# Topic: the word whose keywords the text mentions most (the title counts thrice); ties go to
# the earlier word. An editor may correct the topic in the case file.
TOPIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "辞职": ("辞职",),
    "高温": ("高温",),
    "社保": ("养老保险", "社会保险", "参保", "抚恤", "丧葬补助金"),
    "加班": ("加班",),
    "工伤": ("工伤",),
    "竞业限制": ("竞业限制",),
    "解除": ("解除",),
    "奖金": ("奖金", "年终奖"),
    "劳动关系": ("劳动关系",),
}

_BOOK_RE = re.compile(r"《([^《》]+)》")
_PRINTED_RE = re.compile(r"关于印发[〈<]([^〈〉<>]+)[〉>]的通知")
_DOC_NUMBER_AFTER_RE = re.compile(r"^[（(]\s*([\u4e00-\u9fa5]{1,10}\s*〔\s*\d{4}\s*〕\s*\d+\s*号)\s*[）)]")


@dataclass(frozen=True)
class Column:
    title: str
    law_firm: str | None
    sections: tuple[Section, ...]  # 案件概况, 回复意见, 案例拓展·问题, 案例拓展·回复
    first_line: int  # 1-based lines of the dump spanned by the column, byline and title
    last_line: int

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sections)


def em_width(line: str) -> float:
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in line)


def _closes(line: str) -> bool:
    return bool(line) and line[-1] in CLOSING_MARKS


def column_measure(sections: list[list[str]]) -> float:
    """W: the median width of the lines inside a paragraph — lines that neither end with a
    closing mark nor follow one (those may be a paragraph's last or indented first line)."""
    inner = [em_width(line) for lines in sections for prev, line in zip(lines, lines[1:])
             if not _closes(prev) and not _closes(line)]
    widths = inner or [em_width(line) for lines in sections for line in lines]
    return statistics.median(widths) if widths else 0.0


def rebuild_paragraphs(lines: list[str], measure: float) -> list[str]:
    """Join a section's wrapped lines (no blank lines) into paragraphs; see the module doc."""
    paragraphs: list[str] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        first = not current
        current.append(line)
        if i + 1 == len(lines):
            break
        nxt = lines[i + 1]
        short_at = measure - _SHORT_BY_EMS - (_INDENT_EMS if first else 0.0)
        next_indented = em_width(nxt) <= measure - _SHORT_BY_EMS and not _closes(nxt)
        if _closes(line) and (em_width(line) <= short_at or next_indented):
            paragraphs.append("".join(current))
            current = []
    if current:
        paragraphs.append("".join(current))
    return paragraphs


def _is_furniture(line: str) -> bool:
    return bool(_RUNNING_HEAD_RE.match(line) or _BYLINE_RE.match(line) or _AUTHOR_RE.match(line))


def _header(line: str) -> str | None:
    m = _HEADER_RE.match(line.strip())
    return m.group(1) if m else None


def _section_paragraphs(raw: list[list[str]]) -> list[list[str]]:
    """Per section: raw lines (with blanks) → paragraphs."""
    texts = [[line.strip() for line in section if line.strip() and not _is_furniture(line.strip())]
             for section in raw]
    measure = column_measure(texts)
    double_spaced = all(_alternates(section) for section in raw)
    result = []
    for section in raw:
        blocks: list[list[str]] = [[]]
        for line in section:
            stripped = line.strip()
            if not stripped:
                if not double_spaced and blocks[-1]:
                    blocks.append([])
            elif not _is_furniture(stripped):
                blocks[-1].append(stripped)
        result.append([p for block in blocks if block for p in rebuild_paragraphs(block, measure)])
    return result


def _alternates(lines: list[str]) -> bool:
    """True when every text line is followed by exactly one blank line (a double-spaced dump)."""
    stripped = [line.strip() for line in lines]
    while stripped and not stripped[0]:
        stripped.pop(0)
    while stripped and not stripped[-1]:
        stripped.pop()
    return all(bool(line) == (i % 2 == 0) for i, line in enumerate(stripped))


def _split_extension(paragraphs: list[str]) -> list[Section]:
    sections: list[tuple[str, list[str]]] = []
    for para in paragraphs:
        m = _LABEL_RE.match(para)
        if m:
            sections.append((f"案例拓展·{m.group(1)}", [para[m.end():].strip()]))
        elif sections:
            sections[-1][1].append(para)
        else:
            sections.append(("案例拓展", [para]))
    return [Section(name, "\n".join(paras)) for name, paras in sections]


def _byline_and_title(lines: list[str], start: int, end: int) -> tuple[int, str, list[int]] | None:
    """(byline index, law firm, title line indexes) near the column spanning lines[start:end]."""
    after = range(end, min(len(lines), end + _BYLINE_WINDOW))
    before = range(start - 1, max(-1, start - 1 - _BYLINE_WINDOW), -1)
    for candidates in (after, before):
        for i in candidates:
            line = lines[i].strip()
            if _AUTHOR_RE.match(line) or _header(line):
                break
            if m := _BYLINE_RE.match(line):
                return i, m.group(1).strip(), _title_lines(lines, i + 1)
    return None


def _title_lines(lines: list[str], i: int) -> list[int]:
    while i < len(lines) and not lines[i].strip():
        i += 1
    found: list[int] = []
    while i < len(lines) and len(found) < _MAX_TITLE_LINES:
        line = lines[i].strip()
        if not line or _is_furniture(line) or _header(line) or len(line) > _MAX_TITLE_CHARS:
            break
        found.append(i)
        if _closes(line):
            break
        i += 1
    return found


def find_columns(text: str) -> list[Column]:
    lines = text.replace("\r\n", "\n").split("\n")
    headers = [(i, name) for i, line in enumerate(lines) if (name := _header(line))]
    columns: list[Column] = []
    for k, (start, name) in enumerate(headers):
        if name != _SECTION_ORDER[0]:
            continue
        run = headers[k:k + len(_SECTION_ORDER)]
        if [n for _, n in run] != list(_SECTION_ORDER):
            continue
        if any(b - a > _MAX_SECTION_LINES for (a, _), (b, _) in zip(run, run[1:])):
            continue
        last_header = run[-1][0]
        end = last_header + 1
        while end < len(lines) and end - last_header <= _MAX_SECTION_LINES:
            stripped = lines[end].strip()
            if _is_furniture(stripped) or _header(stripped):
                break
            end += 1
        bounds = [a for a, _ in run] + [end]
        raw = [lines[a + 1:b] for a, b in zip(bounds, bounds[1:])]
        found = _byline_and_title(lines, start, end)
        if found is None or not found[2]:
            raise ValueError(f"line {start + 1}: a 案件概况/回复意见/案例拓展 column without a "
                             f"'□ …律师事务所' byline followed by a title")
        byline, law_firm, title_idx = found
        facts, reply, extension = _section_paragraphs(raw)
        sections = [Section("案件概况", "\n".join(facts)), Section("回复意见", "\n".join(reply))]
        sections += _split_extension(extension)
        if any(not s.text for s in sections):
            raise ValueError(f"line {start + 1}: a column section is empty")
        while end > last_header and not lines[end - 1].strip():
            end -= 1
        columns.append(Column(
            title="".join(lines[i].strip() for i in title_idx),
            law_firm=law_firm,
            sections=tuple(sections),
            first_line=min(start, byline) + 1,
            last_line=max(end, title_idx[-1] + 1),
        ))
    return columns


def issue_key(path: Path) -> str:
    """The ASCII part of a slug that names the dump; see the module doc."""
    stem = path.stem
    if m := re.fullmatch(r"(\d+)_([0-9a-fA-F]{6,})", stem):
        return f"{m.group(1)}-{m.group(2)[:6].lower()}"
    words = re.findall(r"[a-z0-9]+", stem.lower())
    key = "-".join(words)
    if not key or not stem.isascii():
        key = "-".join(filter(None, [key, hashlib.sha1(stem.encode("utf-8")).hexdigest()[:6]]))
    return key


def column_slug(path: Path, index: int) -> str:
    return f"gdgy-{issue_key(path)}-{index}"


def guess_topic(text: str, title: str = "") -> str:
    def score(keywords: tuple[str, ...]) -> int:
        return sum(text.count(k) + 3 * title.count(k) for k in keywords)

    best = max(TOPIC_KEYWORDS, key=lambda topic: score(TOPIC_KEYWORDS[topic]))  # first of equals
    return best if score(TOPIC_KEYWORDS[best]) else "其他"


def cited_documents(text: str) -> list[str]:
    """Documents cited in 《》, in order of first mention: the 文号 when one follows in
    parentheses, else the name ("关于印发〈X〉的通知" names X). Whitespace is dropped so that
    a 文号 reads as an identifier (粤人社规〔2023〕17号); the case text keeps it as printed."""
    found: list[str] = []
    for m in _BOOK_RE.finditer(text):
        number = _DOC_NUMBER_AFTER_RE.match(text[m.end():])
        if number:
            name = number.group(1)
        else:
            printed = _PRINTED_RE.search(m.group(1))
            name = printed.group(1) if printed else m.group(1)
        name = re.sub(r"\s+", "", name)
        if name not in found:
            found.append(name)
    return found


def render_case(column: Column, slug: str, issue_file: str) -> str:
    meta = {
        "id": f"case/{slug}",
        "slug": slug,
        "title": column.title,
        "topic": guess_topic(column.text, column.title),
        "kind": "magazine",
        "source": {"publication": PUBLICATION, "issue_file": issue_file,
                   "lines": f"{column.first_line}-{column.last_line}"},
        "law_firm": column.law_firm,
        "cited_regulations": cited_documents(column.text),
    }
    out = ["---", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000).rstrip("\n"),
           "---", "", f"# {column.title}", ""]
    current = None
    for section in column.sections:
        top, _, sub = section.name.partition("·")
        if top != current:
            out += [f"## {top}", ""]
            current = top
        if sub:
            out += [f"### {sub}", ""]
        for para in section.paragraphs:
            out += [para, ""]
    return "\n".join(out)


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory and a rename: readers see the old file
    or the new one, never a half-written one. Readable by all (0644) like the other case files,
    not 0600 as mkstemp makes it: the service may run as another user."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def ingest_issue(path: Path, cases_dir: Path) -> list[Path]:
    """Write one case file per column of the dump at `path`; [] when it has none (the caller
    then says NO_COLUMN_MESSAGE); ValueError, nothing written, for a text with more columns than
    one issue holds. Existing files of the same slugs are replaced; no other file is touched."""
    columns = find_columns(path.read_text(encoding="utf-8"))
    if not columns:
        return []
    if len(columns) > MAX_COLUMNS_PER_ISSUE:
        raise ValueError(f"找到 {len(columns)} 个案例专栏，一期最多 {MAX_COLUMNS_PER_ISSUE} 个；请逐期导入 / "
                         f"{len(columns)} case columns, more than the {MAX_COLUMNS_PER_ISSUE} one issue can hold: "
                         "ingest one issue at a time")
    cases_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for n, column in enumerate(columns, start=1):
        slug = column_slug(path, n)
        target = cases_dir / f"{slug}.md"
        write_atomic(target, render_case(column, slug, path.name))
        written.append(target)
    return written


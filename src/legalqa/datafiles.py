"""Markdown data files (cases, statutes): YAML front matter between two '---' lines, then a
markdown body. One reader for both kinds, one error type that names the file and line of a
problem, and the one list of files that describe a data directory rather than hold a document."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

# libyaml's safe loader where PyYAML was built with it: the same data as yaml.safe_load, about four
# times faster (statutes, cases, guides and knowledge files are read at every start)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# files in a data directory that describe the data (sources, notes) rather than hold a document
DESCRIPTION_FILES = frozenset({"SOURCES.MD", "README.MD", "INDEX.MD"})


def load_yaml(text: str) -> Any:
    """yaml.safe_load, through libyaml where available. Broken YAML is read again by the
    pure-Python loader, whose error quotes the offending line for the editor."""
    try:
        return yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError:
        if _YAML_LOADER is yaml.SafeLoader:
            raise
        return yaml.safe_load(text)  # raises again, with the message that shows the line


class DataFileError(ValueError):
    """A data file that cannot be read; carries the file and the line of the problem."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class FrontMatter:
    meta: dict[str, Any]
    lines: list[str]  # the front matter's own lines, without the '---' lines
    body: list[str]  # the lines after the closing '---'
    body_line: int  # file line number of body[0]

    def key_line(self, key: str) -> int:
        """File line of a top-level key (the file's first line when the key is absent)."""
        for i, line in enumerate(self.lines):
            if line.startswith(f"{key}:"):
                return i + 2
        return 1


def read_front_matter(text: str, path: Path) -> FrontMatter:
    """Split a data file into its front matter (a YAML mapping; empty means {}) and body."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise DataFileError(path, 1, "missing YAML front matter (a first line '---')")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    except StopIteration:
        raise DataFileError(path, 1, "front matter is not closed by a line '---'") from None
    raw = lines[1:end]
    try:
        meta = load_yaml("\n".join(raw))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 2  # +1 for the opening ---, +1 for 1-based
        raise DataFileError(path, line, f"bad YAML in front matter: {exc}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise DataFileError(path, 2, "front matter must be a YAML mapping")
    return FrontMatter(meta, raw, lines[end + 1:], end + 2)


def document_paths(directory: Path, *patterns: str) -> list[Path]:
    """The files matching each glob pattern in turn (each sorted), without description files."""
    paths = [p for pattern in patterns for p in sorted(directory.glob(pattern))]
    return [p for p in paths if p.name.upper() not in DESCRIPTION_FILES]


Document = TypeVar("Document")


def read_document(path: Path, parse: Callable[[Path], Document]) -> Document | DataFileError:
    """`parse(path)`, or the reason the file cannot be read as a DataFileError (unreadable, not
    UTF-8, malformed) for the caller to report and skip: one broken file is never fatal."""
    try:
        return parse(path)
    except DataFileError as exc:
        return exc
    except (OSError, ValueError) as exc:
        return DataFileError(path, 1, str(exc))

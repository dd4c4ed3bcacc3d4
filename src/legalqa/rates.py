"""Dated rate tables (rates/*.yaml): pick the row in force on a date, or say what is missing.

A table may record when its figures were last checked against their sources (`checked`) and a
Chinese label for each value key (`labels`); a row may carry the quality of its source (`quality`:
OFF official text, MIR verbatim mirror, NEWS news report, SEC secondary page)."""

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from legalqa.datafiles import load_yaml


class RateUsed(BaseModel):
    """A dated rate row that a calculation read, with its source."""

    table: str = Field(description="rate table name, e.g. heat_allowance")
    title: str = Field("", description="the table's title in Chinese, e.g. 广东省高温津贴标准与发放条件")
    start_date: date
    end_date: date | None
    region: str | None = None
    values: dict[str, Any]
    source: str = Field(description="document title, 文号 and article of the figure")
    quality: str | None = Field(None, description="quality of the source: OFF, MIR, NEWS or SEC (secondary)")
    labels: dict[str, str] = Field(default_factory=dict, description="Chinese label of each value key")


LOW_QUALITY = {"SEC"}  # secondary pages quoting a notice nobody here has read in the original


class RateNotCovered(LookupError):
    """No row of a rate table is in force on the asked date (and region)."""


@dataclass(frozen=True)
class RateRow:
    table: str
    start_date: date
    end_date: date | None
    region: str | None
    values: dict[str, Any]
    source: str
    quality: str | None = None
    title: str = ""
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def low_quality(self) -> bool:
        return self.quality in LOW_QUALITY

    def covers(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or on <= self.end_date)

    def as_used(self) -> RateUsed:
        return RateUsed(
            table=self.table,
            start_date=self.start_date,
            end_date=self.end_date,
            region=self.region,
            values=self.values,
            source=self.source,
            quality=self.quality,
            title=self.title,
            labels=self.labels,
        )


@dataclass(frozen=True)
class RateTable:
    name: str
    title: str
    rows: tuple[RateRow, ...]
    notes: str = ""
    checked: date | None = None  # when the figures were last compared with their sources

    def regions(self) -> list[str | None]:
        return sorted({r.region for r in self.rows}, key=lambda r: r or "")

    def row_on(self, on: date, region: str | None = None) -> RateRow:
        matches = [r for r in self.rows if r.covers(on) and (region is None or r.region == region)]
        if not matches:
            where = f"（地区：{region}）" if region else ""
            raise RateNotCovered(
                f"费率表「{self.title}」({self.name}) 没有 {on.isoformat()} 适用的数据{where}，"
                f"请手动输入该数值。No row of rate table '{self.name}' covers {on.isoformat()}"
                + (f" for region '{region}'" if region else "")
            )
        if len(matches) > 1:
            raise ValueError(f"rate table '{self.name}' has overlapping rows on {on.isoformat()}")
        return matches[0]


_ROW_KEYS = {"start_date", "end_date", "region", "source", "quality"}


def parse_table(data: dict[str, Any], origin: str) -> RateTable:
    checked = data.get("checked")
    if checked is not None and not isinstance(checked, date):
        raise ValueError(f"{origin}: checked must be YYYY-MM-DD")
    title, labels = data.get("title", data["name"]), dict(data.get("labels") or {})
    rows = []
    for i, raw in enumerate(data.get("rows") or []):
        if not raw.get("source"):
            raise ValueError(f"{origin}: row {i + 1} has no source")
        if not isinstance(raw.get("start_date"), date):
            raise ValueError(f"{origin}: row {i + 1} needs start_date as YYYY-MM-DD")
        end = raw.get("end_date")
        if end is not None and not isinstance(end, date):
            raise ValueError(f"{origin}: row {i + 1} end_date must be YYYY-MM-DD or null")
        rows.append(
            RateRow(
                table=data["name"],
                start_date=raw["start_date"],
                end_date=end,
                region=raw.get("region"),
                values={k: v for k, v in raw.items() if k not in _ROW_KEYS},
                source=str(raw["source"]).strip(),
                quality=raw.get("quality"),
                title=title,
                labels=labels,
            )
        )
    return RateTable(name=data["name"], title=title, rows=tuple(rows), notes=data.get("notes", ""), checked=checked)


def load_table(path: Path) -> RateTable:
    """One table file, parsed once while it is unchanged on disk (every calculator call and test
    module reads the same few tables)."""
    stat = path.stat()
    return _parsed_table(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=512)
def _parsed_table(path: Path, mtime_ns: int, size: int) -> RateTable:
    with path.open(encoding="utf-8") as f:
        return parse_table(load_yaml(f.read()), str(path))



@dataclass
class RateBook:
    """All rate tables of a directory, by name."""

    tables: dict[str, RateTable] = field(default_factory=dict)

    @classmethod
    def from_dir(cls, directory: Path) -> "RateBook":
        tables = {}
        for path in sorted(directory.glob("*.yaml")):
            table = load_table(path)
            tables[table.name] = table
        return cls(tables)

    def table(self, name: str) -> RateTable:
        try:
            return self.tables[name]
        except KeyError:
            raise RateNotCovered(f"rate table '{name}' is not loaded") from None

    def row_on(self, name: str, on: date, region: str | None = None) -> RateRow:
        return self.table(name).row_on(on, region)

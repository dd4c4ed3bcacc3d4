"""Where to file: the labour-dispute arbitration commissions of Guangdong's 21 cities and the
hotlines for labour inspection (12333), legal aid (12348) and the union (12351), read from
offices/arbitration_commissions.yaml (reviewed data: every row sourced and dated, MISSING where
no source gives an address or a phone), looked up by the city a worker names."""

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from legalqa.datafiles import load_yaml
from legalqa.errors import NotFound

OFFICES_FILE = "arbitration_commissions.yaml"
MISSING = "MISSING"  # written in the data file where no source gives a value

VERIFY = "地址、电话取自网页副本，可能已变：出发前请先打电话或查官方网站核实。"


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1)
    title: str = Field(min_length=1)
    quality: Literal["OFF", "MIR", "NEWS", "SEC"] = Field(
        description="OFF official site, MIR mirror of an official page, NEWS news report, SEC secondary site")


class Commission(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    level: Literal["city", "district", "branch"] = Field(
        description="city: the city's commission or 仲裁院; district: a district or county commission; "
                    "branch: a town or street 仲裁庭, 分院 or 派出庭")
    district: str | None = Field(None, description="the district or town it serves; null for the city level")
    address: str | None = Field(description="null where no source gives it")
    phone: str | None = Field(description="null where no source gives it")
    source: Source
    checked: date = Field(description="the day the row was checked against its source")
    note: str = ""


class Hotline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str = Field(min_length=1)
    name: str = Field(min_length=1)
    source: Source
    checked: date
    note: str = ""


class City(BaseModel):
    model_config = ConfigDict(extra="forbid")

    city: str = Field(min_length=1, description="short name, e.g. 东莞")
    pinyin: str = Field(min_length=1)
    case_level: Literal["county", "city"]
    commissions: list[Commission]


class Jurisdiction(BaseModel):
    rule: str
    articles: list[str] = Field(description="article ids, e.g. article/劳动争议调解仲裁法/21")


class OfficesOut(BaseModel):
    """Where a worker in one city files, and whom to call."""

    city: str = Field(description="the city's short name, e.g. 东莞")
    district: str | None = Field(description="the district or town asked for, as given")
    jurisdiction: Jurisdiction
    case_level: str = Field(description="which level takes cases in this city (广东省劳动人事争议处理办法 第三十八条)")
    commissions: list[Commission] = Field(description="the sourced commissions; empty where none is known")
    missing: str | None = Field(description="what has no sourced row, and where to ask instead")
    labour_inspection: Hotline
    legal_aid: Hotline
    union: Hotline
    warnings: list[str]


class OfficesFileError(ValueError):
    """The offices data file breaks one of its rules; the message names the file and the entry."""


def _key(text: str) -> str:
    """A name as compared: no spaces, lower case, without 广东省/广东 before it."""
    return "".join(text.split()).lower().removeprefix("广东省").removeprefix("广东")


def _place_key(text: str) -> str:
    """A district or town as compared: 宝安区, 宝安 and 宝安街道 alike."""
    key = _key(text)
    for suffix in ("街道", "新区", "区", "镇", "县", "市"):
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key.removesuffix(suffix)
    return key


class Offices:
    """The offices data of one file: look up a city by the name a worker gives."""

    def __init__(self, jurisdiction: Jurisdiction, case_levels: dict[str, str], hotlines: dict[str, Hotline],
                 cities: list[City]):
        self.jurisdiction, self.case_levels, self.hotlines, self.cities = jurisdiction, case_levels, hotlines, cities
        self._by_name: dict[str, City] = {}
        for city in cities:
            for name in (city.city, f"{city.city}市", city.pinyin, f"{city.pinyin}city"):
                self._by_name[_key(name)] = city

    def city(self, name: str) -> tuple[City, str]:
        """The city a name means (东莞, 东莞市, 广东省东莞市, Dongguan), and whatever follows the city's
        name (深圳市宝安区 → 宝安区); NotFound for a name that is not one of the 21 cities."""
        key = _key(name)
        if key in self._by_name:
            return self._by_name[key], ""
        for city in self.cities:
            for prefix in (f"{city.city}市", city.city):
                if key.startswith(prefix):
                    return city, key.removeprefix(prefix)
        known = "、".join(c.city for c in self.cities)
        message = (f"广东省没有叫「{name}」的地级市，请填写以下之一：{known} / "
                   f"'{name}' is not one of Guangdong's 21 cities")
        raise NotFound(message, [{"field": "city", "message": message}])

    def lookup(self, city_name: str, district: str | None = None) -> OfficesOut:
        city, rest = self.city(city_name)
        district = (district or "").strip() or rest or None
        commissions, missing = city.commissions, None
        if district:
            wanted = _place_key(district)
            local = [c for c in city.commissions if c.district and len(wanted) >= 2
                     and _place_key(c.district).startswith(wanted)]
            if local:
                commissions = local
            else:
                commissions = [c for c in city.commissions if c.level == "city"]
                missing = (f"{city.city}「{district}」的仲裁机构还没有有来源的条目：请拨打 12333 询问管辖的仲裁机构"
                           + ("（下面列出的是市级机构）。" if commissions else "。"))
        if not city.commissions:
            missing = f"{city.city}市的劳动人事争议仲裁机构还没有有来源的条目：请拨打 12333 询问管辖的仲裁机构和地址。"
        return OfficesOut(city=city.city, district=district, jurisdiction=self.jurisdiction,
                          case_level=self.case_levels[city.case_level], commissions=commissions, missing=missing,
                          labour_inspection=self.hotlines["labour_inspection"], legal_aid=self.hotlines["legal_aid"],
                          union=self.hotlines["union"], warnings=[VERIFY] if commissions else [])


def _resolve(entry: dict[str, Any], sources: dict[str, Any], where: str) -> dict[str, Any]:
    """A row as the models take it: its source key replaced by the source, MISSING by null."""
    key = entry.get("source")
    if key not in sources:
        raise OfficesFileError(f"{where}: source '{key}' is not in `sources`")
    row = {**entry, "source": sources[key]}
    for field in ("address", "phone"):
        if field in row:
            if row[field] in (None, ""):
                raise OfficesFileError(f"{where}: {field} is empty; write {MISSING} where no source gives it")
            row[field] = None if row[field] == MISSING else str(row[field])
    return row


def parse_offices(data: dict[str, Any], origin: str) -> Offices:
    """Check the data file's rules and build the lookup; OfficesFileError names the broken entry."""
    try:
        sources = {k: Source.model_validate(v) for k, v in (data.get("sources") or {}).items()}
        hotlines = {role: Hotline.model_validate(_resolve(h, sources, f"{origin}: hotline {role}"))
                    for role, h in (data.get("hotlines") or {}).items()}
        cities = []
        for entry in data.get("cities") or []:
            where = f"{origin}: city {entry.get('city')}"
            rows = entry.get("commissions")
            if rows == MISSING:
                rows = []
            elif not rows:
                raise OfficesFileError(f"{where}: no commissions; write {MISSING} where no source gives one")
            cities.append(City.model_validate(
                {**entry, "commissions": [_resolve(r, sources, f"{where}, {r.get('name')}") for r in rows]}))
        jurisdiction = Jurisdiction.model_validate(data.get("jurisdiction"))
    except ValidationError as exc:
        raise OfficesFileError(f"{origin}: {exc}") from None
    missing_roles = {"labour_inspection", "legal_aid", "union"} - set(hotlines)
    if missing_roles:
        raise OfficesFileError(f"{origin}: hotlines {sorted(missing_roles)} missing")
    case_levels = data.get("case_levels") or {}
    for city in cities:
        if city.case_level not in case_levels:
            raise OfficesFileError(f"{origin}: city {city.city}: case_level '{city.case_level}' not in `case_levels`")
        for row in city.commissions:
            if (row.level == "city") != (row.district is None):
                raise OfficesFileError(f"{origin}: city {city.city}, {row.name}: a district is given for every "
                                       "district or branch row and for no city row")
    names = [c.city for c in cities]
    if len(set(names)) != len(names):
        raise OfficesFileError(f"{origin}: a city is listed twice")
    rows = [*(data["hotlines"].values()),
            *(r for c in data["cities"] if c["commissions"] != MISSING for r in c["commissions"])]
    unused = sorted(set(sources) - {r["source"] for r in rows})
    if unused:
        raise OfficesFileError(f"{origin}: sources {unused} are not used by any row")
    return Offices(jurisdiction, case_levels, hotlines, cities)


@lru_cache(maxsize=4)
def load_offices(directory: Path) -> Offices:
    path = directory / OFFICES_FILE
    return parse_offices(load_yaml(path.read_text("utf-8")), str(path))

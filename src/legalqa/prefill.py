"""Offer the calculator a question is about, with the figures the question already gives.

The calculator is picked by topic words; figures (years, wages, days, dates, a city) are read
from the question and written into the fields of that calculator's input JSON schema whose
names or titles match. The words and patterns are data: prefill_cues.yaml beside this module.
"""

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import cn2an
import yaml

from legalqa.calculators import Calculator
from legalqa.schemas import CalculatorOffer

CUES_FILE = Path(__file__).with_name("prefill_cues.yaml")
NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
_DATE_RES = (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]"), re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"))
_UNIT = {"万": 10000, "千": 1000, "k": 1000, "K": 1000}
_DATE_WINDOW = 6  # characters either side of a date searched for its cue word


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    return yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))


def parse_number(text: str) -> float:
    """A number as people say it: '12.5' -> 12.5, '十二' -> 12, '两万' -> 20000, '一万二' -> 12000,
    '四千五' -> 4500 (cn2an's smart mode reads the dropped unit of everyday speech)."""
    try:
        return float(cn2an.cn2an(text, "smart"))
    except ValueError:
        raise ValueError(f"not a number: {text!r}") from None


def _plain(value: float) -> int | float:
    return int(value) if value == int(value) else value


def pick_calculator(question: str, registered: Mapping[str, Calculator]) -> Calculator | None:
    for topic in cues()["topics"]:
        if topic["calculator"] in registered and any(w in question for w in topic["words"]):
            return registered[topic["calculator"]]
    return None


def _types(prop: dict) -> set[str]:
    options = prop.get("anyOf", [prop])
    return {o.get("type") for o in options} | {f"format:{o['format']}" for o in options if "format" in o}


def _matching_field(props: dict[str, dict], hints: list[str], exclude: list[str], wanted: set[str],
                    taken: set[str]) -> str | None:
    """The first field, by hint order, whose name or title contains the hint and has a wanted type."""
    for hint in hints:
        for name, prop in props.items():
            label = f"{name.lower()} {prop.get('title', '')}"
            if (name not in taken and hint.lower() in label and _types(prop) & wanted
                    and not any(x.lower() in label for x in exclude)):
                return name
    return None


def _figures(question: str) -> list[tuple[dict, float, int | None]]:
    """(figure, value, months) for each kind of figure the question gives; months is the 七个月 of
    三年七个月 where the pattern has a months group."""
    found = []
    for figure in cues()["figures"]:
        for pattern in figure["patterns"]:
            m = re.search(pattern.replace("NUM", NUM), question)
            if not m:
                continue
            try:
                value = parse_number(m.group("n"))
            except ValueError:
                continue
            groups = m.groupdict()
            value = value * _UNIT.get(groups.get("unit") or "", 1) + (0.5 if groups.get("half") else 0)
            months = int(parse_number(groups["months"])) if groups.get("months") else None
            found.append((figure, value, months))
            break
    return found


def _dates(question: str) -> list[tuple[date, str]]:
    """(date, the text around it) for every full date in the question, in order."""
    found = []
    for pattern in _DATE_RES:
        for m in pattern.finditer(question):
            try:
                day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            around = question[max(0, m.start() - _DATE_WINDOW):m.start()] + " " + question[m.end():m.end() + _DATE_WINDOW]
            found.append((m.start(), day, around))
    return [(day, around) for _, day, around in sorted(found, key=lambda f: f[0])]


def read_inputs(question: str, schema: dict) -> dict[str, Any]:
    """Inputs for a calculator with this input JSON schema, read from the question."""
    props: dict[str, dict] = schema.get("properties", {})
    values: dict[str, Any] = {}
    for figure, value, months in _figures(question):
        field = _matching_field(props, figure["fields"], figure.get("not") or [], {"number", "integer"},
                                set(values))
        if field is None or ("number" not in _types(props[field]) and value != int(value)):
            continue
        values[field] = _plain(value)
        if months:
            months_field = _matching_field(props, figure.get("months_fields") or [], [], {"integer"}, set(values))
            if months_field is not None:
                values[months_field] = months
            elif "number" in _types(props[field]):  # no field for the months: a fraction of a year
                values[field] = _plain(round(value + months / 12, 2))

    date_fields = [n for n, p in props.items() if "format:date" in _types(p)]
    required = set(schema.get("required", []))
    for day, around in _dates(question):
        free = [n for n in date_fields if n not in values]
        field = None
        for rule in cues()["dates"]:
            if any(c in around for c in rule["cues"]):
                field = _matching_field({n: props[n] for n in free}, rule["fields"], [], {"format:date"}, set())
                if field:
                    break
        if field is None and free:
            field = sorted(free, key=lambda n: n not in required)[0]
        if field is not None:
            values[field] = day.isoformat()

    city_field = _matching_field(props, ["city", "城市"], [], {"string"}, set(values))
    city = next((c for c in cues()["cities"] if c in question), None)
    if city_field and city:
        values[city_field] = city
    return {name: values[name] for name in props if name in values}  # in the form's order


def prefill(question: str, calculators: Mapping[str, Calculator] | Iterable[Calculator]) -> CalculatorOffer | None:
    """The calculator the question is about, with the figures it gives; None when none applies."""
    registered = dict(calculators) if isinstance(calculators, Mapping) else {c.name: c for c in calculators}
    calc = pick_calculator(question, registered)
    if calc is None:
        return None
    inputs = read_inputs(question, calc.input_model.model_json_schema())
    url = f"/calculators/{calc.name}" + (f"?{urlencode(inputs)}" if inputs else "")
    return CalculatorOffer(name=calc.name, title=calc.title, prefilled=inputs, url=url)

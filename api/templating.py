"""The Jinja environment of the web pages: where the templates are, the filters they use, and the
notice and hotline every page shows."""

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

WEB_DIR = Path(__file__).resolve().parent / "web"  # templates/ and static/, package data
HOTLINE = "12351"
NOTICE = "本页内容为法律信息，不构成针对具体案件的律师意见。"

_ENGLISH_HALF = re.compile(r"\s*/\s+(?=[A-Za-z\[])")


def zh(message: str | None) -> str:
    """The Chinese half of a "中文 / English" message (a slash inside 元/月 stays)."""
    return _ENGLISH_HALF.split(message or "", maxsplit=1)[0].strip()


def highlight(text: str, terms: list[str]) -> Markup:
    """`text` escaped, with each occurrence of a query word wrapped in <mark>. Single characters
    are left alone: marking every 病 or 因 would hide the words that matter."""
    words = sorted({t for t in terms if len(t.strip()) > 1}, key=len, reverse=True)
    if not words:
        return escape(text)
    parts, pos = [], 0
    for m in re.finditer("|".join(map(re.escape, words)), text):
        parts += [escape(text[pos:m.start()]), Markup("<mark>%s</mark>") % m.group()]
        pos = m.end()
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)


def figure(value: float | int | str, unit: str) -> str:
    """Money with two decimals and thousands separators; other figures as the calculator gave them."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and unit.startswith("元"):
        return f"{value:,.2f}"
    return str(value)


def rate_value(value: Any, labels: dict[str, str]) -> str:
    """A rate table value as a reader sees it: nested rows spelled out with the table's Chinese labels
    (a key without a label, such as a disability grade, is shown as it is)."""
    if isinstance(value, dict):
        return "，".join(f"{labels.get(str(k), k)} {rate_value(v, labels)}" for k, v in value.items())
    if isinstance(value, list):
        return "；".join(rate_value(v, labels) for v in value)
    return "不限" if value is None else str(value)


def article_href(source_id: str) -> str:
    """article/劳动合同法/42 → the article's page; any other id (case/…) → its page."""
    kind, _, rest = source_id.partition("/")
    if kind == "article":
        law, _, number = rest.rpartition("/")
        return f"/articles/{quote(law)}/{number}"
    return f"/{kind}s/{quote(rest)}"


def article_label(source_id: str) -> str:
    """article/劳动合同法/42 → 劳动合同法第42条, as a citation a reader recognises."""
    kind, _, rest = source_id.partition("/")
    if kind != "article":
        return rest
    law, _, number = rest.rpartition("/")
    return f"{law}第{number}条"


templates = Jinja2Templates(directory=WEB_DIR / "templates")
templates.env.trim_blocks = templates.env.lstrip_blocks = True
templates.env.filters.update(highlight=highlight, rate_value=rate_value, figure=figure, zh=zh, article_href=article_href,
                             article_label=article_label)
templates.env.globals.update(hotline=HOTLINE, notice=NOTICE)

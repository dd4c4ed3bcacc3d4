"""What of a worker's question may reach a log: masking of the personal numbers people type
(ID-card, mobile and landline, bank card numbers, e-mail addresses, and any other run of seven
or more digits), and the rule for a question logged with LEGALQA_LOG_QUERIES on.

Matching runs on a copy of the text where full-width digits, letters and punctuation (what a
Chinese keyboard often types) and the Chinese numerals 〇零幺一…九 and 壹…玖 are mapped
one-for-one to ASCII, so every position in the copy is the same position in the original;
masked stretches are then cut out of the original. Masking is deliberately generous: in a log
line an amount taken for a number costs little, a leaked ID number costs a worker a lot. Any
run of seven or more digits is masked, whatever separates them (spaces, dots, slashes, dashes,
up to three in a row: 138.1234.5678, 1 3 8 1 2 3 4 5 6 7 8, 440301/19900101/123X); only
dates written YYYY-MM-DD (or with dots or slashes) are left alone.

Names and street addresses cannot be found this reliably. So a text is logged only when nothing
in it raises a doubt; in doubt — a personal number was found, or words that introduce a name
or an address (我叫, 姓名, 住在, 地址, …路12号, 3栋) — only its length and a short sha256 are
logged (loggable_text), which still shows how often the same question comes back.
"""

import hashlib
import re

_SEP = r"[ \-]?"  # one space or dash between digit groups, as people write them
# (label, pattern); applied in this order, longest numbers first, so a shorter pattern never
# sees part of a longer number
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    # 18-digit resident ID (last character may be X), compact or grouped 6-8-4 / 6-4-4-4
    ("id-number", re.compile(rf"(?<!\d)\d{{6}}{_SEP}\d{{4}}{_SEP}\d{{4}}{_SEP}\d{{3}}[\dXx](?!\d)")),
    # bank cards: 16-19 digits, compact or in groups of four
    ("bank-card", re.compile(rf"(?<!\d)\d{{4}}(?:{_SEP}\d{{4}}){{3}}(?:{_SEP}\d{{1,3}})?(?!\d)")),
    ("number", re.compile(r"(?<!\d)\d{20,}")),  # any longer run of digits: some account number
    # 15-digit ID (issued before 1999), compact or grouped 6-6-3
    ("id-number", re.compile(rf"(?<!\d)\d{{6}}{_SEP}\d{{6}}{_SEP}\d{{3}}(?!\d)")),
    # mainland mobile: 1[3-9]x xxxx xxxx, optionally with +86 / 0086 / (+86) in front
    ("mobile", re.compile(rf"(?<![\d+])(?:\(?(?:\+|00)?86\)?{_SEP})?1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}(?!\d)")),
    # landline with its area code: 020-12345678, (0755) 1234567, 0769-2345678-801, +86 20 8123 4567
    ("phone", re.compile(rf"(?<![\d+])(?:(?:\+|00)86{_SEP}\(?0?\d{{2,3}}\)?|\(0\d{{2,3}}\)|0\d{{2,3}})"
                         rf"{_SEP}\d{{3,4}}{_SEP}\d{{4}}(?:(?:-|转|ext\.?)\d{{1,5}})?(?!\d)")),
]

# any other run of 7+ digits, up to three separators between two digits, an ID's final X included
_DIGIT_RUN = re.compile(r"(?<!\d)\d(?:[ ./_\-]{0,3}\d){6,}(?:[ ./_\-]{0,3}[Xx](?![A-Za-z]))?")
# dates, which the digit-run rule leaves alone when no further digits join them (a time may
# follow): 2024-07-01, 2024.7.1 8:30, 01/07/2024
_DATE = re.compile(r"(?<!\d)(?<!\d[ ./_\-])(?<!\d[ ./_\-]{2})(?<!\d[ ./_\-]{3})(?:(?:19|20)\d\d([-./])\d{1,2}\1\d{1,2}|"
                   r"\d{1,2}([-./])\d{1,2}\2(?:19|20)\d\d)(?![./_\-]{0,3}\d)(?! {1,3}\d(?!\d?:))")

_FULL_WIDTH = {0xFF10 + i: ord("0") + i for i in range(10)}
_FULL_WIDTH.update({0xFF21 + i: ord("A") + i for i in range(26)})
_FULL_WIDTH.update({0xFF41 + i: ord("a") + i for i in range(26)})
_FULL_WIDTH.update({ord(a): ord(b) for a, b in zip("＋－（）＠．／＿　\u00a0\u2010\u2011\u2013\u2014\u2212",
                                                  "+-()@./_  -----")})
# digits written as Chinese numerals, one character each: 一三八一二三四五六七八 is a mobile number
_FULL_WIDTH.update({ord(ch): ord(str(i)) for i, chars in enumerate(
    ["〇零", "一幺壹", "二贰", "三叁", "四肆", "五伍", "六陆", "七柒", "八捌", "九玖"]) for ch in chars})

# words that introduce a name or an address: a text holding one is not logged as it is
_DOUBT = re.compile(r"我叫|我姓|名叫|叫做|姓名|名字|本人姓|住在|住址|地址|家住|门牌|小区"
                    r"|[路街道巷弄村]\s*\d+\s*号|\d+\s*(?:号楼|栋|幢|单元|室)")


def mask_personal_data(text: str) -> str:
    """`text` with every ID-card, phone, bank card number, e-mail address and other run of 7+
    digits replaced by a label such as <id-number>, <mobile> or <number>; everything else unchanged."""
    probe = text.translate(_FULL_WIDTH)
    assert len(probe) == len(text)  # one-for-one mapping: positions agree
    spans: list[tuple[int, int, str]] = []
    for label, pattern in _PATTERNS:
        found = [(m.start(), m.end(), label) for m in pattern.finditer(probe)]
        spans += found
        # blank out what is masked so later patterns cannot match inside it
        for start, end, _ in found:
            probe = probe[:start] + "#" * (end - start) + probe[end:]
    undated = _DATE.sub(lambda m: "~" * len(m.group()), probe)
    spans += [(m.start(), m.end(), "number") for m in _DIGIT_RUN.finditer(undated)]
    out, pos = [], 0
    for start, end, label in sorted(spans):
        out += [text[pos:start], f"<{label}>"]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def in_doubt(text: str) -> bool:
    """True when `text` holds a personal number or words that introduce a name or an address."""
    return bool(_DOUBT.search(text.translate(_FULL_WIDTH))) or mask_personal_data(text) != text


def loggable_text(text: str) -> str:
    """`text` as it may be logged: as it is, or in doubt only its length and a short sha256."""
    if not in_doubt(text):
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"<withheld: {len(text)} chars, sha256:{digest}>"

"""Masking of the personal numbers workers type into questions, before anything is logged:
ID-card numbers, mobile and landline numbers, bank card numbers and e-mail addresses.

Matching runs on a copy of the text where full-width digits, letters and punctuation (what a
Chinese keyboard often types) are mapped one-for-one to ASCII, so every position in the copy
is the same position in the original; masked stretches are then cut out of the original.
Masking is deliberately generous: in a log line a date taken for a number costs little, a
leaked ID number costs a worker a lot.
"""

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

_FULL_WIDTH = {0xFF10 + i: ord("0") + i for i in range(10)}
_FULL_WIDTH.update({0xFF21 + i: ord("A") + i for i in range(26)})
_FULL_WIDTH.update({0xFF41 + i: ord("a") + i for i in range(26)})
_FULL_WIDTH.update({ord(a): ord(b) for a, b in zip("＋－（）＠．　\u00a0\u2010\u2011\u2013\u2014\u2212",
                                                  "+-()@.  -----")})


def mask_personal_data(text: str) -> str:
    """`text` with every ID-card, phone, bank card number and e-mail address replaced by a
    label such as <id-number> or <mobile>; everything else unchanged."""
    probe = text.translate(_FULL_WIDTH)
    assert len(probe) == len(text)  # one-for-one mapping: positions agree
    spans: list[tuple[int, int, str]] = []
    for label, pattern in _PATTERNS:
        found = [(m.start(), m.end(), label) for m in pattern.finditer(probe)]
        spans += found
        # blank out what is masked so later patterns cannot match inside it
        for start, end, _ in found:
            probe = probe[:start] + "#" * (end - start) + probe[end:]
    out, pos = [], 0
    for start, end, label in sorted(spans):
        out += [text[pos:start], f"<{label}>"]
        pos = end
    out.append(text[pos:])
    return "".join(out)

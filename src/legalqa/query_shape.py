"""Shaping a worker's long, run-on question before it is searched: pure functions on text.

Forum questions typed by workers are not the short questions a statute index answers best:
the same clause is typed twice, several problems share one message, and the facts come
before the sentence that asks. Three shapes of the question help the ranking (service.py
searches each and fuses the rankings):

- `drop_repeats`: the question with repeated clauses and copy-paste repeats removed;
- `problem_parts`: a long question that holds several problems, cut into at most
  `MAX_PARTS` parts (a part ends with the sentence that asks, or where "另外", "还有",
  "第二", "2、" … open the next problem);
- `asking_text`: the clauses that ask (吗, 怎么, 能否, 是否, ？ …), without the narrative before them.
"""

import re

LONG_QUESTION = 60  # characters: shorter questions hold one problem and are not cut into parts
MAX_PARTS = 3  # each part is one more encoder call
MIN_PART = 8  # characters of text in a part; a shorter piece ("谢谢！") joins its neighbour
MIN_REPEAT = 4  # characters: shorter repeats ("是的，是的", "哈哈") are left as typed
MIN_ASKING = 10  # characters: a shorter asking clause ("这合法吗？") takes the clauses before it along

_PUNCTUATION = "，,、。！？!?；;：:…~～"
_SENTENCE_END = "。！？!?；;\n"
# a clause: text up to and including its run of punctuation or white space
_CLAUSE_RE = re.compile(rf"[^{_PUNCTUATION}\s]+[{_PUNCTUATION}\s]*|[{_PUNCTUATION}\s]+")
_TEXT_RE = re.compile(rf"[^{_PUNCTUATION}\s]")
_ASKS_RE = re.compile(r"[？?]|吗|么|如何|能否|可否|是否|可以|能不能|可不可以|有没有|该不该|算不算|合不合法|多少|哪些|哪里|呢")
# what opens another problem: 另外 / 还有 / 此外 / 其次 / 再者 / 第二 … or a numbered item (2、 2. （2） ②)
_NEXT_PROBLEM_RE = re.compile(
    r"^\s*(?:另外|还有|此外|其次|再者|再有|再就是|还想问|另一个|第[二三四五六七八九十]|[二三四五六七八九十]是"
    r"|\d{1,2}\s*[、.．)）]|[(（]\d{1,2}[)）]|[②③④⑤⑥⑦⑧⑨⑩])")
_FIRST_ITEM_RE = re.compile(r"^\s*(?:第一|一是|首先|1\s*[、.．)）]|[(（]1[)）]|①)")


def clauses(text: str) -> list[str]:
    """The text cut after each run of punctuation or white space; "".join(clauses(t)) == t."""
    return _CLAUSE_RE.findall(text)


def _core(piece: str) -> str:
    """The words of a piece without punctuation and white space."""
    return "".join(_TEXT_RE.findall(piece))


def _ends_sentence(piece: str) -> bool:
    return any(ch in _SENTENCE_END for ch in piece)


def _collapse_doubled_runs(core: str) -> str:
    """"公司不发工资公司不发工资" → "公司不发工资": a run of MIN_REPEAT or more characters typed
    twice in a row is kept once."""
    i = 0
    while i < len(core):
        for length in range((len(core) - i) // 2, MIN_REPEAT - 1, -1):
            if core[i:i + length] == core[i + length:i + 2 * length]:
                core = core[:i + length] + core[i + 2 * length:]
                break
        else:
            i += 1
    return core


def drop_repeats(text: str) -> str:
    """The text without clauses typed again (a clause whose words already occurred in an earlier
    clause) and without runs typed twice in a row inside a clause. Repeats shorter than
    MIN_REPEAT characters are kept. A dropped clause's punctuation replaces that of the clause
    before it (the sentence still ends where it ended)."""
    kept: list[str] = []
    seen: list[str] = []
    for piece in clauses(text):
        core = _core(piece)
        if not core:  # punctuation or white space alone
            kept.append(piece)
            continue
        words = _collapse_doubled_runs(core)
        if len(words) >= MIN_REPEAT and any(words in earlier for earlier in seen):
            end = piece[len(piece.rstrip(_PUNCTUATION + " \n")):]
            kept[-1] = kept[-1].rstrip(_PUNCTUATION + " \n") + end
            continue
        seen.append(words)
        kept.append(piece.replace(core, words, 1) if words != core else piece)
    return "".join(kept).strip()


def asks(piece: str) -> bool:
    """Whether a clause or sentence asks something (吗, 怎么, 如何, 能否, 是否, 可以, ？ …)."""
    return bool(_ASKS_RE.search(piece))


def sentences(text: str) -> list[str]:
    """The text cut after 。！？；/new lines and before a clause that opens another problem
    (另外, 还有, 第二, 2、 …); "".join(sentences(t)) == t."""
    return _group(clauses(text), lambda piece: bool(_NEXT_PROBLEM_RE.match(piece) or _FIRST_ITEM_RE.match(piece)),
                  _ends_sentence)


def _group(pieces: list[str], opens_next, closes) -> list[str]:
    """The pieces joined in order into groups: a group ends before a piece that `opens_next`
    and after a piece that `closes`."""
    groups: list[str] = []
    current = ""
    for piece in pieces:
        if current and opens_next(piece):
            groups.append(current)
            current = ""
        current += piece
        if closes(piece):
            groups.append(current)
            current = ""
    if current:
        groups.append(current)
    return groups


def problem_parts(text: str) -> list[str]:
    """A question long enough to hold several problems, cut into them: a part closes with a
    sentence that asks, or where the next sentence opens another problem (另外, 还有, 第二,
    2、 …). Pieces under MIN_PART characters join the part before; beyond MAX_PARTS the two
    shortest neighbours are joined. [] when the question is short or holds one problem."""
    if len(_core(text)) < LONG_QUESTION:
        return []
    parts = _group(sentences(text), lambda sentence: bool(_NEXT_PROBLEM_RE.match(sentence)), asks)
    merged: list[str] = []
    for part in parts:
        if merged and len(_core(part)) < MIN_PART:
            merged[-1] += part
        else:
            merged.append(part)
    if merged and len(_core(merged[0])) < MIN_PART and len(merged) > 1:
        merged[:2] = [merged[0] + merged[1]]
    while len(merged) > MAX_PARTS:
        i = min(range(len(merged) - 1), key=lambda j: len(_core(merged[j])) + len(_core(merged[j + 1])))
        merged[i:i + 2] = [merged[i] + merged[i + 1]]
    parts = [p.strip() for p in merged]
    return parts if len(parts) > 1 else []


def asking_text(text: str) -> str | None:
    """The clauses that ask, each with the clauses just before it while it is shorter than
    MIN_ASKING characters ("这样合法吗？" takes "公司扣了我一个月工资，" along). None when no clause
    asks or when the asking clauses are most of the question (nothing to weight over)."""
    pieces = clauses(text)
    chosen: set[int] = set()
    for i, piece in enumerate(pieces):
        if not asks(piece):
            continue
        start = i
        while start > 0 and len(_core("".join(pieces[start:i + 1]))) < MIN_ASKING:
            start -= 1
        chosen.update(range(start, i + 1))
    if not chosen:
        return None
    asking = "".join(pieces[i] for i in sorted(chosen)).strip()
    return asking if len(_core(asking)) <= 0.6 * len(_core(text)) else None

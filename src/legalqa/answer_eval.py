"""How good the answer a worker reads first is, on the dev questions: the share answered through a
guide, the share whose answer items cite an article the lawyer cited, the share with next steps,
and the calibration of `confidence` against answers judged by hand (eval/answer_judgements.jsonl).

Judgements name a question by its id and a hash of its text and the answer by a digest of its
items, never by the text itself: dev questions stay in ../shared. A judgement whose answer has
changed since no longer counts, and `legalqa eval --answers` says how many are stale.
"""

import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from legalqa.answer import build_answer
from legalqa.evaluate import DEV_QUESTIONS, _commit, gold_articles, load_jsonl, question_files
from legalqa.schemas import AnswerResponse
from legalqa.service import SearchService
from legalqa.settings import Settings

JUDGEMENTS_PATH = Path("eval/answer_judgements.jsonl")
REPORT_PATH = Path("docs/answers.md")
VERDICTS = ("on_point", "partly", "off", "misleading")  # a union lawyer's verdict on what the worker reads
ABSTAINED = "abstained"  # an empty answer (the referral): nothing to judge
LEVELS = ("high", "medium", "low")
DEV_STEM = Path(DEV_QUESTIONS).stem


def text_sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def answer_digest(answer: AnswerResponse) -> str:
    """What the worker reads: the answer items, the guide and its variant (facts), the referral."""
    items = [a.text for a in answer.answer] + [answer.referral or "", answer.guide.slug if answer.guide else ""]
    return text_sha("\n".join(items))


@dataclass(frozen=True)
class Answered:
    question_id: str
    question_sha: str
    answer: AnswerResponse
    gold: frozenset[str]

    @property
    def cites_gold(self) -> bool:
        return any(set(a.source_ids) & self.gold for a in self.answer.answer)


def answer_all(service: SearchService, questions: list[dict]) -> list[Answered]:
    return [Answered(str(q.get("id") or text_sha(q["question"])), text_sha(q["question"]),
                     build_answer(service, q["question"]), frozenset(gold_articles(q, service)))
            for q in questions]


@dataclass(frozen=True)
class Measures:
    n: int
    via_guide: float
    with_gold: int  # questions with a lawyer-cited article in the corpus
    cites_gold: float  # of those, the share whose answer items cite one
    with_next_steps: float  # of the labour questions (in scope)
    in_scope: float
    confidence: dict[str, int]


def measures(answered: list[Answered]) -> Measures:
    n = len(answered)
    gold = [a for a in answered if a.gold]
    scoped = [a for a in answered if a.answer.in_scope]
    share = lambda part, whole: part / len(whole) if whole else 0.0  # noqa: E731
    return Measures(
        n=n, via_guide=share(sum(a.answer.guide is not None for a in answered), answered), with_gold=len(gold),
        cites_gold=share(sum(a.cites_gold for a in gold), gold),
        with_next_steps=share(sum(bool(a.answer.next_steps) for a in scoped), scoped),
        in_scope=share(len(scoped), answered),
        confidence=dict(Counter(a.answer.confidence for a in answered)))


def load_judgements(path: Path) -> list[dict]:
    return load_jsonl(path) if path.exists() else []


@dataclass(frozen=True)
class Calibration:
    rows: dict[str, Counter]  # confidence level → verdict counts (of current, judged answers)
    stale: int  # judgements whose answer has changed since
    unjudged: int  # current answers without a judgement

    def on_point(self, level: str) -> float | None:
        """Of the judged answers at this level (abstentions aside)."""
        row = self.rows.get(level)
        judged = sum(row[v] for v in VERDICTS) if row else 0
        return row["on_point"] / judged if judged else None


def calibrate(answered: list[Answered], judgements: list[dict]) -> Calibration:
    by_key = {(j["question_id"], j["answer_digest"]): j for j in judgements}
    judged_ids = {j["question_id"] for j in judgements}
    rows: dict[str, Counter] = {level: Counter() for level in LEVELS}
    stale = unjudged = 0
    for a in answered:
        if not a.answer.answer:
            rows[a.answer.confidence][ABSTAINED] += 1
            continue
        j = by_key.get((a.question_id, answer_digest(a.answer)))
        if j is None:
            stale += a.question_id in judged_ids
            unjudged += a.question_id not in judged_ids
            continue
        rows[a.answer.confidence][j["verdict"]] += 1
    return Calibration(rows, stale, unjudged)


def for_judging(answered: list[Answered], questions: list[dict]) -> list[dict]:
    """What a judge needs (written outside the repository: it holds the dev questions' text)."""
    by_id = {str(q.get("id") or text_sha(q["question"])): q for q in questions}
    out = []
    for a in answered:
        q = by_id[a.question_id]
        out.append({
            "question_id": a.question_id, "question_sha": a.question_sha, "answer_digest": answer_digest(a.answer),
            "question": q["question"], "reference_answer": q.get("answer"), "lawyer_cited": sorted(a.gold),
            "confidence": a.answer.confidence, "in_scope": a.answer.in_scope,
            "guide": a.answer.guide.slug if a.answer.guide else None, "facts": a.answer.facts,
            "answer": [{"text": s.text, "source_ids": s.source_ids} for s in a.answer.answer],
            "referral": a.answer.referral,
            "next_steps": [{"who": s.who, "text": s.text, "deadline": s.deadline} for s in a.answer.next_steps],
            "follow_up": [f.question for f in a.answer.follow_up]})
    return out


def block_name(questions_path: Path) -> str:
    """The block of docs/answers.md a question set's figures go in: `answers` for the dev set (the
    first block), `answers:<file stem>` for another set."""
    stem = Path(questions_path).stem
    return "answers" if stem == DEV_STEM else f"answers:{stem}"


def format_report(m: Measures, cal: Calibration, command: str, commit: str, date: str,
                  name: str = "answers") -> str:
    def pct(x: float) -> str:
        return f"{100 * x:.0f} %"
    cites = (f"| answer items cite an article the lawyer cited (of {m.with_gold} questions with one in the corpus) "
             f"| {pct(m.cites_gold)} |") if m.with_gold else None
    lines = [
        f"<!-- {name}:begin (generated by `legalqa eval --answers`; do not edit by hand) -->",
        f"Command: `{command}`  ",
        f"Date: {date} · commit `{commit}` · questions: {m.n}",
        "",
        "| measure | figure |",
        "|---|---|",
        f"| answered through a guide | {pct(m.via_guide)} |",
        *([cites] if cites else []),
        f"| next steps shown (of the labour questions) | {pct(m.with_next_steps)} |",
        f"| taken as labour questions | {pct(m.in_scope)} |",
        f"| confidence high / medium / low | {m.confidence.get('high', 0)} / {m.confidence.get('medium', 0)} / "
        f"{m.confidence.get('low', 0)} |",
        "",
        "Calibration (answers judged by hand as a union lawyer would: is the worker helped or misled?):",
        "",
        "| confidence | judged | on point | partly | off | misleading | on point share | abstained (referral) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += _calibration_rows(cal)
    lines += ["", f"Judgements no longer matching the current answer: {cal.stale}; answers not judged: {cal.unjudged}.",
              f"<!-- {name}:end -->"]
    return "\n".join(lines)


POOLED = "answers:pooled"


def pooled(calibrations: list[Calibration]) -> Calibration:
    """The sets' calibration tables added up."""
    rows = {level: sum((c.rows.get(level, Counter()) for c in calibrations), Counter()) for level in LEVELS}
    return Calibration(rows, sum(c.stale for c in calibrations), sum(c.unjudged for c in calibrations))


def _calibration_rows(cal: Calibration, label: str = "") -> list[str]:
    lines = []
    for level in LEVELS:
        row = cal.rows.get(level, Counter())
        total = sum(row[v] for v in VERDICTS)
        share = cal.on_point(level)
        lines.append(f"| {label}{level} | {total} | " + " | ".join(str(row[v]) for v in VERDICTS)
                     + f" | {'—' if share is None else f'{share:.2f}'} | {row[ABSTAINED]} |")
    return lines


def format_pooled(calibrations: list[tuple[Path, Calibration]], command: str, commit: str, date: str) -> str:
    """Each set's calibration rows, then all of them added up."""
    lines = [f"<!-- {POOLED}:begin (generated by `legalqa eval --answers`; do not edit by hand) -->",
             f"Command: `{command}`  ", f"Date: {date} · commit `{commit}`", "",
             "| set · confidence | judged | on point | partly | off | misleading | on point share | abstained (referral) |",
             "|---|---|---|---|---|---|---|---|"]
    for path, cal in calibrations:
        lines += _calibration_rows(cal, f"{path.stem} · ")
    total = pooled([cal for _, cal in calibrations])
    lines += _calibration_rows(total, "**all** · ")
    lines += ["", f"Judgements no longer matching the current answer: {total.stale}; answers not judged: {total.unjudged}.",
              f"<!-- {POOLED}:end -->"]
    return "\n".join(lines)


def write_report(path: Path, block: str, name: str = "answers") -> None:
    """Replaces the block called `name` in the report, or adds it at the end."""
    text = path.read_text("utf-8") if path.exists() else "# Answer quality\n\n"
    begin, end_marker = f"<!-- {name}:begin", f"<!-- {name}:end -->"
    if begin in text:
        start = text.index(begin)
        end = text.index(end_marker) + len(end_marker)
        text = text[:start] + block + text[end:]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def run_answer_eval(args, settings: Settings) -> int:
    from legalqa.service import open_service

    service = open_service(settings, build=True, log=lambda m: print(m, file=sys.stderr))
    judgements = load_judgements(settings.data_dir / JUDGEMENTS_PATH)
    date = datetime.now(timezone.utc).date().isoformat()
    dumped: list[dict] = []
    calibrations = []
    for path in map(Path, question_files(args)):
        questions = load_jsonl(path)
        answered = answer_all(service, questions)
        dumped += for_judging(answered, questions)
        cal = calibrate(answered, judgements)
        calibrations.append((path, cal))
        name = block_name(path)
        block = format_report(measures(answered), cal, f"legalqa eval --answers --questions {path}", _commit(), date,
                              name)
        _emit(args, settings, block, name)
    if len(calibrations) > 1:
        command = "legalqa eval --answers " + " ".join(f"--questions {path}" for path, _ in calibrations)
        _emit(args, settings, format_pooled(calibrations, command, _commit(), date), POOLED)
    if args.dump_answers:
        Path(args.dump_answers).write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in dumped) + "\n",
                                           "utf-8")
        print(f"wrote {args.dump_answers} (holds the dev questions: keep it out of the repository)", file=sys.stderr)
    return 0


def _emit(args, settings: Settings, block: str, name: str) -> None:
    print(block)
    if args.write_answers:
        write_report(settings.data_dir / REPORT_PATH, block, name)
        print(f"wrote {REPORT_PATH} ({name})", file=sys.stderr)

"""Retrieval evaluation: Recall@k and MRR@10 of article retrieval per pipeline configuration
(an ablation table), plus case@1 on the paraphrase set of the magazine cases.

As in pyserini's reproduction checks, the expected figures are stored beside the command that
produces them (docs/retrieval_expected.yaml). `legalqa eval --check` re-runs the command and
prints OK/FAIL per configuration and metric; only `legalqa eval --record` writes the figures."""

import json
import shlex
import subprocess
import sys
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from legalqa.service import SearchService, Stages
from legalqa.settings import Settings

KS = (1, 5, 10, 20)
METRICS = tuple(f"R@{k}" for k in KS) + ("MRR@10", "case@1")
# in the data directory (the project root)
EXPECTED_PATH = Path("docs/retrieval_expected.yaml")
REPORT_PATH = Path("docs/retrieval.md")
TOLERANCE = 0.02

_BASE = Stages(reference=True, bm25=True, dense=True, expansion=False, article_questions=False,
               case_lift=False, citation_prior=False, guides=False, guide_lift=False, doc_balance=False,
               drop_repeats=False, problem_split=False, asking_focus=False)
# name -> stages; the first three are the plain methods, then stages added one at a time,
# then the default pipeline with one stage added or taken out at a time.
DEFAULT = "+ query shaping (default pipeline)"
_LIFTS = dict(expansion=True, article_questions=True, case_lift=True)
CONFIGS: dict[str, Stages] = {
    "BM25": replace(_BASE, dense=False),
    "dense": replace(_BASE, bm25=False),
    "hybrid (RRF)": _BASE,
    "+ vocabulary expansion": replace(_BASE, expansion=True),
    "+ article questions": replace(_BASE, expansion=True, article_questions=True),
    "+ case lift": replace(_BASE, **_LIFTS),
    "+ citation prior": replace(_BASE, **_LIFTS, citation_prior=True),
    "+ guides as results": replace(_BASE, **_LIFTS, citation_prior=True, guides=True),
    "+ guide lift": replace(_BASE, **_LIFTS, citation_prior=True, guides=True, guide_lift=True),
    DEFAULT: Stages(),
    "default + document balance": replace(Stages(), doc_balance=True),
    "default + questions for every article": replace(Stages(), more_article_questions=True),
    "default − guide questions": replace(Stages(), guide_questions=False),
    "default − vocabulary expansion": replace(Stages(), expansion=False),
    "default − expansion on long questions": replace(Stages(), expansion_long=False),
    "default − drop repeats": replace(Stages(), drop_repeats=False),
    "default − problem split": replace(Stages(), problem_split=False),
    "default − asking focus": replace(Stages(), asking_focus=False),
    "default − article questions": replace(Stages(), article_questions=False),
    "default − case lift": replace(Stages(), case_lift=False),
    "default − citation prior": replace(Stages(), citation_prior=False),
    "default − guide lift": replace(Stages(), guide_lift=False),
    "default − guides": replace(Stages(), guides=False, guide_lift=False),
    "default − dense": replace(Stages(), dense=False),
    "default − BM25": replace(Stages(), bm25=False),
}
# run only where a reranker was trained (`legalqa train-reranker`, never in set-up or CI): its rows
# are printed and written into the report, never recorded as expected figures or checked
WITH_RERANKER: dict[str, Stages] = {"default + reranker": replace(Stages(), rerank=True)}


@dataclass
class Scores:
    n: int
    recall: dict[int, float]
    mrr10: float
    case_at_1: float | None = None

    def metrics(self) -> dict[str, float | None]:
        """The figures by their METRICS names (case@1 is None without paraphrases)."""
        return {**{f"R@{k}": self.recall[k] for k in KS}, "MRR@10": self.mrr10, "case@1": self.case_at_1}


def load_jsonl(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def gold_articles(question: dict, service: SearchService) -> set[str]:
    gold = set()
    for cited in question.get("cited_articles", []):
        art = service.library.article(str(cited["law"]), int(cited["article"]))
        if art is not None:
            gold.add(art.id)
    return gold


def score_articles(service: SearchService, questions: list[dict], stages: Stages) -> Scores:
    hits = {k: 0 for k in KS}
    rr = 0.0
    n = 0
    for q in questions:
        gold = gold_articles(q, service)
        if not gold:
            continue
        n += 1
        ranked = service.article_ids(q["question"], top=max(KS), stages=stages)
        first = next((i for i, aid in enumerate(ranked) if aid in gold), None)
        for k in KS:
            hits[k] += first is not None and first < k
        if first is not None and first < 10:
            rr += 1 / (first + 1)
    return Scores(n, {k: hits[k] / n if n else 0.0 for k in KS}, rr / n if n else 0.0)


def case_for_issue(service: SearchService, issue_file: str) -> str | None:
    for case in service.library.cases.values():
        if case.source.get("issue_file") == issue_file:
            return case.id
    return None


def score_paraphrases(service: SearchService, paraphrases: list[dict], stages: Stages) -> float:
    if not paraphrases:
        return 0.0
    good = 0
    for p in paraphrases:
        expected = case_for_issue(service, p["source_issue_file"])
        ranked, _ = service.rank(p["question"], stages=stages, top=30)
        first_case = next((c.target for c in ranked if c.target.startswith("case/")), None)
        good += expected is not None and first_case == expected
    return good / len(paraphrases)


class _QueryCache:
    """Wraps an embedder so each question is embedded once across all configurations."""

    def __init__(self, inner):
        self.name, self.dimension = inner.name, inner.dimension
        self._one = lru_cache(maxsize=4096)(lambda text, kind: inner.embed([text], kind=kind)[0])

    def embed(self, texts, kind):
        return np.stack([self._one(t, kind) for t in texts])


def _cache_queries(service: SearchService) -> None:
    if service.embedder is not None and not isinstance(service.embedder, _QueryCache):
        service.embedder = _QueryCache(service.embedder)


def evaluate(service: SearchService, questions: list[dict], paraphrases: list[dict],
             configs: dict[str, Stages] = CONFIGS) -> dict[str, Scores]:
    _cache_queries(service)
    table = {}
    for name, stages in configs.items():
        s = score_articles(service, questions, stages)
        s.case_at_1 = score_paraphrases(service, paraphrases, stages) if paraphrases else None
        table[name] = s
    return table


def format_table(table: dict[str, Scores]) -> str:
    head = "| configuration | " + " | ".join(f"R@{k}" for k in KS) + " | MRR@10 | seed cases case@1 |"
    lines = [head, "|" + "---|" * (len(KS) + 3)]
    for name, s in table.items():
        case = f"{s.case_at_1:.2f}" if s.case_at_1 is not None else "–"
        lines.append(f"| {name} | " + " | ".join(f"{s.recall[k]:.2f}" for k in KS) + f" | {s.mrr10:.3f} | {case} |")
    return "\n".join(lines)


def _commit() -> str:
    """The commit of the code that runs ("unknown" outside a git checkout)."""
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).parent, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


@dataclass(frozen=True)
class Run:
    """What produced a table: the command, its inputs, and the model and corpus it ran on."""
    command: str
    model: str
    corpus_hash: str
    commit: str
    date: str
    index_units: int
    questions: int  # dev questions with a cited article in the corpus
    paraphrases: int

    @classmethod
    def of(cls, command: str, service: SearchService, table: dict[str, "Scores"], n_paraphrases: int) -> "Run":
        m = service.index.manifest
        return cls(command, str(m.get("model")), str(m.get("corpus_hash")), _commit(),
                   datetime.now(timezone.utc).date().isoformat(), int(m.get("units", 0)),
                   next(iter(table.values())).n, n_paraphrases)


def eval_command(questions: str, paraphrases: str) -> str:
    """The command that produces the figures (what --check re-runs and --record records)."""
    return f"legalqa eval --questions {shlex.quote(questions)} --paraphrases {shlex.quote(paraphrases)}"


def write_report(path: Path, table: dict[str, Scores], run: Run, questions_path: str) -> None:
    """Put the table, with the command, commit, model and corpus hash, between the eval markers."""
    block = "\n".join([
        f"<!-- eval:begin (generated by `{run.command}`; do not edit by hand) -->",
        f"Command: `{run.command}`  ",
        f"Date: {run.date} · commit `{run.commit}` · model `{run.model}` · "
        f"corpus hash `{run.corpus_hash[:12]}` · index units {run.index_units}  ",
        f"Questions: `{questions_path}` ({run.questions} with a cited article in the corpus) · "
        f"paraphrases of the three magazine cases: {run.paraphrases}",
        "",
        format_table(table),
        "<!-- eval:end -->",
    ])
    text = path.read_text("utf-8") if path.exists() else "# Retrieval quality\n\n"
    if "<!-- eval:begin" in text:
        start, end = text.index("<!-- eval:begin"), text.index("<!-- eval:end -->") + len("<!-- eval:end -->")
        text = text[:start] + block + text[end:]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


# --- expected figures: recorded explicitly, checked with a tolerance --------------------------

EXPECTED_HEADER = """\
# Retrieval figures expected from `command`, per configuration of the ablation table.
# Written only by `legalqa eval --record` (`make eval-record`); `legalqa eval --check`
# (`make eval`) re-runs the command and compares every figure with a tolerance.
"""


def record_expected(path: Path, table: dict[str, Scores], run: Run) -> None:
    data = {**asdict(run),
            "configurations": {name: {m: None if v is None else round(v, 4) for m, v in s.metrics().items()}
                               for name, s in table.items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EXPECTED_HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                                     default_flow_style=None, width=200), "utf-8")


def load_expected(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


@dataclass(frozen=True)
class CheckLine:
    configuration: str
    metric: str
    expected: float | None  # None: no such figure (case@1 without paraphrases)
    got: float | None
    tolerance: float
    absent: str = ""  # "not run" / "not recorded" when the configuration is on one side only

    @property
    def ok(self) -> bool:
        if self.absent:
            return False
        if self.expected is None or self.got is None:
            return self.expected is None and self.got is None
        return abs(self.got - self.expected) <= self.tolerance + 1e-9

    def __str__(self) -> str:
        def show(x: float | None) -> str:
            return "missing" if x is None else f"{x:.4f}"
        why = f"  (configuration {self.absent})" if self.absent else ""
        if not self.ok and self.expected is not None and self.got is not None:
            why = "  (dropped)" if self.got < self.expected else "  (rose: record the new baseline)"
        return (f"{'OK  ' if self.ok else 'FAIL'}  {self.configuration:40s} {self.metric:7s} "
                f"expected {show(self.expected)}  got {show(self.got)}  tolerance {self.tolerance}{why}")


def check(expected: dict[str, dict[str, float | None]], table: dict[str, Scores],
          tolerance: float = TOLERANCE) -> list[CheckLine]:
    """One line per configuration × metric of the expected figures and of the run: a figure
    off by more than the tolerance either way, or a configuration on one side only, is a FAIL."""
    lines = []
    for name in list(expected) + [n for n in table if n not in expected]:
        absent = "not run" if name not in table else "not recorded" if name not in expected else ""
        want = expected.get(name, {})
        got = table[name].metrics() if name in table else {}
        lines.extend(CheckLine(name, metric, want.get(metric), got.get(metric), tolerance, absent)
                     for metric in METRICS)
    return lines


DEV_QUESTIONS = "../shared/eval/labour_qa_dev.jsonl"


def question_files(args) -> list[str]:
    """The --questions files given (the option may repeat), else the dev set."""
    return args.questions or [DEV_QUESTIONS]


def run_eval(args, settings: Settings) -> int:
    from legalqa.service import open_service

    files = question_files(args)
    if len(files) > 1:
        print("检索评测一次只评一个题集 / retrieval is measured on one question file at a time", file=sys.stderr)
        return 2
    questions_file = files[0]
    service = open_service(settings, build=True, log=lambda m: print(m, file=sys.stderr))
    questions = load_jsonl(Path(questions_file))
    para_path = Path(args.paraphrases)
    paraphrases = load_jsonl(para_path) if para_path.exists() else []
    table = evaluate(service, questions, paraphrases,
                     {**CONFIGS, **(WITH_RERANKER if service.reranker is not None else {})})
    print(format_table(table))
    checked = {name: scores for name, scores in table.items() if name in CONFIGS}
    run = Run.of(eval_command(questions_file, args.paraphrases), service, table, len(paraphrases))
    expected_path = Path(args.expected) if args.expected else settings.data_dir / EXPECTED_PATH
    report_path = settings.data_dir / REPORT_PATH
    if args.write:  # a table only: the expected figures are never touched here
        write_report(Path(args.write), table, run, questions_file)
        print(f"wrote {args.write}", file=sys.stderr)
    if args.record:
        record_expected(expected_path, checked, run)
        write_report(report_path, table, run, questions_file)
        print(f"recorded {expected_path} and {report_path}", file=sys.stderr)
    if args.check:
        return print_check(load_expected(expected_path), checked, run,
                           TOLERANCE if args.tolerance is None else args.tolerance)
    return 0


def print_check(expected: dict, table: dict[str, Scores], run: Run, tolerance: float) -> int:
    """Print the check, one line per configuration × metric; 1 when any line is a FAIL."""
    print(f"recorded: commit {expected.get('commit')} · model {expected.get('model')} · corpus "
          f"{str(expected.get('corpus_hash'))[:12]} · `{expected.get('command')}`")
    print(f"this run: commit {run.commit} · model {run.model} · corpus {run.corpus_hash[:12]} · `{run.command}`")
    lines = check(expected.get("configurations") or {}, table, tolerance)
    for line in lines:
        print(line)
    failed = sum(not line.ok for line in lines)
    print(f"check: {len(lines) - failed} OK, {failed} FAIL (tolerance {tolerance})")
    return 1 if failed else 0

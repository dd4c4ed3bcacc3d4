"""Retrieval evaluation: Recall@k and MRR@10 of article retrieval per pipeline configuration
(an ablation table), plus case@1 on the paraphrase set of the magazine cases."""

import json
import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import numpy as np

from legalqa.search import SearchService, Stages
from legalqa.settings import PROJECT_ROOT, Settings

KS = (1, 5, 10, 20)
EXPECTED_PATH = PROJECT_ROOT / "docs" / "retrieval_expected.json"
TOLERANCE = 0.02

_BASE = Stages(reference=True, bm25=True, dense=True, expansion=False, article_questions=False,
               case_lift=False, citation_prior=False, doc_balance=False)
# name -> stages; the first three are the plain methods, then stages added one at a time,
# then the default pipeline with one stage added or taken out at a time.
DEFAULT = "+ citation prior (default pipeline)"
CONFIGS: dict[str, Stages] = {
    "BM25": replace(_BASE, dense=False),
    "dense": replace(_BASE, bm25=False),
    "hybrid (RRF)": _BASE,
    "+ vocabulary expansion": replace(_BASE, expansion=True),
    "+ article questions": replace(_BASE, expansion=True, article_questions=True),
    "+ case lift": replace(_BASE, expansion=True, article_questions=True, case_lift=True),
    "+ citation prior (default pipeline)": Stages(),
    "default + document balance": replace(Stages(), doc_balance=True),
    "default − vocabulary expansion": replace(Stages(), expansion=False),
    "default − article questions": replace(Stages(), article_questions=False),
    "default − case lift": replace(Stages(), case_lift=False),
    "default − citation prior": replace(Stages(), citation_prior=False),
    "default − dense": replace(Stages(), dense=False),
    "default − BM25": replace(Stages(), bm25=False),
}


@dataclass
class Scores:
    n: int
    recall: dict[int, float]
    mrr10: float
    case_at_1: float | None = None


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
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=PROJECT_ROOT, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_report(path: Path, table: dict[str, Scores], command: str, service: SearchService,
                 questions_path: str, n_para: int) -> None:
    m = service.index.manifest
    n = next(iter(table.values())).n
    block = "\n".join([
        "<!-- eval:begin (generated by `legalqa eval --write`; do not edit by hand) -->",
        f"Command: `{command}`  ",
        f"Date: {datetime.now(timezone.utc).date().isoformat()} · commit `{_commit()}` · model `{m.get('model')}` · "
        f"corpus hash `{str(m.get('corpus_hash'))[:12]}` · index units {m.get('units')}  ",
        f"Questions: `{questions_path}` ({n} with a cited article in the corpus) · "
        f"paraphrases of the three magazine cases: {n_para}",
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


def check_against_expected(table: dict[str, Scores], expected_path: Path = EXPECTED_PATH) -> tuple[bool, str]:
    expected = json.loads(expected_path.read_text("utf-8"))
    name, want = expected["configuration"], expected["recall_at_5"]
    got = table[name].recall[5]
    ok = got >= want - TOLERANCE
    return ok, f"{'OK' if ok else 'FAIL'}: {name} R@5 {got:.3f} (recorded {want:.3f}, tolerance {TOLERANCE})"


def run_eval(args, settings: Settings) -> int:
    from legalqa.service import open_service

    service = open_service(settings, build=True, log=lambda m: print(m, file=sys.stderr))
    questions = load_jsonl(Path(args.questions))
    para_path = Path(args.paraphrases)
    paraphrases = load_jsonl(para_path) if para_path.exists() else []
    configs = {DEFAULT: Stages()} if args.check else CONFIGS
    table = evaluate(service, questions, paraphrases, configs)
    print(format_table(table))
    if args.write:
        command = f"legalqa eval --questions {args.questions} --write {args.write}"
        write_report(Path(args.write), table, command, service, args.questions, len(paraphrases))
        full = table[DEFAULT]
        EXPECTED_PATH.write_text(json.dumps({"configuration": DEFAULT,
                                             "recall_at_5": round(full.recall[5], 4),
                                             "questions": args.questions, "command": command},
                                            ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(f"wrote {args.write} and {EXPECTED_PATH.relative_to(PROJECT_ROOT)}", file=sys.stderr)
    if args.check:
        ok, message = check_against_expected(table)
        print(message)
        return 0 if ok else 1
    return 0

"""Command line: legalqa serve | mcp | prepare | build-index | search | ingest-issue | calc | eval | train-reranker | bench | loadtest."""

import argparse
import json
import sys
from pathlib import Path

from legalqa.settings import Settings, get_settings


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_prepare(args, settings: Settings) -> int:
    from legalqa.service import open_service

    open_service(settings, build=True, log=lambda m: print(m, file=sys.stderr))
    print(f"ready: index at {settings.index_dir}", file=sys.stderr)
    return 0


def cmd_build_index(args, settings: Settings) -> int:
    from legalqa.service import open_service

    if args.force:
        (settings.index_dir / "manifest.json").unlink(missing_ok=True)
    open_service(settings, build=True, log=lambda m: print(m, file=sys.stderr))
    return 0


def cmd_serve(args, settings: Settings) -> int:
    import uvicorn

    from api.main import create_app

    settings = settings.model_copy(update={"host": args.host or settings.host, "port": args.port or settings.port})
    if args.workers > 1:
        # each worker process builds its app from the environment (a stale index is built by
        # the first worker; the others wait on the build lock and find it current)
        uvicorn.run("api.main:create_app", factory=True, workers=args.workers, host=settings.host,
                    port=settings.port, log_level="info", access_log=False)
        return 0
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info",
                access_log=False)
    return 0


def cmd_mcp(args, settings: Settings) -> int:
    from legalqa.mcp_server import serve

    return serve(settings)


def cmd_search(args, settings: Settings) -> int:
    from legalqa.service import open_service
    from legalqa.validation import validate_query

    problem = validate_query(args.query, args.k, settings)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    service = open_service(settings, build=True, log=lambda m: print(m, file=sys.stderr))
    response = service.search(args.query, k=args.k)
    if args.json:
        _print_json(response.model_dump(mode="json"))
    else:
        print(f"问题：{response.query}（可信度 {response.confidence}）")
        for i, r in enumerate(response.results, 1):
            print(f"{i:2}. [{'案例' if r.kind == 'case' else '法条'}] {r.title}  ({r.score:.4f})")
            print(f"    {r.snippet}")
    return 0


def cmd_ingest_issue(args, settings: Settings) -> int:
    from legalqa.ingest import NO_COLUMN_MESSAGE, ingest_issue

    path = Path(args.path)
    if not path.is_file():
        print(f"文件不存在 / no such file: {path}", file=sys.stderr)
        return 2
    try:
        written = ingest_issue(path, Path(args.cases_dir) if args.cases_dir else settings.cases_dir)
    except (ValueError, UnicodeDecodeError) as exc:
        print(f"无法解析该期杂志，未写入任何文件 / could not read the issue, nothing written: {exc}",
              file=sys.stderr)
        return 2
    if not written:
        print(NO_COLUMN_MESSAGE)
        return 0
    for p in written:
        print(f"已写入 / wrote {p}")
    return 0


def cmd_calc(args, settings: Settings) -> int:
    from legalqa.calculators import list_calculators, run_calculator
    from legalqa.errors import UserError

    if args.name is None or args.list:
        _print_json([c.model_dump(mode="json") for c in list_calculators()])
        return 0
    try:
        payload = json.loads(args.json or "{}")
    except json.JSONDecodeError as exc:
        print(f"输入不是合法的 JSON / input is not valid JSON: {exc}", file=sys.stderr)
        return 2
    try:
        result = run_calculator(args.name, payload, settings)
    except UserError as exc:
        _print_json(exc.as_json())
        return 2
    _print_json(result.model_dump(mode="json"))
    return 0


def cmd_eval(args, settings: Settings) -> int:
    if args.answers:
        from legalqa.answer_eval import run_answer_eval

        return run_answer_eval(args, settings)
    from legalqa.evaluate import run_eval

    return run_eval(args, settings)


def cmd_train_reranker(args, settings: Settings) -> int:
    from legalqa.rerank_train import train_reranker
    from legalqa.service import open_service

    service = open_service(settings, build=True, log=lambda m: print(m, file=sys.stderr))
    out = Path(args.out) if args.out else settings.reranker_dir
    facts = train_reranker(service, settings.model_dir, settings.knowledge_dir, out, layers=args.layers,
                           epochs=args.epochs, max_length=args.max_length, negatives=args.negatives,
                           log=lambda m: print(m, file=sys.stderr))
    _print_json(facts)
    print(f"reranker written to {out}; measure it with `legalqa eval` (row \"+ reranker\")", file=sys.stderr)
    return 0


def cmd_bench(args, settings: Settings) -> int:
    from legalqa.bench import run_bench

    return run_bench(args, settings)


def cmd_loadtest(args, settings: Settings) -> int:
    from legalqa.loadtest import run_loadtest

    return run_loadtest(args, settings)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="legalqa", description="广东职工维权法律问答 / worker-rights legal Q&A")
    sub = p.add_subparsers(dest="command", required=True)

    sub.add_parser("prepare", help="import the embedding model and build the index if missing or stale")
    s = sub.add_parser("build-index", help="build the index (only when stale unless --force)")
    s.add_argument("--force", action="store_true")
    s = sub.add_parser("serve", help="serve the API and web page")
    s.add_argument("--host")
    s.add_argument("--port", type=int)
    s.add_argument("--workers", type=int, default=1, help="server processes (each loads the model and index)")
    sub.add_parser("mcp", help="serve the chatbot tools over MCP on stdin/stdout (for LLM assistants)")
    s = sub.add_parser("search", help="search cases and articles")
    s.add_argument("query")
    s.add_argument("-k", type=int, default=10)
    s.add_argument("--json", action="store_true", help="print the same JSON as GET /api/search")
    s = sub.add_parser("ingest-issue", help="extract the 案例 columns of a raw magazine issue into cases/")
    s.add_argument("path")
    s.add_argument("--cases-dir")
    s = sub.add_parser("calc", help="run a calculator: legalqa calc NAME --json '{…}'")
    s.add_argument("name", nargs="?")
    s.add_argument("--json", help="input as a JSON object")
    s.add_argument("--list", action="store_true")
    s = sub.add_parser("eval", help="retrieval quality on a question file (Recall@k, MRR@10)")
    s.add_argument("--questions", action="append",
                   help="question file (default ../shared/eval/labour_qa_dev.jsonl); with --answers it may be "
                        "given several times: each set's figures, then their pooled calibration table")
    s.add_argument("--paraphrases", default="eval/seed_paraphrases.jsonl")
    s.add_argument("--write", help="also write the table into this markdown file (expected figures untouched)")
    mode = s.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="compare every figure with the recorded one: OK/FAIL per line, exit 1 on any FAIL")
    mode.add_argument("--record", action="store_true",
                      help="record these figures as the expected ones (docs/retrieval_expected.yaml and the "
                           "table in docs/retrieval.md)")
    s.add_argument("--expected", help="expected-figures file (default docs/retrieval_expected.yaml)")
    s.add_argument("--tolerance", type=float, help="largest difference still OK in --check (default 0.02)")
    s.add_argument("--answers", action="store_true",
                   help="answer measures instead: share through a guide, citing a lawyer-cited article, with next "
                        "steps, and the calibration table from eval/answer_judgements.jsonl")
    s.add_argument("--write-answers", action="store_true", help="with --answers: write the figures into docs/answers.md")
    s.add_argument("--dump-answers", metavar="FILE",
                   help="with --answers: write every answer with its question for judging (outside the repository)")
    s = sub.add_parser("train-reranker", help="fine-tune the optional cross-encoder reranker on the project's own "
                       "pairs (CPU, minutes; never run by set-up or CI)")
    s.add_argument("--layers", type=int, default=4, help="transformer layers kept from e5 (fewer = faster)")
    s.add_argument("--epochs", type=int, default=1)
    s.add_argument("--max-length", type=int, default=128, help="tokens of question + article read")
    s.add_argument("--negatives", type=int, default=2, help="first-stage candidates per question taken as negatives")
    s.add_argument("--out", help="folder to write (default LEGALQA_RERANKER_DIR)")
    s = sub.add_parser("bench", help="build time, cold start, search latency (CLI and HTTP), peak memory")
    s.add_argument("--queries", type=int, default=200)
    s.add_argument("--encoder", choices=("onnx", "torch"),
                   help="run with this LEGALQA_ENCODER (default: the setting); the index is rebuilt for it if needed")
    s = sub.add_parser("loadtest", help="concurrent clients against `legalqa serve` on 127.0.0.1 (a benchmark)")
    s.add_argument("--workers", type=int, default=4, help="server worker processes")
    s.add_argument("--clients", type=int, default=16, help="concurrent clients")
    s.add_argument("--seconds", type=float, default=20.0, help="time limit per endpoint")
    s.add_argument("--requests", type=int, default=2000, help="request limit per endpoint")
    s.add_argument("--write", help="append the results as markdown to this file (e.g. docs/load.md)")
    return p


COMMANDS = {"prepare": cmd_prepare, "build-index": cmd_build_index, "serve": cmd_serve, "mcp": cmd_mcp,
            "search": cmd_search, "ingest-issue": cmd_ingest_issue, "calc": cmd_calc,
            "eval": cmd_eval, "train-reranker": cmd_train_reranker, "bench": cmd_bench, "loadtest": cmd_loadtest}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code = COMMANDS[args.command](args, get_settings())
    if argv is None:
        sys.exit(code)
    return code

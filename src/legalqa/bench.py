"""Benchmark (prints figures; never a pass/fail test): index build time (with the onnx encoder also
with onnxruntime alone embedding the texts, against the default OpenVINO), cold start,
search latency p50/p95 in-process (the CLI path) and over HTTP on loopback, the encoder's own time for
one query in the same run (and search p50 over it), peak memory, and the MCP server's start: to
`initialize` answered and from there to the first tool call's answer. `--encoder` runs it all, the
processes it starts included, with LEGALQA_ENCODER set to that value."""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from legalqa.live_server import live_server
from legalqa.settings import Settings

BENCH_QUERIES = [
    "辞职以后还能反悔吗", "公司不发高温补贴怎么办", "家里人病故了单位要给什么抚恤",
    "老板拖欠三个月工资", "没签劳动合同能要双倍工资吗", "加班费怎么算", "试用期最长多久",
    "公司裁员要给补偿吗", "上班路上出车祸算工伤吗", "产假有多少天", "年假没休完公司要给钱吗",
    "劳动合同法第47条", "第四十七条", "社保断缴了怎么办", "被公司开除了怎么维权",
    "怀孕期间被辞退", "竞业限制补偿金", "劳务派遣工同工同酬", "最低工资是多少", "仲裁时效是多久",
]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def mcp_first_answer(command: list[str], cwd: Path, question: str = BENCH_QUERIES[0]) -> tuple[float, float]:
    """Seconds from starting the MCP server `command` to `initialize` answered, and from `initialize` to the
    answer of a first tool call (search_cases_and_law), over stdio with the SDK's client."""
    import anyio
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    params = StdioServerParameters(command=command[0], args=command[1:], env=dict(os.environ), cwd=str(cwd))

    async def run() -> tuple[float, float]:
        with open(os.devnull, "w") as errlog:
            started = time.perf_counter()
            async with stdio_client(params, errlog=errlog) as (read, write), ClientSession(read, write) as session:
                await session.initialize()
                initialized = time.perf_counter()
                result = await session.call_tool("search_cases_and_law", {"q": question, "k": 5})
                answered = time.perf_counter()
                if result.is_error:
                    raise RuntimeError(f"the MCP server answered an error: {result.content}")
                return initialized - started, answered - initialized

    return anyio.run(run)


def run_bench(args, settings: Settings) -> int:
    import httpx

    from legalqa.embedder import load_embedder
    from legalqa.indexing import ensure_index

    from legalqa.service import open_service

    if args.encoder:
        os.environ["LEGALQA_ENCODER"] = args.encoder  # for the CLI, server and MCP processes started below
        settings = settings.model_copy(update={"encoder": args.encoder})
    figures: dict[str, float | str | None] = {"load average at start (1 min)": round(os.getloadavg()[0], 2)}
    service = open_service(settings, build=True, log=lambda m: print(m, file=sys.stderr))
    figures["encoder"] = service.embedder.name
    figures["index units"] = service.index.manifest["units"]

    # build time: a full build into a scratch directory with the real model; with the onnx encoder
    # also with onnxruntime alone embedding the texts (the default, OpenVINO, against the float32 path)
    builds = [("index build (s)", service.embedder)]
    if settings.encoder == "onnx" and settings.index_runtime == "openvino":
        builds.append(("index build, onnxruntime alone (s)",
                       load_embedder(settings.model, settings.model_dir, settings.encoder, "onnxruntime")))
    for figure, embedder in builds:
        with tempfile.TemporaryDirectory() as tmp:
            scratch = settings.model_copy(update={"index_dir": Path(tmp) / "index"})
            started = time.perf_counter()
            ensure_index(scratch, service.library, embedder, log=lambda m: None)
            figures[figure] = round(time.perf_counter() - started, 1)

    # cold start in-process, as the server starts: library, model, index check and load
    started = time.perf_counter()
    open_service(settings, build=False, log=lambda m: None).search("辞职以后还能反悔吗")
    figures["cold start in-process, to first answer (s)"] = round(time.perf_counter() - started, 2)

    # cold start of the CLI as a user runs it
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "legalqa", "search", "辞职以后还能反悔吗", "--json", "-k", "5"],
                   check=True, capture_output=True, cwd=settings.data_dir)
    figures["cold start CLI `legalqa search` (s)"] = round(time.perf_counter() - started, 2)

    n = args.queries
    queries = [BENCH_QUERIES[i % len(BENCH_QUERIES)] + ("" if i < len(BENCH_QUERIES) else f" {i}") for i in range(n)]
    latencies, encoder_latencies = [], []
    for q in queries:  # each query through the encoder alone, then the whole search: the same load on both
        t = time.perf_counter()
        service.embedder.embed([q], kind="query")
        encoder_latencies.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        service.search(q, k=10)
        latencies.append((time.perf_counter() - t) * 1000)
    figures["search p50 in-process (ms)"] = round(_percentile(latencies, 50), 1)
    figures["search p95 in-process (ms)"] = round(_percentile(latencies, 95), 1)
    figures["encoder p50, one query (ms)"] = round(_percentile(encoder_latencies, 50), 1)
    figures["search p50 / encoder p50"] = round(_percentile(latencies, 50) / _percentile(encoder_latencies, 50), 2)
    figures["peak RSS of this process (MB)"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    with tempfile.TemporaryDirectory() as tmp, \
            live_server(Path(tmp) / "server.log", cwd=settings.data_dir, timeout=300) as server:
        figures["server start to ready (s)"] = round(server.ready_seconds, 2)
        http_lat = []
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            for q in queries:
                t = time.perf_counter()
                r = client.get("/api/search", params={"q": q, "k": 10})
                r.raise_for_status()
                http_lat.append((time.perf_counter() - t) * 1000)
        figures["search p50 over HTTP (ms)"] = round(_percentile(http_lat, 50), 1)
        figures["search p95 over HTTP (ms)"] = round(_percentile(http_lat, 95), 1)
        figures["server peak RSS (MB)"] = round(_vm_hwm_mb(server.pid) or 0)

    to_initialize, to_first_answer = mcp_first_answer([sys.executable, "-m", "legalqa", "mcp"], settings.data_dir)
    figures["MCP start to `initialize` answered (s)"] = round(to_initialize, 2)
    figures["MCP `initialize` to first tool answer (s)"] = round(to_first_answer, 2)

    figures["queries"] = n
    figures["load average at end (1 min)"] = round(os.getloadavg()[0], 2)
    figures["mean in-process (ms)"] = round(statistics.mean(latencies), 1)
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    return 0

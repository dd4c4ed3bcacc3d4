"""Load test (a benchmark that prints figures, never a pass/fail test): starts
`legalqa serve --workers N` on 127.0.0.1, then for search, answer and a calculator sends
requests from concurrent clients, bounded in time and in count, and reports throughput,
latency p50/p95/p99 and errors. Traffic goes to 127.0.0.1 only."""

import itertools
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from legalqa.bench import BENCH_QUERIES
from legalqa.live_server import HOST, live_server
from legalqa.settings import Settings

START_TIMEOUT = 900  # seconds; the first start may build the index with the real model
HEAT_INPUT = {"outdoor": True, "months": [{"month": "2024-07"}, {"month": "2024-08", "heat_days": 12}]}


@dataclass
class Scenario:
    name: str
    method: str
    path: str
    request: Callable[[int], dict]  # i-th request's httpx keyword arguments
    documented_as: str = ""  # the path in /openapi.json, when it has a parameter

    @property
    def openapi_path(self) -> str:
        return self.documented_as or self.path


SCENARIOS = [
    Scenario("search", "GET", "/api/v1/search",
             lambda i: {"params": {"q": BENCH_QUERIES[i % len(BENCH_QUERIES)], "k": 10}}),
    Scenario("answer", "GET", "/api/v1/answer",
             lambda i: {"params": {"q": BENCH_QUERIES[i % len(BENCH_QUERIES)]}}),
    Scenario("calculator heat_allowance", "POST", "/api/v1/calculators/heat_allowance",
             lambda i: {"json": HEAT_INPUT}, documented_as="/api/v1/calculators/{name}"),
]


@dataclass
class Result:
    name: str
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)  # status code, or exception when no response -> count
    no_response: int = 0
    note: str = ""

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + self.no_response

    def percentile(self, p: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]

    def row(self) -> list[str]:
        if self.note:
            return [self.name, "–", "–", "–", "–", "–", "–", "–", self.note]
        errors = sum(self.errors.values())
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors.items())) if errors else ""
        return [self.name, str(self.requests), str(errors), f"{self.requests / self.seconds:.1f}",
                f"{self.percentile(50):.0f}", f"{self.percentile(95):.0f}", f"{self.percentile(99):.0f}",
                f"{max(self.latencies_ms):.0f}", detail]


def run_scenario(base: str, scenario: Scenario, clients: int, seconds: float, max_requests: int) -> Result:
    """`clients` threads, each with its own connection, until `seconds` pass or `max_requests` are sent."""
    import httpx

    result = Result(scenario.name)
    numbers = itertools.count()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client_loop() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.perf_counter() < deadline:
                with lock:
                    i = next(numbers)
                if i >= max_requests:
                    return
                started = time.perf_counter()
                try:
                    r = client.request(scenario.method, scenario.path, **scenario.request(i))
                    status = r.status_code
                except httpx.HTTPError as exc:
                    with lock:
                        result.no_response += 1
                        result.errors[type(exc).__name__] += 1
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    result.latencies_ms.append(elapsed)
                    if status != 200:
                        result.errors[str(status)] += 1

    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - started
    return result


def _commit() -> str:
    """The commit of the code that runs ("unknown" outside a git checkout)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=Path(__file__).parent, capture_output=True,
                              text=True).stdout.strip()

    sha = git("rev-parse", "--short", "HEAD") or "unknown"
    return sha + (" (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else "")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return f"{line.split(':', 1)[1].strip()} × {os.cpu_count()}"
    except OSError:
        pass
    return f"{platform.processor() or platform.machine()} × {os.cpu_count()}"


def report(results: list[Result], facts: dict[str, str]) -> str:
    head = ["endpoint", "requests", "errors", "throughput (req/s)", "p50 (ms)", "p95 (ms)", "p99 (ms)", "max (ms)",
            "notes"]
    lines = [f"- {k}: {v}" for k, v in facts.items()] + ["", "| " + " | ".join(head) + " |",
                                                          "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r.row()) + " |" for r in results]
    return "\n".join(lines)


def run_loadtest(args, settings: Settings) -> int:
    import httpx

    load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    # measure the service, not the key limit
    with tempfile.TemporaryDirectory() as tmp, \
            live_server(Path(tmp) / "server.log", env={"LEGALQA_API_KEYS": ""}, workers=args.workers,
                        cwd=settings.data_dir, timeout=START_TIMEOUT) as server:
        base = server.base_url
        health = httpx.get(f"{base}/healthz", timeout=10).json()
        paths = httpx.get(f"{base}/openapi.json", timeout=10).json()["paths"]
        results = []
        for scenario in SCENARIOS:
            if scenario.openapi_path not in paths:
                results.append(Result(scenario.name, note=f"skipped: {scenario.path} is not served"))
                continue
            # a short warm-up per worker and connection, not counted
            run_scenario(base, scenario, args.clients, seconds=5, max_requests=2 * args.clients * args.workers)
            results.append(run_scenario(base, scenario, args.clients, args.seconds, args.requests))
            print(f"{scenario.name}: done", file=sys.stderr)
    facts = {
        "date (UTC)": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": _commit(),
        "command": f"`{shlex.join(['legalqa', *sys.argv[1:]])}`",
        "machine": f"{_cpu()}, Python {platform.python_version()}; load average before the run {load_before} "
                   "(other work on the machine shares the CPUs)",
        "server": f"`legalqa serve --workers {args.workers}` on {HOST}, ready in {server.ready_seconds:.0f}s; "
                  f"model {health.get('model')}, {health.get('units')} index units",
        "load": f"{args.clients} concurrent clients (threads, one keep-alive connection each) per endpoint, "
                f"at most {args.seconds:g}s and {args.requests} requests each, after a 5s warm-up",
    }
    threads = {k: os.environ[k] for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS") if k in os.environ}
    if threads:
        facts["environment"] = ", ".join(f"{k}={v}" for k, v in threads.items())
    text = report(results, facts)
    print(text)
    if args.write:
        path = Path(args.write)
        previous = path.read_text("utf-8") if path.exists() else "# Load test\n"
        path.write_text(previous.rstrip("\n") + f"\n\n## {facts['date (UTC)'][:10]}, workers={args.workers}, "
                        f"clients={args.clients}\n\n{text}\n", "utf-8")
    return 0

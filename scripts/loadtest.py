"""Load test: gunicorn with N workers on PostgreSQL and Redis, under a mix of concurrent clients.

Loopback only and bounded (a duration and a request budget). It recreates the load database
(every table dropped) with the demo data, builds the assistant's indexes (`loket index`), starts
gunicorn with gunicorn.conf.py, then runs client threads that each play a series of visitors
(their own address, through X-Forwarded-For with LOKET_PROXY_HOPS=1, and their own cookies):
pages, vacancy pages (each counts a view), the JSON API, apply redirects (each counts a click),
assistant questions (each logs a row) and feedback on those answers (a CSRF-protected JSON
write). It prints requests/s, p50/p95 per kind and status counts, and checks that the rows
written equal the successful write responses. Exit 1 when a check fails. Not a test: run it by
hand and copy the figures into docs/benchmarks.md.

    .venv/bin/python scripts/loadtest.py --workers 3 --clients 12 --duration 60

scripts/faults.py imports the clients and the server from here.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import ipaddress
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))  # this checkout's loket, not an installed one

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/load_ops"
DEFAULT_REDIS = "redis://127.0.0.1:6379/7"

#: How often a visitor does each thing (weights), as a mix of what the site's visitors do.
MIX = {"page": 30, "vacancy": 15, "api": 20, "apply": 10, "ask": 8, "feedback": 7, "health": 10}

PAGES = ["/", "/vacancies", "/vacancies?province=groningen", "/vacancies?q=python", "/vacancies?sort=salary",
         "/companies", "/guide", "/contact", "/vacancies?page=2", "/guide?lang=nl", "/assistant", "/feed.atom"]
API = ["/api/v1/vacancies", "/api/v1/vacancies?province=Friesland", "/api/v1/vacancies?q=developer&per_page=50",
       "/api/v1/vacancies?remote=hybrid&sort=closing"]
QUESTIONS = [("How do I find a job in Groningen?", "en"), ("Do I need a BSN to start working?", "en"),
             ("Hoe vraag ik een DigiD aan?", "nl"), ("python developer vacancies in Leeuwarden", "en"),
             ("What salary does a highly skilled migrant need?", "en"), ("Waar kan ik Nederlandse les volgen?", "nl"),
             ("Can my partner work in the Netherlands?", "en"), ("data engineer english only", "en")]


# --- loopback only -------------------------------------------------------------------------

class NotLoopback(SystemExit):
    pass


def require_loopback(*urls: str) -> None:
    """Refuse any target that is not this machine: a load or fault test is never aimed elsewhere."""
    for url in urls:
        host = urlsplit(url.replace("postgresql+psycopg", "postgresql")).hostname or ""
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
        except socket.gaierror:
            raise NotLoopback(f"refused: cannot resolve {host!r} in {url!r}") from None
        if not addresses or not all(ipaddress.ip_address(a).is_loopback for a in addresses):
            raise NotLoopback(f"refused: {url!r} is not on this machine (loopback only)")


# --- the server ----------------------------------------------------------------------------

def loket(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([PYTHON, "-m", "loket.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"loket {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout.strip()


def fresh_database(database_url: str, redis_url: str) -> None:
    """Drop everything in the load database and the load Redis db (only those)."""
    import redis
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    redis.Redis.from_url(redis_url).flushdb()


def server_env(port: int, database_url: str, redis_url: str, instance: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    env.update(
        LOKET_ENV="production",
        LOKET_SECRET_KEY=secrets.token_hex(32),
        LOKET_BASE_URL=f"http://127.0.0.1:{port}",
        LOKET_DATABASE_URL=database_url,
        LOKET_RATELIMIT_STORAGE_URL=redis_url,
        LOKET_PROXY_HOPS="1",  # each simulated visitor has its own address (X-Forwarded-For)
        LOKET_INSTANCE_PATH=str(instance),
        LOKET_EMBEDDER=os.environ.get("LOKET_EMBEDDER", "auto"),
        PYTHONPATH=str(ROOT),
    )
    return env


def prepare(env: dict[str, str], database_url: str, redis_url: str) -> None:
    fresh_database(database_url, redis_url)
    print(loket(env, "init-db", "--demo-if-empty"), flush=True)
    print(loket(env, "index"), flush=True)


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    log: Path

    def errors_logged(self) -> list[str]:
        text = self.log.read_text(errors="replace")
        return [line for line in text.splitlines() if "Traceback" in line or "[ERROR]" in line or "Internal Server Error" in line]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int, log: Path, ready_timeout: float = 300) -> Iterator[Server]:
    """gunicorn with gunicorn.conf.py and `workers` workers; waits until every worker answers /readyz."""
    handle = log.open("w")
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers)],
        cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + ready_timeout
        ok_in_a_row = 0
        while ok_in_a_row < workers * 4:  # workers warm up one by one: several 200s in a row
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not become ready; see {log}")
            status, _ = fetch(server.base, "/readyz", timeout=5)
            ok_in_a_row = ok_in_a_row + 1 if status == 200 else 0
            time.sleep(0.05 if status == 200 else 0.5)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        handle.close()


def fetch(base: str, path: str, timeout: float = 10) -> tuple[int, bytes]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""
    finally:
        connection.close()


# --- the clients ---------------------------------------------------------------------------

_META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass
class Outcome:
    kind: str
    status: int  # 0: no response (connection refused, reset or timed out)
    seconds: float
    at: float  # seconds since the run started
    friendly: bool = True  # a 5xx whose body is our "temporarily unavailable" page or JSON


@dataclass
class Results:
    outcomes: list[Outcome] = field(default_factory=list)
    duration: float = 0.0
    samples: dict = field(default_factory=dict)  # (kind, status) → the first body of a 5xx that was not friendly
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)

    def of(self, kind: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == kind]

    def ok(self, kind: str, status: int) -> int:
        return sum(1 for o in self.of(kind) if o.status == status)

    def unanswered(self, kind: str) -> int:
        return sum(1 for o in self.of(kind) if o.status == 0)


class Visitor:
    """One visitor: an address of its own, a cookie jar, the feedback tokens of its answers."""

    def __init__(self, base: str, rnd: random.Random, timeout: float):
        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.address = f"10.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
        self.cookies: dict[str, str] = {}
        self.csrf: str | None = None
        self.tokens: list[str] = []
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None) -> tuple[int, bytes]:
        sent = {"X-Forwarded-For": self.address, "Host": f"{self.host}:{self.port}", "User-Agent": "loket-loadtest"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=data, headers=sent)
                response = self.connection.getresponse()
                content = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                self.close()
                # A kept-alive connection the server had closed: try once more on a new one
                # (never a POST: it might have been received).
                if attempt == 1 and method == "GET" and isinstance(exc, http.client.RemoteDisconnected):
                    continue
                return 0, b""
            except OSError:
                self.close()
                return 0, b""
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, content
        return 0, b""  # pragma: no cover

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def friendly(status: int, body: bytes) -> bool:
    """Our outage answer: 503 with the "temporarily unavailable" page or JSON, never a bare 500."""
    if status < 500:
        return True
    text = body.decode("utf-8", "replace").lower()
    if status == 503 and text.startswith("{") and '"database"' in text and '"unavailable"' in text:
        return True  # /readyz saying "not ready": what it is for
    return status == 503 and ("temporarily unavailable" in text or "even niet beschikbaar" in text)


def act(visitor: Visitor, kind: str, rnd: random.Random, vacancy_ids: list[int]) -> tuple[str, int, bytes]:
    """Do one thing of `kind`; returns the kind actually done (feedback without a token asks first)."""
    if kind == "page":
        status, body = visitor.request("GET", rnd.choice(PAGES))
    elif kind == "vacancy":
        status, body = visitor.request("GET", f"/vacancies/{rnd.choice(vacancy_ids)}")
    elif kind == "api":
        path = rnd.choice(API) if rnd.random() < 0.6 else f"/api/v1/vacancies/{rnd.choice(vacancy_ids)}"
        status, body = visitor.request("GET", path)
    elif kind == "apply":
        status, body = visitor.request("GET", f"/vacancies/{rnd.choice(vacancy_ids)}/apply")
    elif kind == "health":
        status, body = visitor.request("GET", rnd.choice(["/healthz", "/readyz"]))
    elif kind == "feedback" and visitor.tokens and visitor.csrf:
        token = visitor.tokens.pop()
        status, body = visitor.request("POST", "/api/v1/feedback", {"token": token, "value": rnd.choice(["up", "down"])},
                                       {"X-CSRFToken": visitor.csrf})
    elif kind == "feedback" and not visitor.csrf:
        kind = "page"  # the chat page, for its CSRF token and session cookie
        status, body = visitor.request("GET", "/assistant")
        match = _META_CSRF.search(body.decode("utf-8", "replace")) if status == 200 else None
        visitor.csrf = match.group(1) if match else None
    else:
        kind = "ask"
        question, lang = rnd.choice(QUESTIONS)
        status, body = visitor.request("POST", "/api/v1/ask", {"question": question, "lang": lang})
        if status == 200:
            visitor.tokens.append(json.loads(body)["feedback_token"])
    return kind, status, body


def run_clients(base: str, clients: int, duration: float, max_requests: int, vacancy_ids: list[int], seed: int = 13,
                timeout: float = 30, visits: int = 25, results: Results | None = None,
                stop: threading.Event | None = None) -> Results:
    """`clients` threads, each a series of visitors doing `visits` things, until the time or the budget is spent."""
    results = results or Results()
    stop = stop or threading.Event()
    budget = iter(range(max_requests))
    budget_lock = threading.Lock()
    kinds, weights = list(MIX), list(MIX.values())
    started = time.perf_counter()
    deadline = started + duration

    def client(number: int) -> None:
        rnd = random.Random(seed * 1000 + number)
        visitor = Visitor(base, rnd, timeout)
        done = 0
        while not stop.is_set() and time.perf_counter() < deadline:
            with budget_lock:
                if next(budget, None) is None:
                    break
            if done == visits:
                visitor.close()
                visitor, done = Visitor(base, rnd, timeout), 0
            begun = time.perf_counter()
            kind, status, body = act(visitor, rnd.choices(kinds, weights)[0], rnd, vacancy_ids)
            finished = time.perf_counter()
            outcome = Outcome(kind, status, finished - begun, begun - started, friendly(status, body))
            results.add(outcome)
            if not outcome.friendly:
                results.samples.setdefault((kind, status), body[:300])
            done += 1
        visitor.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.duration = time.perf_counter() - started
    return results


def open_vacancy_ids(base: str) -> list[int]:
    status, body = fetch(base, "/api/v1/vacancies?per_page=100")
    if status != 200:
        raise SystemExit(f"/api/v1/vacancies answered {status}")
    ids = [item["id"] for item in json.loads(body)["items"]]
    if not ids:
        raise SystemExit("no open vacancies to visit")
    return ids


# --- what was written ----------------------------------------------------------------------

def rows_written(database_url: str) -> dict[str, int]:
    """What the writes left in the database: logged questions, feedback, views and apply clicks."""
    from sqlalchemy import create_engine, func, select

    from loket.storage.models import VacancyDailyStat
    from loket.storage.models.assistant import QuestionLog

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return {
                "ask": connection.scalar(select(func.count(QuestionLog.id))),
                "feedback": connection.scalar(select(func.count(QuestionLog.id)).where(QuestionLog.feedback.is_not(None))),
                "vacancy": connection.scalar(select(func.coalesce(func.sum(VacancyDailyStat.views), 0))),
                "apply": connection.scalar(select(func.coalesce(func.sum(VacancyDailyStat.apply_clicks), 0))),
            }
    finally:
        engine.dispose()


#: Each write: the status that acknowledges it.
WRITES = {"ask": 200, "feedback": 200, "vacancy": 200, "apply": 303}


def check_writes(results: Results, rows: dict[str, int]) -> list[str]:
    """Rows == acknowledged writes; a write without an answer (connection lost) may or may not be there."""
    problems = []
    for kind, status in WRITES.items():
        acknowledged, unknown = results.ok(kind, status), results.unanswered(kind)
        if not acknowledged <= rows[kind] <= acknowledged + unknown:
            problems.append(f"{kind}: {rows[kind]} rows for {acknowledged} acknowledged writes"
                            + (f" (+{unknown} unanswered)" if unknown else ""))
    return problems


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(results: Results, rows: dict[str, int] | None = None) -> str:
    total = len(results.outcomes)
    lines = [f"{total} requests in {results.duration:.1f} s: {total / results.duration:.1f} requests/s",
             f"{'kind':<9} {'n':>6} {'p50 ms':>8} {'p95 ms':>8}  statuses"]
    for kind in list(MIX) + [k for k in {o.kind for o in results.outcomes} if k not in MIX]:
        outcomes = results.of(kind)
        if not outcomes:
            continue
        ms = [o.seconds * 1000 for o in outcomes if o.status]
        statuses = Counter(o.status for o in outcomes)
        lines.append(f"{kind:<9} {len(outcomes):>6} {percentile(ms, 50):>8.0f} {percentile(ms, 95):>8.0f}  "
                     + ", ".join(f"{s or 'none'}×{n}" for s, n in sorted(statuses.items())))
    all_ms = [o.seconds * 1000 for o in results.outcomes if o.status]
    lines.append(f"{'all':<9} {total:>6} {percentile(all_ms, 50):>8.0f} {percentile(all_ms, 95):>8.0f}  "
                 + ", ".join(f"{s or 'none'}×{n}" for s, n in sorted(Counter(o.status for o in results.outcomes).items())))
    if rows is not None:
        lines.append("writes (rows / acknowledged): " + ", ".join(
            f"{kind} {rows[kind]}/{results.ok(kind, status)}" for kind, status in WRITES.items()))
    return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (at most 600)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="stop after this many requests")
    parser.add_argument("--database-url", default=os.environ.get("LOKET_LOAD_DATABASE_URL", DEFAULT_DATABASE),
                        help="PostgreSQL database to recreate (everything in it is dropped)")
    parser.add_argument("--redis-url", default=os.environ.get("LOKET_LOAD_REDIS_URL", DEFAULT_REDIS),
                        help="Redis database for the rate limits (flushed)")
    parser.add_argument("--instance", type=Path, default=Path("/tmp/loket-load"), help="instance folder (indexes kept between runs)")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if not 0 < args.duration <= 600:
        parser.error("--duration must be between 0 and 600 seconds")
    port = args.port or free_port()
    require_loopback(args.database_url, args.redis_url, f"http://127.0.0.1:{port}")
    args.instance.mkdir(parents=True, exist_ok=True)
    env = server_env(port, args.database_url, args.redis_url, args.instance)
    prepare(env, args.database_url, args.redis_url)
    with gunicorn(env, port, args.workers, args.instance / "gunicorn.log") as server:
        ids = open_vacancy_ids(server.base)
        print(f"gunicorn: {args.workers} workers ready; {args.clients} clients for {args.duration:.0f} s", flush=True)
        results = run_clients(server.base, args.clients, args.duration, args.max_requests, ids)
        time.sleep(1)  # the last responses' transactions are committed before their answers; be generous
        errors = server.errors_logged()
    rows = rows_written(args.database_url)
    print(report(results, rows))
    problems = check_writes(results, rows)
    bad = [o for o in results.outcomes if o.status >= 500 or o.status == 0]
    if bad:
        problems.append(f"{len(bad)} responses were 5xx or missing: {Counter((o.kind, o.status) for o in bad)}")
    if errors:
        problems.append(f"{len(errors)} error lines in {server.log}, e.g. {errors[0]}")
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print("OK: no 5xx, every write acknowledged is in the database, and nothing more")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

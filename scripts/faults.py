"""Fault test: cut PostgreSQL and then Redis for 10 s each under load, through small TCP proxies.

gunicorn (as in scripts/loadtest.py, whose clients and server this imports) reaches the
database and Redis only through two proxies on loopback. Under a steady load the database is
cut (open connections reset, new ones refused) for 10 s, the site runs on, then Redis is cut for
10 s. Checks:

- never a bare 500: every 5xx is the friendly 503 ("temporarily unavailable"), and every
  request gets an answer (no hang, no reset);
- while Redis is cut, nothing fails at all (the rate limits count per worker meanwhile);
- recovery without restart: from 5 s after each cut ends no 503, `/readyz` is 200 with shared
  rate limits again, and no worker was restarted;
- nothing lost or doubled: every acknowledged write is in the database, and nothing more.

    .venv/bin/python scripts/faults.py --workers 3 --clients 12

Exit 1 when a check fails. Loopback only, like the load test.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadtest  # noqa: E402 - one piece of client code for both scripts


class Proxy:
    """Forwards TCP connections from a loopback port to `target`; `cut()` resets and refuses them."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.lock = threading.Lock()
        self.connections: set[socket.socket] = set()
        self.refused = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                self.refused += 1
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            upstream.settimeout(None)
            with self.lock:
                self.connections.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with self.lock:
                    self.connections.discard(sock)
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def cut(self) -> None:
        """From now on: every open connection reset, every new one refused (reset at once).

        Only shut down here: the pump threads close their sockets themselves. Closing a socket
        another thread is blocked on frees its descriptor for the next connection, and that
        thread would then read the new connection's bytes (the first version lost responses so)."""
        self.open.clear()
        with self.lock:
            live = list(self.connections)
        for sock in live:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_ZERO)  # close sends RST
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def restore(self) -> None:
        self.open.set()

    def url(self, url: str) -> str:
        parts = urlsplit(url)
        user = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
        return urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{self.port}"))


LINGER_ZERO = b"\x01\x00\x00\x00\x00\x00\x00\x00"  # struct linger {on, 0 s}


def _reset(sock: socket.socket) -> None:
    """Close with RST (SO_LINGER 0), as a crashed server or a dropped link does (sockets no thread uses)."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_ZERO)
    except OSError:
        pass
    sock.close()


def target_of(url: str, default_port: int) -> tuple[str, int]:
    parts = urlsplit(url.replace("postgresql+psycopg", "postgresql"))
    return parts.hostname or "127.0.0.1", parts.port or default_port


def readyz(base: str) -> tuple[int, dict]:
    status, body = loadtest.fetch(base, "/readyz", timeout=5)
    try:
        return status, json.loads(body)
    except ValueError:
        return status, {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--cut", type=float, default=10, help="seconds each cut lasts")
    parser.add_argument("--calm", type=float, default=15, help="seconds of load before, between and after the cuts")
    parser.add_argument("--database-url", default=os.environ.get("LOKET_LOAD_DATABASE_URL", loadtest.DEFAULT_DATABASE))
    parser.add_argument("--redis-url", default=os.environ.get("LOKET_LOAD_REDIS_URL", loadtest.DEFAULT_REDIS))
    parser.add_argument("--instance", type=Path, default=Path("/tmp/loket-load"))
    args = parser.parse_args()
    port = loadtest.free_port()
    loadtest.require_loopback(args.database_url, args.redis_url, f"http://127.0.0.1:{port}")
    args.instance.mkdir(parents=True, exist_ok=True)
    loadtest.prepare(loadtest.server_env(port, args.database_url, args.redis_url, args.instance), args.database_url, args.redis_url)

    database = Proxy(target_of(args.database_url, 5432))
    redis = Proxy(target_of(args.redis_url, 6379))
    env = loadtest.server_env(port, database.url(args.database_url), redis.url(args.redis_url), args.instance)
    duration = 3 * args.calm + 2 * args.cut
    schedule = [("database", database, args.calm), ("redis", redis, 2 * args.calm + args.cut)]
    windows: dict[str, tuple[float, float]] = {}
    problems: list[str] = []
    with loadtest.gunicorn(env, port, args.workers, args.instance / "gunicorn-faults.log") as server:
        ids = loadtest.open_vacancy_ids(server.base)
        print(f"gunicorn: {args.workers} workers ready; {args.clients} clients for {duration:.0f} s; "
              f"database cut at {args.calm:.0f} s, Redis at {2 * args.calm + args.cut:.0f} s, {args.cut:.0f} s each", flush=True)
        results = loadtest.Results()
        load = threading.Thread(target=loadtest.run_clients,
                                args=(server.base, args.clients, duration, 1_000_000, ids),
                                kwargs={"results": results, "timeout": 30})
        started = time.perf_counter()
        load.start()
        for name, proxy, at in schedule:
            time.sleep(max(0.0, started + at - time.perf_counter()))
            proxy.cut()
            cut_at = time.perf_counter() - started
            if name == "database":
                time.sleep(args.cut / 2)
                status, body = readyz(server.base)
                if status != 503 or body.get("database") != "unavailable":
                    problems.append(f"/readyz during the database cut: {status} {body}")
            else:
                time.sleep(args.cut / 2)
                status, body = readyz(server.base)
                if status != 200 or body.get("rate_limits") != "fallback":
                    problems.append(f"/readyz during the Redis cut: {status} {body} (expected 200, rate_limits fallback)")
            time.sleep(max(0.0, started + at + args.cut - time.perf_counter()))
            proxy.restore()
            windows[name] = (cut_at, time.perf_counter() - started)
            print(f"{name} cut from {cut_at:.1f} s to {windows[name][1]:.1f} s ({proxy.refused} connections refused)", flush=True)
        load.join()
        time.sleep(1)
        ready = [readyz(server.base) for _ in range(args.workers * 4)]
        boots = server.log.read_text(errors="replace").count("Booting worker")
        errors = server.errors_logged()
    rows = loadtest.rows_written(args.database_url)

    print(loadtest.report(results, rows))
    for name, (begin, end) in windows.items():
        during = [o for o in results.outcomes if begin <= o.at < end]
        print(f"during the {name} cut: {len(during)} requests, "
              + ", ".join(f"{s or 'none'}×{n}" for s, n in sorted(Counter(o.status for o in during).items())))
        after = [o for o in results.outcomes if end + 5 <= o.at]
        if name == "database":
            after = [o for o in after if o.at < windows["redis"][0]]
        failed_after = Counter(o.status for o in after if o.status >= 500 or o.status == 0)
        if failed_after:
            problems.append(f"not recovered 5 s after the {name} cut: {dict(failed_after)}")
        if name == "redis":
            failed = Counter((o.kind, o.status) for o in during if o.status >= 500 or o.status == 0)
            if failed:
                problems.append(f"failures while only Redis was cut: {dict(failed)}")
    unfriendly = Counter((o.kind, o.status) for o in results.outcomes if not o.friendly)
    if unfriendly:
        problems.append(f"bare 5xx (not the friendly 503): {dict(unfriendly)}; e.g. {results.samples}")
    missing = Counter(o.kind for o in results.outcomes if o.status == 0)
    if missing:
        problems.append(f"requests without an answer: {dict(missing)}")
    problems += loadtest.check_writes(results, rows)
    if any(status != 200 or body.get("rate_limits") != "shared" for status, body in ready):
        problems.append(f"/readyz after the cuts: {ready[:3]}")
    if boots != args.workers:
        problems.append(f"{boots} worker boots for {args.workers} workers: a worker was restarted")
    if errors:
        print(f"{len(errors)} error lines in {server.log} (expected during cuts), e.g. {errors[0]}")
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print("OK: only friendly 503s during the database cut, none during the Redis cut, recovery without restart, "
              "every acknowledged write stored once")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

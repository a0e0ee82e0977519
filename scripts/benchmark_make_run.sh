#!/usr/bin/env bash
# Time `make run` from a fresh clone to a working /healthz, twice: the first start (venv,
# packages without pip's cache, database, index build) and the second (everything in place).
#   bash scripts/benchmark_make_run.sh [PORT]
# Figures go to docs/benchmarks.md ("make run"). The clone is removed afterwards.
set -euo pipefail
port="${1:-5097}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/loket-make-run-XXXXXX)"
trap 'kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/loket"
cd "$work/loket"

start() {
  local label="$1" started now
  started=$(date +%s.%N)
  PIP_NO_CACHE_DIR=1 setsid make run PORT="$port" >"$work/$label.log" 2>&1 &
  pid=$!
  until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "make run stopped:"; tail -20 "$work/$label.log"; exit 1; fi
    sleep 0.2
  done
  now=$(date +%s.%N)
  printf '%s make run to a working /healthz: %.1f s\n' "$label" "$(echo "$now - $started" | bc)"
  grep -E "index (built|loaded)|assistant ready" "$work/$label.log" | sed 's/^/  /'
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

start first
start second

#!/usr/bin/env bash
# `make bench`: run the benchmarks in bench/ one after another. Each run holds /tmp/agentgate-bench.lock,
# so benchmarks started by different people on the shared cores never overlap. Results: BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=/tmp/agentgate-bench.lock
npx tsc -b

echo "== recorder (journal, Parquet build, sink outage, record() latency)"
flock "$LOCK" node bench/dist/recorder.js "$@"

echo "== postgres (pgbench: direct vs pgbouncer vs sidecar; PGBENCH_SECONDS, default 20)"
flock /tmp/agentgate-heavy.lock node bench/dist/pgbench.js "$@"

echo "== classification (cached statement vs uncached libpg-query parse)"
flock /tmp/agentgate-heavy.lock node bench/dist/classify.js

echo "== masking (MB/s and quality vs redact-pii, openredaction, @redactpii/node; SSE delta; 100x10 rows)"
flock /tmp/agentgate-heavy.lock node bench/dist/masking.js "$@"

echo "== masking recall on every faker locale (phones, names, addresses in labelled and prose templates)"
node bench/dist/masking-locales.js

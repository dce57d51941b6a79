#!/usr/bin/env bash
# `make demo`: build (incremental) and run the embedded demo: PGlite + the sidecar + a scripted agent.
# Interactive when stdin is a terminal (the sidecar stays up for psql until Ctrl-C); otherwise it
# prints everything and exits by itself. Files go to ./.agentgate-demo/ (or $AGENTGATE_DEMO_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -b
exec node e2e/dist/src/demo/main.js "$@"

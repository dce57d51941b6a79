#!/usr/bin/env bash
# `make test`: build, lint, then run every workspace's tests with Node's built-in runner.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== build"
npx tsc -b
echo "== lint"
npx eslint .
echo "== tests"
mapfile -t files < <(find crds sidecar operator webhooks e2e -path '*/dist/test/*' -name '*.test.js' -not -path '*/node_modules/*' | sort)
if [ ${#files[@]} -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
node --test --test-reporter=spec "${files[@]}"

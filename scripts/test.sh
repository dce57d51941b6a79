#!/usr/bin/env bash
# `make test`: build, lint, then run every workspace's tests with Node's built-in runner.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== build"
npx tsc -b
echo "== lint"
npx eslint .
echo "== PostgreSQL (real server for the pg-*.test files)"
# openssl: the cluster serves TLS with a self-signed certificate for the TLS tests. python3-psycopg: the
# psycopg 3 client test (pg-psycopg.test), run with the system /usr/bin/python3. libpostgresql-jdbc-java
# and a JDK: the pgJDBC client test (pg-jdbc.test), run in Java's source-file mode.
PKGS=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v pgbench >/dev/null || ! command -v openssl >/dev/null ||
  ! /usr/bin/python3 -c 'import psycopg' >/dev/null 2>&1; then
  PKGS+=(postgresql postgresql-contrib openssl python3-psycopg)
fi
[ -f /usr/share/java/postgresql.jar ] || PKGS+=(libpostgresql-jdbc-java)
command -v javac >/dev/null || PKGS+=(openjdk-17-jdk-headless)
if [ ${#PKGS[@]} -gt 0 ]; then
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  export CI=true DEBIAN_FRONTEND=noninteractive
  echo "installing ${PKGS[*]}"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${PKGS[@]}" >/dev/null
fi
eval "$(bash scripts/pg-cluster.sh start)"
trap 'bash scripts/pg-cluster.sh stop "$AGENTGATE_PG_DIR"' EXIT
echo "cluster on $PGHOST:$PGPORT ($AGENTGATE_PG_DIR)"
echo "== tests"
mapfile -t files < <(find crds sidecar operator webhooks e2e -path '*/dist/test/*' -name '*.test.js' -not -path '*/node_modules/*' | sort)
if [ ${#files[@]} -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
node --test --test-reporter=spec "${files[@]}"

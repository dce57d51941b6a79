#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, on a free loopback port.
#
#   eval "$(scripts/pg-cluster.sh start [DIR])"   # prints export lines: PGHOST PGPORT PGUSER PGPASSWORD …
#   scripts/pg-cluster.sh stop DIR
#
# initdb refuses to run as root, so the cluster runs as the `postgres` OS user (runuser when we are
# root). Its socket lives in DIR, not /var/run/postgresql. Users, one per upstream login method:
#   agentgate  (superuser, SCRAM-SHA-256)   md5user (MD5)   clearuser (cleartext password)   trustuser (trust)
# All passwords are "secret-<user>"; the superuser's is printed as PGPASSWORD. With openssl present the
# server also accepts TLS with a self-signed certificate for CN=localhost, whose copy is DIR/ca.crt.
set -euo pipefail

cmd=${1:-}
BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
[ -x "$BIN/initdb" ] || { echo "pg-cluster: no PostgreSQL server found (apt-get install -y postgresql)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

case "$cmd" in
  start)
    DIR=${2:-$(mktemp -d /tmp/agentgate-pg.XXXXXX)}
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    chmod 700 "$DIR"
    PORT=${PGPORT_WANTED:-$(free_port)}
    as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
    cat >"$DIR/data/pg_hba.conf" <<HBA
local all all trust
host all md5user 127.0.0.1/32 md5
host all clearuser 127.0.0.1/32 password
host all trustuser 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
HBA
    # A self-signed certificate (CN=localhost) so tests can exercise TLS to the upstream; plain TCP still works.
    if command -v openssl >/dev/null; then
      openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 2 -keyout "$DIR/data/server.key" -out "$DIR/data/server.crt" >/dev/null 2>&1
      [ "$(id -u)" = 0 ] && chown postgres "$DIR/data/server.key" "$DIR/data/server.crt"
      chmod 600 "$DIR/data/server.key"
      cp "$DIR/data/server.crt" "$DIR/ca.crt" && chmod 644 "$DIR/ca.crt"
      echo "ssl = on" >>"$DIR/data/postgresql.conf"
    fi
    cat >>"$DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
log_min_messages = warning
CONF
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start >/dev/null \
      || { cat "$DIR/server.log" >&2; exit 1; }
    as_pg "$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET password_encryption = 'scram-sha-256';
CREATE ROLE agentgate LOGIN SUPERUSER PASSWORD 'secret-agentgate';
CREATE ROLE clearuser LOGIN SUPERUSER PASSWORD 'secret-clearuser';
CREATE ROLE trustuser LOGIN SUPERUSER;
SET password_encryption = 'md5';
CREATE ROLE md5user LOGIN SUPERUSER PASSWORD 'secret-md5user';
CREATE DATABASE agentgate OWNER agentgate;
SQL
    echo "export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=agentgate PGPASSWORD=secret-agentgate PGDATABASE=agentgate AGENTGATE_PG_DIR=$DIR AGENTGATE_PG_SOCKET=$DIR"
    ;;
  stop)
    DIR=${2:?usage: pg-cluster.sh stop DIR}
    if [ -f "$DIR/data/postmaster.pid" ]; then as_pg "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null || true; fi
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start [DIR] | stop DIR" >&2
    exit 2
    ;;
esac

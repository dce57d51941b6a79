// TLS on both sides: the listener terminates TLS when it has a certificate; the sidecar speaks TLS to
// the upstream when the resource says so, verifying the server's certificate unless told otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TLSSocket } from 'node:tls';
import pg from 'pg';
import { pgCluster, startProxy } from './helpers/pg.js';

const run = promisify(execFile);

test('the listener terminates TLS: node pg and psql with sslmode=require', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const p = await startProxy({ listener: { listen: { host: '127.0.0.1', port: 0, tls: { cert, key: readFileSync(join(dir, 'key.pem'), 'utf8') } } } });
    try {
      const c = new pg.Client({ ...p.client, ssl: { ca: cert, servername: 'localhost' } });
      await c.connect();
      assert.equal((await c.query('SELECT 7 AS n')).rows[0].n, 7);
      const stream = (c as unknown as { connection: { stream: TLSSocket } }).connection.stream;
      assert.equal(stream.encrypted, true);
      assert.equal(stream.getPeerCertificate().subject.CN, 'localhost');
      await c.end();
      const r = await run('psql', ['-X', '-At', '-c', 'SELECT 8'], { env: { ...p.env, PGSSLMODE: 'require' } });
      assert.equal(r.stdout.trim(), '8');
    } finally {
      await p.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('TLS to the upstream: verified against its CA; an unverifiable server is refused', async () => {
  const c0 = pgCluster();
  const ca = readFileSync(join(c0.socketDir, 'ca.crt'), 'utf8');
  const p = await startProxy({ listener: { upstream: { host: c0.host, port: c0.port, tls: { ca, servername: 'localhost' } } } });
  try {
    const c = new pg.Client(p.client);
    await c.connect();
    assert.equal((await c.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0].ssl, true);
    await c.end();
  } finally {
    await p.close();
  }
  const strict = await startProxy({ listener: { upstream: { host: c0.host, port: c0.port, tls: true } } });
  try {
    const c = new pg.Client(strict.client);
    await assert.rejects(c.connect(), (e: pg.DatabaseError) => e.code === '08006' && /self[- ]signed/.test(e.message));
  } finally {
    await strict.close();
  }
});

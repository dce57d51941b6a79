// `make demo`: the main job on an embedded default. PGlite (PostgreSQL in WebAssembly) behind
// pglite-socket plays the production database; the sidecar runs in-process from a generated config
// (the same format the operator renders); a scripted "agent" talks to it with node-postgres, and the
// output shows what the agent got: masked rows, refused statements, and the recorded session.
// Interactive (stdin is a terminal): the sidecar stays up for psql until Ctrl-C. Otherwise (CI, tests,
// pipes): it flushes the recording and exits by itself, so a test runs it exactly as a newcomer would.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, relative, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { loadConfigFile } from '@agentgate/sidecar/config';
import { defaultDeps, startSidecar, type Sidecar } from '@agentgate/sidecar/runtime';
import { rootLogger } from '@agentgate/sidecar';
import { demoConfigYaml, NAMESPACE, POD, type DemoPaths } from './config.js';
import { seedSql } from './seed.js';
import { heading, table } from './table.js';
import { recordedSessions, timeline } from './recording.js';

const out = (s = '') => process.stdout.write(`${s}\n`);

interface Step {
  title: string;
  sql: string;
  params?: unknown[];
  /** 'block': the sidecar must refuse it (the demo fails loudly otherwise). */
  expect: 'rows' | 'block' | 'ok';
}

const STEPS: Step[] = [
  {
    title: 'The agent looks up customers: PII is masked before it leaves the sidecar',
    sql: 'SELECT id, full_name, email, phone, card_number, ssn, city FROM customers ORDER BY id',
    expect: 'rows',
  },
  {
    title: 'Free text is scanned too (extended protocol, bound parameter)',
    sql: 'SELECT o.id, o.status, o.total, o.note FROM orders o WHERE o.status <> $1 ORDER BY o.id',
    params: ['delivered'],
    expect: 'rows',
  },
  { title: 'The agent tries to drop a table', sql: 'DROP TABLE customers', expect: 'block' },
  { title: 'The agent tries to delete every order (no WHERE)', sql: 'DELETE FROM orders', expect: 'block' },
  { title: 'A targeted write is allowed', sql: "UPDATE orders SET status = 'refunded' WHERE id = 1003", expect: 'ok' },
  { title: 'The session is still usable, and nothing was dropped', sql: 'SELECT count(*) AS customers FROM customers', expect: 'rows' },
];

function display(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? `./${r}` : p;
}

async function runAgent(port: number): Promise<boolean> {
  const agent = new pg.Client({ host: '127.0.0.1', port, user: 'support_agent', database: 'shop', application_name: 'demo-agent' });
  await agent.connect();
  let ok = true;
  for (const [i, step] of STEPS.entries()) {
    out(heading(`${i + 1}. ${step.title}`));
    out(`agent> ${step.sql}${step.params ? `   -- $1 = ${JSON.stringify(step.params[0])}` : ''}`);
    try {
      const res = await agent.query({ text: step.sql, ...(step.params && { values: step.params }), rowMode: 'array' });
      if (step.expect === 'block') {
        ok = false;
        out(`UNEXPECTED: the statement was not blocked (${res.command} ${res.rowCount ?? ''})`);
      } else if (res.fields.length) {
        out(table(res.fields.map((f) => f.name), res.rows as (string | null)[][]));
      } else {
        out(`${res.command} ${res.rowCount ?? ''}`.trim());
      }
    } catch (e) {
      const err = e as { code?: string; message: string };
      if (step.expect === 'block' && err.code === '42501') {
        out(table(['result', 'SQLSTATE', 'message'], [['BLOCKED', err.code, err.message]]));
      } else {
        ok = false;
        out(`UNEXPECTED ERROR ${err.code ?? ''}: ${err.message}`);
      }
    }
  }
  await agent.end();
  return ok;
}

async function main(): Promise<number> {
  const interactive = process.stdin.isTTY === true;
  if (process.env.AGENTGATE_LOG_LEVEL) rootLogger().level = process.env.AGENTGATE_LOG_LEVEL;
  else rootLogger().level = 'error';

  const root = resolve(process.env.AGENTGATE_DEMO_DIR ?? '.agentgate-demo');
  // The demo owns this folder: start from nothing so the output describes this run only.
  rmSync(root, { recursive: true, force: true });
  const paths: DemoPaths = {
    root,
    journal: join(root, 'journal'),
    sessions: join(root, 'sessions'),
    credentials: join(root, 'credentials', 'shop-db'),
    hashKey: join(root, 'masking-hash-key'),
    config: join(root, 'sidecar-config.yaml'),
  };
  mkdirSync(paths.credentials, { recursive: true, mode: 0o700 });

  out('agentgate demo: an AI agent queries a customer database through the agentgate sidecar.');
  out('No cluster, no PostgreSQL install: the database is PGlite (PostgreSQL compiled to WebAssembly).');

  const db = await PGlite.create();
  await db.exec(seedSql());
  // The sidecar opens a second upstream connection for catalog lookups (column names for masking).
  const pgServer = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
  await pgServer.start();
  const upstreamPort = Number(pgServer.getServerConn().split(':').pop());

  // What the operator would mount from the Secret: the real database login lives only here.
  writeFileSync(join(paths.credentials, 'username'), 'postgres', { mode: 0o600 });
  writeFileSync(join(paths.credentials, 'password'), randomBytes(12).toString('hex'), { mode: 0o600 });
  writeFileSync(paths.hashKey, randomBytes(32), { mode: 0o600 });
  writeFileSync(paths.config, demoConfigYaml(paths, upstreamPort));

  let sidecar: Sidecar | undefined;
  const shutdown = async () => {
    await sidecar?.close({ graceMs: 10_000 }).catch(() => undefined);
    sidecar = undefined;
    await pgServer.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
  };

  try {
    sidecar = await startSidecar(loadConfigFile(paths.config, {}), defaultDeps());
    const port = sidecar.listeners[0]!.port;
    out('');
    out(table(['', ''], [
      ['database', `PGlite on 127.0.0.1:${upstreamPort} (customers, orders)`],
      ['sidecar', `127.0.0.1:${port}  (policy ${NAMESPACE}/support-agent + built-in "destructive" rules)`],
      ['config', display(paths.config)],
      ['metrics', `http://127.0.0.1:${sidecar.admin.port}/metrics  (/healthz, /readyz)`],
    ]));

    const agentOk = await runAgent(port);

    // The recording: close the sidecar first when leaving (seals and ships everything); when staying
    // up, wait for the journal's age-based rotation to build the Parquet file.
    if (!interactive) {
      await sidecar.close({ graceMs: 10_000 });
      sidecar = undefined;
    }
    const sink = `file://${paths.sessions}`;
    const sessions = await recordedSessions(sink, interactive ? 15_000 : 0);
    out(heading('The recorded session'));
    if (sessions.length === 0) {
      out('UNEXPECTED: no session was recorded');
      await shutdown();
      return 1;
    }
    const s = sessions[sessions.length - 1]!;
    out(`Session ${s.id} of pod ${NAMESPACE}/${POD}: ${s.files.length} Parquet file(s) under ${display(paths.sessions)}/`);
    out(await timeline(s.id, sink));
    out('');
    out('Query it yourself:');
    out(`  npx agentgate sessions show ${s.id} -s ${sink}`);
    out(`  npx agentgate sessions verify -s ${sink}`);
    out(`  duckdb -c "SELECT ts, kind, decision, rule, operation FROM read_parquet('${display(paths.sessions)}/**/*.parquet', hive_partitioning=true) ORDER BY ts, seq"`);

    if (!interactive) {
      out('');
      out('(stdin is not a terminal: the demo ends here. Run `make demo` in a terminal to keep the sidecar up for psql.)');
      await shutdown();
      return agentOk ? 0 : 1;
    }
    out(heading('Try it by hand'));
    out(`  psql "postgresql://agent@127.0.0.1:${port}/shop"        # any user and password: the sidecar logs in upstream itself`);
    out("  e.g.  SELECT * FROM customers;   DROP TABLE orders;   DELETE FROM orders;   SELECT email FROM customers WHERE id = 2;");
    out('Ctrl-C stops the sidecar (and flushes the recording).');
    await new Promise<void>((resolveSignal) => {
      process.once('SIGINT', () => resolveSignal());
      process.once('SIGTERM', () => resolveSignal());
    });
    out('\nstopping: flushing the session recording…');
    await shutdown();
    out(`recordings: ${display(paths.sessions)}/   (npx agentgate sessions list -s ${sink})`);
    return agentOk ? 0 : 1;
  } catch (e) {
    process.stderr.write(`demo failed: ${(e as Error).stack ?? String(e)}\n`);
    await shutdown();
    return 1;
  }
}

// Exit explicitly: PGlite and the pg client can keep idle handles alive after a clean shutdown.
main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`demo failed: ${String(e)}\n`);
    process.exit(1);
  },
);

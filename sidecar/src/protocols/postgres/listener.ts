// The PostgreSQL listener: accepts agent connections, negotiates SSL/GSS, answers CancelRequests,
// authenticates the agent (optional OIDC token as password), opens the gate session, logs in
// upstream with the sidecar's own credentials and hands the pair to a PgSession.
import { randomInt } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket, createSecureContext } from 'node:tls';
import type { Gate, GateSession } from '../../gate/types.js';
import { counter, gauge, logger as makeLogger, type Logger } from '../../telemetry/index.js';
import { authenticationCleartextPassword, authenticationOk, backendKeyData, errorResponse, readyForQuery } from './backend.js';
import { initClassifier } from './classify/index.js';
import { ColumnResolver } from './columns.js';
import { ProtocolError, parseStartup, type StartupPacket } from './frontend.js';
import { PgSession } from './session.js';
import { StartupReader, UpstreamError, cancelUpstream, connectUpstream, type UpstreamTarget } from './upstream.js';

export interface PostgresListenerOptions {
  /** ProtectedResource name (namespace/name key as policy compile uses). */
  resource: string;
  /** port 0 = ephemeral. */
  listen: { host: string; port: number; tls?: { cert: string; key: string } };
  upstream: { host: string; port: number; database?: string; tls?: boolean | { ca?: string; servername?: string; rejectUnauthorized?: boolean } };
  credentials: { user: string; password?: string };
  /** When set, the client must send a password (an OIDC token); resolve identity or refuse with SQLSTATE 28000/28P01 and a reason. */
  authenticateClient?: (startup: { user: string; database: string; password: string }) => Promise<
    { subject?: string; groups?: string[]; issuer?: string } | { refused: string; code: '28000' | '28P01' }
  >;
  gate: Gate;
  /** Schemas unqualified table names resolve to for policy matching (ProtectedResource spec.postgres.searchPath). */
  searchPath?: readonly string[];
  limits?: { maxMessageBytes?: number };
  logger?: Logger;
}

export interface PostgresListener {
  host: string;
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_MESSAGE = 128 * 1024 * 1024;
const STARTUP_TIMEOUT_MS = 30_000;

const connections = counter('agentgate_postgres_connections_total', 'Client connections by outcome.', ['resource', 'outcome']);
const active = gauge('agentgate_postgres_sessions_active', 'Proxied PostgreSQL sessions open now.', ['resource']);

/** Startup parameters never forwarded: identity is the sidecar's, and `options` could change server settings unseen by policy. */
/**
 * Startup parameters passed upstream. Any other GUC given at startup (`role`, `session_authorization`,
 * `search_path`, `options=-c …`, `replication`) would change privileges or name resolution before the
 * first statement is checked, so it is dropped (and logged). Settings that change lexing
 * (standard_conforming_strings, client_encoding) are allowed: the server reports them and the session
 * tracks them (lexing.ts).
 */
const FORWARDED_PARAMS = new Set([
  'application_name', 'client_encoding', 'DateStyle', 'TimeZone', 'IntervalStyle', 'extra_float_digits',
  'standard_conforming_strings', 'datestyle', 'timezone', 'intervalstyle', 'lc_monetary', 'lc_numeric', 'lc_time',
  'statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'bytea_output', 'geqo',
]);

export async function startPostgresListener(o: PostgresListenerOptions): Promise<PostgresListener> {
  await initClassifier();
  const log = o.logger ?? makeLogger('postgres', { resource: o.resource });
  const maxMessageBytes = o.limits?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE;
  const secureContext = o.listen.tls ? createSecureContext({ cert: o.listen.tls.cert, key: o.listen.tls.key }) : null;
  const upstreamTarget: UpstreamTarget = { host: o.upstream.host, port: o.upstream.port, ...(o.upstream.tls !== undefined && { tls: o.upstream.tls }) };
  const sockets = new Set<Socket>();
  /** Client-visible cancel key → the upstream backend it stands for. */
  const cancelKeys = new Map<string, { processId: number; secretKey: number; session?: PgSession }>();

  async function readPacket(r: StartupReader, max: number): Promise<Buffer> {
    const head = await r.bytes(4);
    const len = head.readInt32BE(0);
    if (len < 8 || len > max) throw new ProtocolError(`invalid startup packet length ${len}`);
    return Buffer.concat([head, await r.bytes(len - 4)]);
  }

  async function handle(raw: Socket): Promise<void> {
    let socket: Socket = raw;
    let reader = new StartupReader(socket);
    let gs: GateSession | null = null;
    const clientAddr = `${raw.remoteAddress ?? '?'}:${raw.remotePort ?? 0}`;
    const timer = setTimeout(() => raw.destroy(), STARTUP_TIMEOUT_MS);
    timer.unref();
    const fatal = (code: string, message: string) => {
      clearTimeout(timer);
      reader.detach();
      socket.end(errorResponse({ severity: 'FATAL', code, message }));
      setTimeout(() => socket.destroy(), 1000).unref();
    };
    try {
      let pkt: StartupPacket;
      for (;;) {
        pkt = parseStartup(await readPacket(reader, 10_000));
        if (pkt.type === 'ssl' && secureContext) {
          reader.detach();
          socket.write('S');
          const tls = new TLSSocket(socket, { isServer: true, secureContext });
          sockets.add(tls);
          tls.on('close', () => sockets.delete(tls));
          socket = tls;
          reader = new StartupReader(socket);
        } else if (pkt.type === 'ssl' || pkt.type === 'gssenc') socket.write('N');
        else break;
      }
      if (pkt.type === 'cancel') {
        clearTimeout(timer);
        reader.detach();
        socket.destroy();
        const target = cancelKeys.get(`${pkt.processId}:${pkt.secretKey}`);
        connections.inc({ resource: o.resource, outcome: target ? 'cancel' : 'cancel-unknown' });
        if (target && !target.session?.cancel()) await cancelUpstream(upstreamTarget, target.processId, target.secretKey);
        return;
      }
      if (pkt.type !== 'startup') throw new ProtocolError('unexpected startup packet');
      const params = pkt.params;
      const user = params.user!;
      const database = params.database ?? user;
      if (params.replication !== undefined && params.replication !== 'false' && params.replication !== 'off') {
        throw new ProtocolError('replication connections are not supported through agentgate', '0A000');
      }

      let identity: { subject?: string; groups?: string[]; issuer?: string } = {};
      let authFailure: { refused: string; code: string } | null = null;
      if (o.authenticateClient) {
        socket.write(authenticationCleartextPassword());
        const head = await reader.bytes(5);
        const len = head.readInt32BE(1);
        if (head[0] !== 0x70 || len < 5 || len > 64 * 1024) throw new ProtocolError('expected a password message', '28000');
        const body = await reader.bytes(len - 4);
        const password = body.toString('utf8', 0, Math.max(0, body.indexOf(0)));
        // A verifier that throws (JWKS unreachable…) refuses the login like a bad token: fail closed, say why.
        const res = await o.authenticateClient({ user, database, password }).catch(
          (e: Error) => ({ refused: `token verification failed: ${e.message}`, code: '28000' as const }),
        );
        if ('refused' in res) authFailure = res;
        else identity = res;
      }

      const opened = o.gate.open({ resource: o.resource, protocol: 'postgres', clientAddr, ...identity });
      if ('refused' in opened) {
        connections.inc({ resource: o.resource, outcome: 'refused' });
        return fatal(opened.code, opened.refused);
      }
      gs = opened;
      if (authFailure) {
        gs.error(authFailure.refused, authFailure.code);
        gs.close('authentication failed');
        connections.inc({ resource: o.resource, outcome: 'auth-failed' });
        return fatal(authFailure.code, `agentgate: ${authFailure.refused}`);
      }

      const forwarded: Record<string, string> = {};
      const dropped: string[] = [];
      for (const [k, v] of Object.entries(params)) {
        if (FORWARDED_PARAMS.has(k)) forwarded[k] = v;
        else if (k !== 'user' && k !== 'database') dropped.push(k);
      }
      if (dropped.length) log.info('startup parameters not forwarded upstream', { session: gs.id, dropped });
      const login = {
        ...upstreamTarget,
        user: o.credentials.user,
        ...(o.credentials.password !== undefined && { password: o.credentials.password }),
        database: o.upstream.database ?? database,
      };
      const up = await connectUpstream({ ...login, params: forwarded });
      const clientKey = { processId: randomInt(1, 2 ** 31 - 1), secretKey: randomInt(-(2 ** 31), 2 ** 31 - 1) };
      const keyStr = `${clientKey.processId}:${clientKey.secretKey}`;
      const cancelTarget: { processId: number; secretKey: number; session?: PgSession } = { processId: up.processId, secretKey: up.secretKey };
      cancelKeys.set(keyStr, cancelTarget);
      sockets.add(up.socket);
      const leftover = reader.detach();
      clearTimeout(timer);
      socket.setNoDelay(true);
      socket.write(Buffer.concat([
        authenticationOk(), ...up.startupMessages, backendKeyData(clientKey.processId, clientKey.secretKey), readyForQuery(up.txStatus),
      ]));
      connections.inc({ resource: o.resource, outcome: 'opened' });
      active.inc({ resource: o.resource });
      let resolver: ColumnResolver | null = null;
      const slog = log.child({ session: gs.id });
      const session = new PgSession({
        client: socket,
        upstream: up.socket,
        gate: gs,
        log: slog,
        maxMessageBytes,
        startupMessages: up.startupMessages,
        ...(o.searchPath?.length && { searchPath: o.searchPath }),
        columns: () => (resolver ??= new ColumnResolver(login)),
        onEnd: () => {
          cancelKeys.delete(keyStr);
          sockets.delete(up.socket);
          resolver?.close();
          active.dec({ resource: o.resource });
        },
      });
      cancelTarget.session = session;
      session.start(Buffer.from(leftover), up.leftover);
    } catch (e) {
      clearTimeout(timer);
      const err = e as Error;
      const code = e instanceof ProtocolError || e instanceof UpstreamError ? e.code : 'XX000';
      log.warn('connection failed during startup', { error: err.message, code, client: clientAddr, session: gs?.id });
      connections.inc({ resource: o.resource, outcome: 'failed' });
      if (gs) {
        gs.error(err.message, code);
        gs.close('startup failed');
      }
      if (!socket.destroyed) fatal(code, `agentgate: ${err.message}`);
    }
  }

  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    void handle(s);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.listen.port, o.listen.host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.listen.port;
  log.info('postgres listener started', { host: o.listen.host, port, upstream: `${o.upstream.host}:${o.upstream.port}` });
  return {
    host: o.listen.host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

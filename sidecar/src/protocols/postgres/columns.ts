// Resolving RowDescription's (table OID, attribute number) to schema.table.column, for column rules.
// One catalog query per unseen table on a separate upstream connection, cached for the session:
// the agent's own connection is never used, so its transaction state and results stay untouched.
import { serialize } from 'pg-protocol';
import { StartupReader, connectUpstream, type UpstreamConnection, type UpstreamLogin } from './upstream.js';

const quoteIdent = (s: string) => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);

export class ColumnResolver {
  private readonly names = new Map<number, Map<number, string>>();
  private conn: Promise<UpstreamConnection> | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly login: UpstreamLogin) {}

  nameOf = (oid: number, attnum: number): string | null => this.names.get(oid)?.get(attnum) ?? null;

  /** Table OIDs in `oids` not loaded yet. */
  missing(oids: Iterable<number>): number[] {
    const out: number[] = [];
    for (const o of oids) if (o !== 0 && !this.names.has(o) && !out.includes(o)) out.push(o);
    return out;
  }

  /** Load the columns of `oids`; serialised so concurrent callers share one connection. */
  load(oids: number[]): Promise<void> {
    const run = this.chain.then(() => this.query(oids));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async query(oids: number[]): Promise<void> {
    const todo = this.missing(oids);
    if (todo.length === 0) return;
    this.conn ??= connectUpstream(this.login);
    const c = await this.conn;
    const sql =
      'SELECT a.attrelid, a.attnum, n.nspname, c.relname, a.attname FROM pg_catalog.pg_attribute a ' +
      'JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
      `WHERE a.attrelid IN (${todo.map((o) => String(o >>> 0)).join(',')}) AND a.attnum > 0`;
    const r = new StartupReader(c.socket, c.leftover);
    c.leftover = Buffer.alloc(0);
    try {
      c.socket.write(serialize.query(sql));
      for (const o of todo) this.names.set(o, new Map());
      for (;;) {
        const m = await r.message();
        if (m.type === 'D') {
          const vals: string[] = [];
          let off = 2;
          for (let i = 0; i < 5; i++) {
            const len = m.body.readInt32BE(off);
            off += 4;
            vals.push(m.body.toString('utf8', off, off + len));
            off += len;
          }
          const [rel, att, nsp, relname, attname] = vals as [string, string, string, string, string];
          this.names.get(Number(rel))?.set(Number(att), `${quoteIdent(nsp)}.${quoteIdent(relname)}.${quoteIdent(attname)}`);
        } else if (m.type === 'E') throw new Error('catalog lookup failed');
        else if (m.type === 'Z') break;
      }
    } finally {
      r.detach();
    }
  }

  close(): void {
    void this.conn?.then((c) => c.socket.destroy(), () => undefined);
    this.conn = null;
  }
}

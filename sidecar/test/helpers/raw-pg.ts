// A raw protocol-v3 client for tests that must send what no real driver sends (garbage, truncation).
import { connect, type Socket } from 'node:net';
import { serialize } from 'pg-protocol';

export interface RawMessage {
  type: string;
  body: Buffer;
}

export class RawClient {
  private buf = Buffer.alloc(0);
  readonly messages: RawMessage[] = [];
  closed = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= 5) {
        const len = this.buf.readInt32BE(1);
        if (this.buf.length < len + 1) break;
        this.messages.push({ type: String.fromCharCode(this.buf[0]!), body: this.buf.subarray(5, len + 1) });
        this.buf = this.buf.subarray(len + 1);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  static async open(port: number, params: Record<string, string> = {}): Promise<RawClient> {
    const s = connect(port, '127.0.0.1');
    await new Promise((r) => s.once('connect', r));
    const c = new RawClient(s);
    s.write(serialize.startup({ user: 'agent', database: 'agentgate', ...params }));
    await c.until((m) => m.type === 'Z');
    return c;
  }

  /** Wait until a message matching `pred` arrived after index `from` (or the socket closed). */
  async until(pred: (m: RawMessage) => boolean, from = 0, timeoutMs = 5000): Promise<RawMessage | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.messages.slice(from).find(pred);
      if (hit) return hit;
      if (this.closed) return null;
      if (Date.now() > deadline) throw new Error(`timeout; got ${this.messages.map((m) => m.type).join('')}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  async closedWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  /** Field code → value of an ErrorResponse/NoticeResponse. */
  static fields(m: RawMessage): Record<string, string> {
    const out: Record<string, string> = {};
    let off = 0;
    while (off < m.body.length && m.body[off] !== 0) {
      const end = m.body.indexOf(0, off + 1);
      out[String.fromCharCode(m.body[off]!)] = m.body.toString('utf8', off + 1, end);
      off = end + 1;
    }
    return out;
  }
}

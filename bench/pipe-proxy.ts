// The floor for any Node proxy: accept, connect upstream, pipe() both ways, no parsing. The Postgres
// benchmark runs it as a reference target so the sidecar's own cost shows apart from Node's.
//
//   UPSTREAM_HOST=127.0.0.1 UPSTREAM_PORT=5432 node bench/dist/pipe-proxy.js   → prints {"port":N}
import { connect, createServer } from 'node:net';

const host = process.env.UPSTREAM_HOST ?? '127.0.0.1';
const port = Number(process.env.UPSTREAM_PORT ?? 5432);
const srv = createServer((c) => {
  c.setNoDelay(true);
  const u = connect({ host, port, noDelay: true });
  c.pipe(u).pipe(c);
  const close = () => {
    c.destroy();
    u.destroy();
  };
  c.on('error', close).on('close', close);
  u.on('error', close).on('close', close);
});
srv.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: (srv.address() as { port: number }).port })}\n`));
process.on('SIGTERM', () => process.exit(0));

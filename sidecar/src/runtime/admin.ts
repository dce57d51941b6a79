// The admin HTTP server every agentgate component exposes: /metrics for Prometheus, /healthz (the
// process answers: liveness) and /readyz (listeners bound and the recorder accepting: readiness, so a
// pod whose journal is full under failClosed is taken out of rotation instead of failing every query).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registry } from '../telemetry/index.js';

export interface ReadinessProbe {
  /** Reasons the sidecar is not ready; empty when ready. */
  notReady(): string[];
}

export interface AdminServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function startAdminServer(host: string, port: number, probe: ReadinessProbe): Promise<AdminServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (path === '/readyz') {
      const reasons = probe.notReady();
      res.writeHead(reasons.length ? 503 : 200, { 'content-type': 'text/plain' });
      res.end(reasons.length ? `not ready:\n${reasons.map((r) => `- ${r}\n`).join('')}` : 'ready\n');
      return;
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(err)}\n`),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics, /healthz, /readyz\n');
  });
  // Probes and scrapes are short; a stuck client must not hold shutdown.
  server.keepAliveTimeout = 5000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  return {
    host: addr.address,
    port: addr.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

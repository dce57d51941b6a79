// One prom-client registry per process; every metric is named agentgate_* with its unit in the name.
import client from 'prom-client';

export const registry = new client.Registry();
let defaultsOn = false;

/** Process metrics (CPU, RSS, event-loop lag) under the agentgate_ prefix; call once from a server. */
export function collectProcessMetrics(): void {
  if (defaultsOn) return;
  defaultsOn = true;
  client.collectDefaultMetrics({ register: registry, prefix: 'agentgate_' });
}

function existing<T>(name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}

// Getters return the already-registered metric on a second call, so modules and tests can
// construct components repeatedly in one process.
export function counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): client.Counter<L> {
  return existing<client.Counter<L>>(name) ?? new client.Counter({ name, help, labelNames, registers: [registry] });
}

export function gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): client.Gauge<L> {
  return existing<client.Gauge<L>>(name) ?? new client.Gauge({ name, help, labelNames, registers: [registry] });
}

export function histogram<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets: number[] = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
): client.Histogram<L> {
  return existing<client.Histogram<L>>(name) ?? new client.Histogram({ name, help, labelNames, buckets, registers: [registry] });
}

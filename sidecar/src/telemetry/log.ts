// Structured logs: winston, JSON, one line per event. Components take a child logger carrying the
// ids that matter (session, request) so every line can be joined with recordings and metrics.
import winston from 'winston';

export type Logger = winston.Logger;

const LEVEL = process.env.AGENTGATE_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info');

let root: Logger | undefined;

/** The process-wide logger (stderr, JSON). Level from AGENTGATE_LOG_LEVEL (default info). */
export function rootLogger(): Logger {
  root ??= winston.createLogger({
    level: LEVEL,
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: false }), winston.format.json()),
    // Not `component`: winston applies defaultMeta after child metadata, which would override it.
    defaultMeta: { service: 'agentgate' },
    transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] })],
  });
  return root;
}

/** A logger for one component, e.g. logger('postgres', { resource: 'orders-db' }). */
export function logger(component: string, meta: Record<string, unknown> = {}): Logger {
  return rootLogger().child({ component, ...meta });
}

export * as policy from './policy/index.js';
export { rootLogger, logger } from './telemetry/index.js';

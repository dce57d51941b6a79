// The sidecar's configuration file: load, validate, resolve secrets and identity.
export * from './load.js';
export * from './credentials.js';

// The PostgreSQL data path: listener, wire codecs and the SQL classifier.
export { startPostgresListener, type PostgresListener, type PostgresListenerOptions } from './listener.js';
export * as backend from './backend.js';
export { parseFrontend, parseStartup, ProtocolError, type FrontendMessage, type StartupPacket } from './frontend.js';
export { initClassifier, classifySql, toOperationSql, mergeClassifications, type SqlClassification } from './classify/index.js';
export { classifyShape } from './literals.js';

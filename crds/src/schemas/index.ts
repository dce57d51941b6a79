export * from './common.js';
export * from './masking.js';
export * from './rules.js';
export * from './protectedresource.js';
export * from './agentpolicy.js';
export * from './approvalrequest.js';
export * from './operation.js';
export * from './event.js';

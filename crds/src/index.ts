export * from './schemas/index.js';
export * from './validate.js';
export * from './load.js';
export { KIND_SPECS, renderCrd, renderCrdYaml, manifestFileName, toStructural } from './gen/crd.js';
export * from './duration.js';

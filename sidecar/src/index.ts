export * as policy from './policy/index.js';

export * from './compile.js';
export * from './evaluate.js';
export * from './builtin.js';
export * from './masking-plan.js';
export { compileGlobs, globToRegExpSource } from './glob.js';
export { compileSafeRegex, UnsafePatternError, type SafeRegExp } from './safe-regex.js';
export { compileSelector } from './selector.js';

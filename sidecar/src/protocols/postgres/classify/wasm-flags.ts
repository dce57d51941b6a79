// Imported before libpg-query, which compiles its WebAssembly on import. The parser is compiled by V8's
// baseline compiler only, each function when first called: optimising tier-up of the whole module
// costs ~30 MiB resident (TurboFan zones in background threads, kept by the allocator) and seconds of
// background CPU right when the first sessions arrive, to make a parse ~40 µs instead of ~60 µs
// (BENCHMARKS.md). Parses are cached by statement shape (literals.ts), so the proxy rarely parses.
// Process-wide, but nothing else in the sidecar is WebAssembly.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
setFlagsFromString('--wasm-lazy-compilation');

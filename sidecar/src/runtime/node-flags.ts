// Node options the sidecar process should be started with (the container command the operator renders;
// the benchmarks start it the same way). Runtime v8.setFlagsFromString cannot change these: V8 sizes
// the heap when the process starts.
//
// --max-semi-space-size=2: V8 otherwise grows the young generation to 2 × 16 MiB under the allocation
// rate of a busy proxy and keeps it; 2 MiB semispaces cost a few more scavenges of a small live set and
// keep ~28 MiB less resident (measured with bench/pgbench.ts, BENCHMARKS.md).
export const SIDECAR_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

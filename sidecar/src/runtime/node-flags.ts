// Node options the sidecar process should be started with (the container command the operator renders;
// the benchmarks start it the same way). Runtime v8.setFlagsFromString cannot change these: V8 sizes
// the heap when the process starts.
//
// --max-semi-space-size=8: V8 otherwise grows the young generation to 2 × 16 MiB under the allocation
// rate of a busy proxy and keeps it. 8 MiB semispaces keep ~16 MiB less resident; 2 MiB saved ~28 MiB but
// cost up to ~15% more CPU per statement at `pgbench -c 1` (objects of in-flight statements survive
// scavenges, get promoted, and feed major GCs). Measured with bench/pgbench.ts, BENCHMARKS.md.
export const SIDECAR_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];

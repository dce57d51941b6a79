// Node options and environment the sidecar process should be started with (the container command and env
// the operator renders; the benchmarks start it the same way). Runtime v8.setFlagsFromString cannot change these: V8 sizes
// the heap when the process starts.
//
// --max-semi-space-size=8: V8 otherwise grows the young generation to 2 × 16 MiB under the allocation
// rate of a busy proxy and keeps it. 8 MiB semispaces keep ~16 MiB less resident; 2 MiB saved ~28 MiB but
// cost up to ~15% more CPU per statement at `pgbench -c 1` (objects of in-flight statements survive
// scavenges, get promoted, and feed major GCs). Measured with bench/pgbench.ts, BENCHMARKS.md.
export const SIDECAR_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];

/**
 * Environment for the sidecar's process; read by glibc's allocator when the process starts, so it must
 * be set by whoever starts it.
 *
 * MALLOC_MMAP_THRESHOLD_=131072: allocations of 128 KiB and more (a journal segment read for the Parquet
 * build, encoded files, large socket reads) get their own mapping and go back to the OS when freed. By
 * default glibc raises the threshold after the first such free and serves them from its heap, which
 * then stays resident. Measured with `pgbench -S -c 16` through the sidecar (bench/pgbench.ts, 15 s,
 * alternating): RSS 156 / 164 MiB without, 135 / 145 MiB with; CPU per statement the same within noise.
 */
export const SIDECAR_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072' };

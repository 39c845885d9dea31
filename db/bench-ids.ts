/**
 * The ids of the read benchmark's generated rows (bench/reads.ts), shared by the owners that write
 * them and db/read-benchmark.ts that picks them: row `expr` (an SQL integer) of a kind is
 * `md5('bench-<kind>-' || expr)::uuid`.
 */
export const benchId = (kind: 'participant' | 'agency' | 'event' | 'order', expr: string) => `md5('bench-${kind}-' || ${expr})::uuid`;

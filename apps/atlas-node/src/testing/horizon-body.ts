/**
 * A Horizon registration body for the region at (i, j): `horizon-i-j-0`, a 1000-wide cell
 * given as a centre and a half-extent of 500, port 7100 + 10i + j; `extra` overrides fields.
 */
export function horizonBody(i: number, j: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `horizon-${i}-${j}-0`,
    address: `ws://127.0.0.1:${7100 + i * 10 + j}/atlas`,
    region_coord: { x: i, y: j, z: 0 },
    center: { x: i * 1000 + 500, y: j * 1000 + 500, z: 0 },
    bounds: 500,
    capacity: 1000,
    version: '1.2.3',
    metadata: { zone: 'eu', shard: 2 },
    ...extra,
  };
}

// The payload of a timed action (raw mode: of a frame): a u32 id, then the send time
// as an f64 (this process's monotonic clock), then zero padding. The echo comes back
// to the same thread, so the float's byte order never crosses machines.

const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

/** Writes id and send time into the first 12 bytes of `buf`. */
export function writeProbe(buf: Uint8Array, id: number, sentAt: number): void {
  buf[0] = id & 0xff;
  buf[1] = (id >>> 8) & 0xff;
  buf[2] = (id >>> 16) & 0xff;
  buf[3] = (id >>> 24) & 0xff;
  f64[0] = sentAt;
  buf.set(f64Bytes, 4);
}

/** The id of a probe (undefined when too short to be one). */
export function probeId(buf: Uint8Array): number | undefined {
  if (buf.length < 12) return undefined;
  return ((buf[0] as number) | ((buf[1] as number) << 8) | ((buf[2] as number) << 16) | ((buf[3] as number) << 24)) >>> 0;
}

/** The send time of a probe (call after `probeId` said it is one). */
export function probeSentAt(buf: Uint8Array): number {
  for (let i = 0; i < 8; i++) f64Bytes[i] = buf[4 + i] as number;
  return f64[0] as number;
}

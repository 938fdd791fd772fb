/** Peer addresses as uWS reports them, made comparable and printable. */
import { isLoopbackAddress } from '@atlas/config';

const MAPPED_V4 = /^(?:0{1,4}:){5}ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i;
const SHORT_MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * uWS prints IPv6 peers in full (`0000:…:ffff:7f00:0001` for an IPv4 client on a
 * dual-stack socket); this gives `127.0.0.1`, `::1`, or a compressed IPv6 text.
 */
export function normalisePeer(text: string): string {
  const lower = text.toLowerCase();
  const mapped = MAPPED_V4.exec(lower);
  if (mapped !== null) {
    const hi = parseInt(mapped[1] ?? '0', 16);
    const lo = parseInt(mapped[2] ?? '0', 16);
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  const short = SHORT_MAPPED_V4.exec(lower);
  if (short !== null) return short[1] ?? lower;
  if (!lower.includes(':')) return lower;
  return compressIpv6(lower);
}

function compressIpv6(text: string): string {
  const groups = text.split(':');
  if (groups.length !== 8) return text;
  const parts = groups.map((g) => parseInt(g, 16).toString(16));
  // Longest run of zero groups (length >= 2) becomes "::".
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (parts[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && parts[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) return parts.join(':');
  return `${parts.slice(0, best).join(':')}::${parts.slice(best + bestLen).join(':')}`;
}

/** Whether a (normalised) peer address is this machine. */
export function isLoopbackPeer(peer: string): boolean {
  return isLoopbackAddress(peer);
}

/** A host for a URL: IPv6 in brackets. */
export function urlHost(peer: string): string {
  return peer.includes(':') ? `[${peer}]` : peer;
}

// Source networks as config text: comma-separated CIDRs (`127.0.0.0/8, ::1/128`).
import { isIP } from 'node:net';

/** One parsed network. */
export interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** The networks of `text`, or null if any entry is not `address/prefix`. Empty text: none. */
export function parseCidrs(text: string): Cidr[] | null {
  const out: Cidr[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const match = /^([^/\s]+)\/(\d{1,3})$/.exec(entry);
    const version = isIP(match?.[1] ?? '');
    const prefix = Number(match?.[2]);
    if (match === null || version === 0 || prefix > (version === 4 ? 32 : 128)) return null;
    out.push({ address: match[1] ?? '', prefix, family: version === 4 ? 'ipv4' : 'ipv6' });
  }
  return out;
}

import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** One address a destination resolved to, checked and then connected to as it is (no second lookup). */
export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

export type DestinationCheck =
  | { ok: true; url: URL; addresses: CheckedAddress[] }
  | { ok: false; reason: 'invalid_url' | 'unresolvable' | 'refused_destination' };

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * Where webhooks may go. A webhook is an admin's request that the hall server open connections on its
 * behalf; without a check it reaches what the hall network shelters (a printer's web page, a router, the
 * cloud metadata service at 169.254.169.254) and, with the delivery log, maps which ports answer. So a
 * destination must resolve only to public unicast addresses, unless it is on the allow-list
 * (HALL_WEBHOOK_ALLOW: CIDR ranges, comma separated, e.g. a provincial platform on the government LAN).
 *
 * Every address a name resolves to is checked (IPv4-mapped IPv6 is judged as the IPv4 it carries;
 * decimal, octal and hex IPv4 spellings are normalised by the URL parser first), and delivery connects to
 * the checked address itself, so a name that resolves differently a moment later (DNS rebinding) gains nothing.
 */
export class DestinationPolicy {
  private readonly allow: Range[];

  constructor(allow: readonly string[] = []) {
    this.allow = allow.map((cidr) => parseRange(cidr));
  }

  /** HALL_WEBHOOK_ALLOW as a list; a malformed range is a configuration error at start-up. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): DestinationPolicy {
    return new DestinationPolicy(parseAllowList(env.HALL_WEBHOOK_ALLOW ?? ''));
  }

  get allowList(): string[] {
    return this.allow.map(([a, bits]) => `${a.toString()}/${bits}`);
  }

  /** Whether one literal address may be reached. */
  permits(address: string): boolean {
    if (!ipaddr.isValid(address)) return false;
    const parsed = ipaddr.process(address); // ::ffff:a.b.c.d → a.b.c.d
    if (this.allow.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits))) return true;
    return parsed.range() === 'unicast';
  }

  async check(rawUrl: string): Promise<DestinationCheck> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return { ok: false, reason: 'invalid_url' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'invalid_url' };
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    let addresses: CheckedAddress[];
    if (ipaddr.isValid(host)) {
      addresses = [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }];
    } else {
      try {
        const found = await lookup(host, { all: true, verbatim: true });
        addresses = found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
      } catch {
        return { ok: false, reason: 'unresolvable' };
      }
      if (!addresses.length) return { ok: false, reason: 'unresolvable' };
    }
    // All or nothing: a name with one public and one private address is refused (the resolver picks).
    if (!addresses.every((a) => this.permits(a.address))) return { ok: false, reason: 'refused_destination' };
    return { ok: true, url, addresses };
  }
}

export function parseAllowList(raw: string): string[] {
  return raw
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((cidr) => {
      parseRange(cidr);
      return cidr;
    });
}

function parseRange(cidr: string): Range {
  try {
    if (cidr.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(cidr);
      return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? [(address as ipaddr.IPv6).toIPv4Address(), bits - 96] : [address, bits];
    }
    const address = ipaddr.process(cidr);
    return [address, address.kind() === 'ipv6' ? 128 : 32];
  } catch {
    throw new RangeError(`HALL_WEBHOOK_ALLOW: "${cidr}" is not an IP address or CIDR range (e.g. 10.20.0.0/16, 127.0.0.1/32)`);
  }
}

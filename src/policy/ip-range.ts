import { BlockList, isIP } from 'node:net';

/**
 * One `aws:SourceIp` value of a policy: an address or a CIDR block, IPv4 or IPv6. Matching uses
 * Node's own `net.BlockList` (prefix arithmetic on both families), not hand-written bit masks.
 */
export interface IpRange {
  /** The prefix length: 0 for `0.0.0.0/0` and `::/0`, the whole address space. */
  bits: number;
  contains(address: string): boolean;
}

/** Parses `192.0.2.0/24`, `203.0.113.7`, `2001:DB8:1234:5678::/64`; undefined when it is none. */
export function parseIpRange(text: string): IpRange | undefined {
  const [address = '', prefix, extra] = text.trim().split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  if (!(bits >= 0 && bits <= max)) return undefined;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(address, bits, type);
  return {
    bits,
    contains(candidate) {
      const plain = unmapped(candidate);
      const candidateFamily = isIP(plain);
      // An IPv4 request never matches an IPv6 block and the other way round, as on AWS.
      if (candidateFamily !== family) return false;
      return list.check(plain, type);
    },
  };
}

/** `::ffff:127.0.0.1` (how a dual-stack socket reports an IPv4 peer) is 127.0.0.1. */
export function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

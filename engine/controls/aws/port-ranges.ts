/**
 * Which TCP/UDP ports a security group ingress permission opens, and from where.
 *
 * The protocol rules come from the EC2 API reference for IpPermission:
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
 * "-1" means every protocol on every port. tcp and udp (or 6 and 17) carry a port range.
 * icmp and icmpv6 have types and codes in the port fields, not ports. Any other protocol number
 * (GRE 47, ESP 50, SCTP 132, …) "allows traffic on all ports" of that protocol, but none of them
 * is TCP or UDP, so it does not reach a TCP/UDP service such as SSH or PostgreSQL.
 */
import type { AwsIngressPermission } from '../../snapshots/aws.ts';

/** What a permission's protocol and ports amount to. */
export type PortCoverage =
  | { kind: 'all'; protocol: string }
  | { kind: 'range'; protocol: 'tcp' | 'udp'; from: number; to: number }
  | { kind: 'none'; protocol: string }
  /** The values make no sense (tcp without ports, an unknown protocol name): never read as closed. */
  | { kind: 'unknown'; protocol: string; reason: string };

const ICMP = new Set(['icmp', 'icmpv6', '1', '58']);

export function portCoverage(permission: Pick<AwsIngressPermission, 'protocol' | 'fromPort' | 'toPort'>): PortCoverage {
  const protocol = permission.protocol.trim().toLowerCase();
  if (protocol === '-1' || protocol === 'all') return { kind: 'all', protocol: permission.protocol };
  if (ICMP.has(protocol)) return { kind: 'none', protocol: permission.protocol };
  const tcpOrUdp = protocol === 'tcp' || protocol === '6' ? 'tcp' : protocol === 'udp' || protocol === '17' ? 'udp' : undefined;
  if (tcpOrUdp !== undefined) {
    const { fromPort: from, toPort: to } = permission;
    if (from === null || to === null || !isPort(from) || !isPort(to) || from > to) {
      return { kind: 'unknown', protocol: permission.protocol, reason: `${tcpOrUdp} with port range ${from ?? 'none'}-${to ?? 'none'}` };
    }
    return { kind: 'range', protocol: tcpOrUdp, from, to };
  }
  if (/^\d+$/.test(protocol) && Number(protocol) <= 255) return { kind: 'none', protocol: permission.protocol };
  return { kind: 'unknown', protocol: permission.protocol, reason: `unknown protocol "${permission.protocol}"` };
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 65535;
}

/** The listed ports a coverage opens, in the order listed. */
export function portsCovered(coverage: PortCoverage, ports: readonly number[]): number[] {
  switch (coverage.kind) {
    case 'all':
      return [...ports];
    case 'range':
      return ports.filter((port) => port >= coverage.from && port <= coverage.to);
    case 'none':
    case 'unknown':
      return [];
  }
}

/**
 * A CIDR that admits every address: `0.0.0.0/0`, `::/0`, or any other base address with prefix
 * length 0 (`/0` covers the whole address space whatever the base).
 */
export function isOpenToWorld(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}

/** `tcp 3000-4000`, `tcp 22`, `all traffic`, for messages. */
export function describeCoverage(coverage: PortCoverage): string {
  switch (coverage.kind) {
    case 'all':
      return 'all traffic (protocol -1)';
    case 'range':
      return coverage.from === coverage.to ? `${coverage.protocol} ${coverage.from}` : `${coverage.protocol} ${coverage.from}-${coverage.to}`;
    case 'none':
      return `protocol ${coverage.protocol}`;
    case 'unknown':
      return coverage.reason;
  }
}

/** Well-known services on the default ports, so a message says "22 (SSH)" rather than a bare number. */
export const PORT_NAMES: Readonly<Record<number, string>> = {
  22: 'SSH',
  3389: 'RDP',
  3306: 'MySQL',
  5432: 'PostgreSQL',
  1433: 'SQL Server',
  1521: 'Oracle',
  27017: 'MongoDB',
  6379: 'Redis',
  9200: 'Elasticsearch',
  11211: 'Memcached',
};

export function describePort(port: number): string {
  const name = PORT_NAMES[port];
  return name === undefined ? String(port) : `${port} (${name})`;
}

import { z } from 'zod';
import type { AwsSecurityGroup } from '../../snapshots/aws.ts';
import { awsSource } from '../../snapshots/aws.ts';
import { defineControl } from '../define-control.ts';
import { describeCoverage, describePort, isOpenToWorld, portCoverage, portsCovered } from './port-ranges.ts';

/** One ingress permission open to the internet: its protocol and ports, and the /0 ranges it admits. */
interface Exposure {
  rule: string;
  cidrs: string[];
  /** The listed ports it opens; empty for a permission open to the internet on other ports. */
  openPorts: number[];
  /** Set when the permission's protocol or ports could not be understood. */
  unreadable?: string;
}

export const control = defineControl({
  id: 'aws-sg-no-open-ingress',
  title: 'No security group allows administration or database ports from the whole internet',
  source: awsSource,
  needs: ['securityGroups'],
  area: 'infrastructure-security',
  severity: 'high',
  risk:
    'SSH, RDP and database ports reachable from 0.0.0.0/0 or ::/0 are scanned within minutes of exposure and ' +
    'attacked with stolen credentials and known exploits; network access to them should be limited to known ranges.',
  remediation: [
    'Remove the listed ingress rules that allow 0.0.0.0/0 or ::/0, or narrow them to the office, VPN or bastion CIDRs that need them.',
    'Reach instances through AWS Systems Manager Session Manager or a VPN instead of SSH or RDP from the internet.',
    'Keep databases and caches in private subnets, reachable only from the application security groups.',
    'If a group must stay open (a honeypot, a public SFTP endpoint), list its id under exemptGroups with the reason.',
  ],
  summary: { noun: ['security group', 'security groups'], failing: 'allow a listed port from the whole internet' },
  params: z.strictObject({
    /**
     * TCP/UDP ports that must not be reachable from 0.0.0.0/0 or ::/0: SSH, RDP, MySQL, PostgreSQL,
     * SQL Server, Oracle, MongoDB, Redis, Elasticsearch, Memcached.
     */
    ports: z
      .array(z.number().int().min(0).max(65535))
      .min(1, 'list at least one port, e.g. [22, 3389]')
      .default([22, 3389, 3306, 5432, 1433, 1521, 27017, 6379, 9200, 11211]),
    /** Security group ids (sg-…) exempt from the test; they are recorded as skipped, not hidden. */
    exemptGroups: z.array(z.string()).default([]),
  }),
  evaluate(data, params) {
    return data.securityGroups.map((group) => {
      const resource = group.id;
      const where = `${group.accountId}/${group.region}`;
      const label = `Security group ${group.id} (${group.name}) in ${where}`;
      const exposures = exposuresOf(group, params.ports);
      const failing = exposures.filter((e) => e.openPorts.length > 0);
      const unreadable = exposures.filter((e) => e.unreadable !== undefined);
      const openPorts = [...new Set(failing.flatMap((e) => e.openPorts))].sort((a, b) => a - b);
      const details = {
        accountId: group.accountId,
        region: group.region,
        vpcId: group.vpcId,
        name: group.name,
        openPorts,
        exposures,
      };

      if (params.exemptGroups.includes(group.id)) {
        const found = failing.length > 0 ? `; it allows ${describeExposures(failing)}` : '';
        return { status: 'skipped' as const, resource, message: `${label} is exempt from the open ingress test by configuration${found}.`, details };
      }
      if (failing.length > 0) {
        return {
          status: 'fail' as const,
          resource,
          message: `${label} allows ${describeExposures(failing)}; ${openPorts.length} of ${params.ports.length} listed ports open to the internet.`,
          details,
        };
      }
      if (unreadable.length > 0) {
        // An internet-facing rule we cannot read might open anything: not a pass.
        return {
          status: 'error' as const,
          resource,
          message: `${label} has an ingress rule from ${unreadable.flatMap((e) => e.cidrs).join(', ')} that could not be read: ${unreadable.map((e) => e.unreadable).join('; ')}.`,
          details,
        };
      }
      const otherOpen = exposures.length > 0 ? ` (open to the internet only on ${exposures.map((e) => e.rule).join(', ')})` : '';
      return {
        status: 'pass' as const,
        resource,
        message: `${label} allows none of the ${params.ports.length} listed ports from 0.0.0.0/0 or ::/0${otherOpen}.`,
        details,
      };
    });
  },
});

/** Every ingress permission of the group that admits a /0 range, with the listed ports it opens. */
function exposuresOf(group: AwsSecurityGroup, ports: readonly number[]): Exposure[] {
  const exposures: Exposure[] = [];
  for (const permission of group.ingress) {
    const cidrs = [...permission.ipv4Ranges, ...permission.ipv6Ranges].filter(isOpenToWorld);
    if (cidrs.length === 0) continue;
    const coverage = portCoverage(permission);
    exposures.push({
      rule: describeCoverage(coverage),
      cidrs,
      openPorts: portsCovered(coverage, ports),
      ...(coverage.kind === 'unknown' ? { unreadable: coverage.reason } : {}),
    });
  }
  return exposures;
}

/** "22 (SSH) from 0.0.0.0/0 via tcp 22; 5432 (PostgreSQL) from ::/0 via tcp 5432" */
function describeExposures(exposures: readonly Exposure[]): string {
  return exposures
    .map((e) => `${e.openPorts.map(describePort).join(', ')} from ${e.cidrs.join(' and ')} via ${e.rule}`)
    .join('; ');
}

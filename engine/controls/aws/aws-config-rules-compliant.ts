import { z } from 'zod';
import type { Outcome } from '../../model.ts';
import type { AwsConfigRuleResult } from '../../snapshots/aws.ts';
import { awsSource } from '../../snapshots/aws.ts';
import { defineControl } from '../define-control.ts';
import { isRecording, recorderOutcome } from './config-recorders.ts';
import { CriterionId, resolveCriteria } from './criteria-param.ts';

/** How many non-compliant resources a message names; the details keep them all. */
const NAMED_RESOURCES = 10;

export const control = defineControl({
  id: 'aws-config-rules-compliant',
  title: 'AWS Config records every region in scope and every Config rule is compliant',
  source: awsSource,
  needs: ['recorders', 'configRules'],
  area: 'infrastructure-security',
  severity: 'medium',
  risk:
    'AWS Config rules encode the configuration baseline (encryption, logging, network exposure); a non-compliant rule is a ' +
    'resource outside that baseline, and a region where Config does not record is one where drift goes unseen.',
  remediation: [
    'Fix each listed resource, or change the rule if the resource is compliant by another means, then re-evaluate the rule in the AWS Config console.',
    'Start the configuration recorder in every listed account and region (`aws configservice start-configuration-recorder`) and record all supported resource types.',
    'For a rule that reports INSUFFICIENT_DATA, check that its trigger resource types are recorded and that its Lambda function (custom rules) runs without error.',
    'Map the rules that evidence a criterion under rules (e.g. restricted-ssh: [CC6.6, A.8.20]); list rules that do not apply under ignoreRules.',
  ],
  summary: { noun: ['Config recorder or rule result', 'Config recorders and rule results'], failing: 'not recording or non-compliant' },
  params: z.strictObject({
    /**
     * AWS Config rule names mapped to the SOC 2 / ISO 27001 criteria they evidence, e.g.
     * `{ restricted-ssh: [CC6.6, A.8.20] }`. The criteria appear in each outcome's details. A mapped
     * rule with no result in any account or region fails: the criterion would otherwise look covered.
     */
    rules: z.record(z.string().min(1), z.array(CriterionId)).default({}),
    /** Rule names whose results are recorded as skipped, not hidden. */
    ignoreRules: z.array(z.string()).default([]),
    /**
     * Whether a recorder that records only selected resource types counts as a gap (CIS AWS
     * Foundations "Ensure AWS Config is enabled in all regions" expects all supported types).
     */
    requireAllSupported: z.boolean().default(true),
  }),
  evaluate(data, params) {
    const outcomes: Outcome[] = data.recorders.map((entry) => recorderOutcome(entry, params.requireAllSupported));
    // Where Config is not recording, a COMPLIANT result describes the last configuration it saw, not today's.
    const notRecording = new Set(data.recorders.filter((entry) => !isRecording(entry)).map((entry) => `${entry.accountId}/${entry.region}`));
    for (const rule of data.configRules) {
      const stale = notRecording.has(`${rule.accountId}/${rule.region}`);
      outcomes.push(ruleOutcome(rule, params.rules[rule.name] ?? [], params.ignoreRules.includes(rule.name), stale));
    }
    const evaluated = new Set(data.configRules.map((r) => r.name));
    for (const [name, ids] of Object.entries(params.rules)) {
      if (evaluated.has(name) || params.ignoreRules.includes(name)) continue;
      outcomes.push({
        status: 'fail',
        resource: `config-rule:${name}`,
        message: `AWS Config rule ${name} is mapped to ${ids.join(', ')} but has no result in any account or region in scope; deploy the rule or remove it from rules.`,
        details: { rule: name, criteria: resolveCriteria(ids) },
      });
    }
    return outcomes;
  },
});

function ruleOutcome(rule: AwsConfigRuleResult, criteriaIds: readonly string[], ignored: boolean, stale: boolean): Outcome {
  const where = `${rule.accountId}/${rule.region}`;
  const resource = `config-rule:${where}/${rule.name}`;
  const label = `AWS Config rule ${rule.name} in ${where}`;
  const details = {
    accountId: rule.accountId,
    region: rule.region,
    rule: rule.name,
    compliance: rule.compliance,
    recorderGap: stale,
    criteria: resolveCriteria(criteriaIds),
    nonCompliantCount: rule.nonCompliantResources.length,
    nonCompliantResources: rule.nonCompliantResources,
  };
  if (ignored) {
    return { status: 'skipped', resource, message: `${label} is ignored by configuration (its result: ${rule.compliance}).`, details };
  }
  switch (rule.compliance) {
    case 'COMPLIANT':
      if (stale) {
        return {
          status: 'error',
          resource,
          message: `${label} was COMPLIANT when last evaluated, but Config is not recording in ${where}, so the result may be stale.`,
          details,
        };
      }
      return { status: 'pass', resource, message: `${label} is COMPLIANT.`, details };
    case 'NON_COMPLIANT':
      return { status: 'fail', resource, message: `${label} is NON_COMPLIANT: ${describeResources(rule)}.`, details };
    case 'INSUFFICIENT_DATA':
      // Config has not evaluated the rule (no recorded resource yet, or a custom rule's function failed): unknown, never a pass.
      return { status: 'error', resource, message: `${label} reports INSUFFICIENT_DATA: it has no evaluation yet, so its resources are untested.`, details };
    case 'NOT_APPLICABLE':
      return { status: 'skipped', resource, message: `${label} is NOT_APPLICABLE: no resource in its scope.`, details };
  }
}

/** "2 resources: AWS::EC2::SecurityGroup sg-1 (port 22 open), AWS::EC2::SecurityGroup sg-2" plus "and 5 more". */
function describeResources(rule: AwsConfigRuleResult): string {
  const all = rule.nonCompliantResources;
  if (all.length === 0) return 'the non-compliant resources were not listed';
  const named = all
    .slice(0, NAMED_RESOURCES)
    .map((r) => `${r.type} ${r.id}${r.annotation ? ` (${r.annotation.replace(/\.$/, '')})` : ''}`)
    .join(', ');
  const more = all.length > NAMED_RESOURCES ? ` and ${all.length - NAMED_RESOURCES} more` : '';
  return `${all.length} resource${all.length === 1 ? '' : 's'}: ${named}${more}`;
}

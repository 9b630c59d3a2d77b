/**
 * Config rule compliance, and for every NON_COMPLIANT rule the resources it found non-compliant.
 * One account and region:
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeComplianceByConfigRule.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_GetComplianceDetailsByConfigRule.html
 * Every account and region of an aggregator:
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeAggregateComplianceByConfigRules.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_GetAggregateComplianceDetailsByConfigRule.html
 * A rule without a compliance value is INSUFFICIENT_DATA: unknown, which the control never passes.
 *
 * A NON_COMPLIANT rule comes with `ComplianceContributorCount` (https://docs.aws.amazon.com/config/latest/APIReference/API_ComplianceContributorCount.html):
 * how many resources make it non-compliant, capped (`CappedCount`). Its listing of non-compliant
 * resources is reconciled with that count: fewer resources than counted means the listing did not
 * reach its last page (a NextToken that went missing), and the part is incomplete.
 */
import {
  type Compliance,
  type ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeComplianceByConfigRuleCommand,
  type EvaluationResultIdentifier,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  GetComplianceDetailsByConfigRuleCommand,
} from '@aws-sdk/client-config-service';
import { mapConcurrent } from '../../evidence/map-concurrent.ts';
import { AwsAccountId, type AwsConfigRuleResult, AwsComplianceType, type AwsNonCompliantResource } from '../../snapshots/aws.ts';
import { call, describeAwsError, type PartReader, readPages } from './part-reader.ts';

/** Detail reads in flight at once per region or aggregator. */
const DETAIL_CONCURRENCY = 4;
/** The largest page GetComplianceDetailsByConfigRule and its aggregate variant allow. */
const DETAIL_LIMIT = 100;

export async function readRules(client: ConfigServiceClient, accountId: string, region: string, part: PartReader<AwsConfigRuleResult>): Promise<void> {
  const rules: AwsConfigRuleResult[] = [];
  const counted = new Map<AwsConfigRuleResult, number>();
  try {
    await readPages(
      part,
      (NextToken) => call('DescribeComplianceByConfigRule', () => client.send(new DescribeComplianceByConfigRuleCommand({ NextToken }))),
      (page) => {
        for (const entry of page.ComplianceByConfigRules ?? []) {
          if (entry.ConfigRuleName) rules.push(counting(counted, rule(entry.ConfigRuleName, accountId, region, entry.Compliance), entry.Compliance));
        }
      },
    );
  } catch (error) {
    part.errors.push(describeAwsError(error, region));
  }
  // The rules listed before a failing page are kept: the part is incomplete either way.
  part.items.push(...rules);
  await readDetails(part, rules, counted, (entry) => `${region}, rule ${entry.name}`, (entry, NextToken) =>
    call('GetComplianceDetailsByConfigRule', async () => {
      const page = await client.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: entry.name, ComplianceTypes: ['NON_COMPLIANT'], Limit: DETAIL_LIMIT, NextToken }));
      return { NextToken: page.NextToken, results: page.EvaluationResults };
    }),
  );
}

export async function readAggregateRules(
  client: ConfigServiceClient,
  aggregator: string,
  inScope: (accountId: string, region: string) => boolean,
  part: PartReader<AwsConfigRuleResult>,
): Promise<void> {
  const where = `aggregator ${aggregator}`;
  const rules: AwsConfigRuleResult[] = [];
  const counted = new Map<AwsConfigRuleResult, number>();
  try {
    await readPages(
      part,
      (NextToken) =>
        call('DescribeAggregateComplianceByConfigRules', () =>
          client.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: aggregator, Limit: 1000, NextToken })),
        ),
      (page) => {
        for (const entry of page.AggregateComplianceByConfigRules ?? []) {
          const { ConfigRuleName: name, AccountId: accountId = '', AwsRegion: region = '' } = entry;
          if (!name || !inScope(accountId, region)) continue;
          if (!AwsAccountId.safeParse(accountId).success) {
            part.errors.push(`${where} listed rule ${name} without a valid account id ("${accountId}")`);
            continue;
          }
          rules.push(counting(counted, rule(name, accountId, region, entry.Compliance), entry.Compliance));
        }
      },
    );
  } catch (error) {
    part.errors.push(describeAwsError(error, where));
  }
  part.items.push(...rules);
  await readDetails(part, rules, counted, (entry) => `${where}, rule ${entry.name} in ${entry.accountId}/${entry.region}`, (entry, NextToken) =>
    call('GetAggregateComplianceDetailsByConfigRule', async () => {
      const page = await client.send(
        new GetAggregateComplianceDetailsByConfigRuleCommand({
          ConfigurationAggregatorName: aggregator,
          ConfigRuleName: entry.name,
          AccountId: entry.accountId,
          AwsRegion: entry.region,
          ComplianceType: 'NON_COMPLIANT',
          Limit: DETAIL_LIMIT,
          NextToken,
        }),
      );
      return { NextToken: page.NextToken, results: page.AggregateEvaluationResults };
    }),
  );
}

/**
 * The non-compliant resources of each non-compliant rule, a few rules at a time, each reconciled
 * with the rule's contributor count; a rule whose pages fail is an error naming it, the others go on.
 */
async function readDetails(
  part: PartReader<AwsConfigRuleResult>,
  rules: readonly AwsConfigRuleResult[],
  counted: ReadonlyMap<AwsConfigRuleResult, number>,
  where: (entry: AwsConfigRuleResult) => string,
  readPage: (entry: AwsConfigRuleResult, NextToken: string | undefined) => Promise<{ NextToken?: string | undefined; results?: Parameters<typeof toResource>[0][] | undefined }>,
): Promise<void> {
  await mapConcurrent(nonCompliant(rules), DETAIL_CONCURRENCY, async (entry) => {
    try {
      await readPages(
        part,
        (NextToken) => readPage(entry, NextToken),
        (page) => entry.nonCompliantResources.push(...(page.results ?? []).map(toResource)),
      );
      reconcile(entry, counted, where(entry), part);
    } catch (error) {
      part.errors.push(describeAwsError(error, where(entry)));
    }
  });
}

function rule(name: string, accountId: string, region: string, compliance: Compliance | undefined): AwsConfigRuleResult {
  const type = AwsComplianceType.safeParse(compliance?.ComplianceType);
  return { name, accountId, region, compliance: type.success ? type.data : 'INSUFFICIENT_DATA', nonCompliantResources: [] };
}

/** Keeps the rule's contributor count, when AWS gave one. */
function counting(counted: Map<AwsConfigRuleResult, number>, entry: AwsConfigRuleResult, compliance: Compliance | undefined): AwsConfigRuleResult {
  const count = compliance?.ComplianceContributorCount?.CappedCount;
  if (entry.compliance === 'NON_COMPLIANT' && typeof count === 'number') counted.set(entry, count);
  return entry;
}

/** A listing of non-compliant resources shorter than the rule's contributor count is not whole. */
function reconcile(entry: AwsConfigRuleResult, counted: ReadonlyMap<AwsConfigRuleResult, number>, where: string, part: PartReader<AwsConfigRuleResult>): void {
  const count = counted.get(entry);
  if (count === undefined || entry.nonCompliantResources.length >= count) return;
  part.errors.push(
    `${where}: the listing of non-compliant resources ended after ${entry.nonCompliantResources.length} of the ${count} AWS Config counts (ComplianceContributorCount): it did not reach its last page`,
  );
}

function nonCompliant(rules: readonly AwsConfigRuleResult[]): AwsConfigRuleResult[] {
  return rules.filter((r) => r.compliance === 'NON_COMPLIANT');
}

function toResource(result: { EvaluationResultIdentifier?: EvaluationResultIdentifier | undefined; Annotation?: string | undefined }): AwsNonCompliantResource {
  const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
  return {
    type: qualifier?.ResourceType ?? 'unknown',
    id: qualifier?.ResourceId ?? 'unknown',
    ...(result.Annotation ? { annotation: result.Annotation } : {}),
  };
}

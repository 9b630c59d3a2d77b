/**
 * Many accounts and regions through one AWS Config aggregator, in one set of calls from the
 * aggregator's region: source status for recorder coverage, aggregated rule compliance and the
 * aggregated resource inventory. Items outside the configured regions (and accountIds, when set)
 * are dropped.
 * https://docs.aws.amazon.com/config/latest/developerguide/aggregate-data.html
 */
import { type AggregatedSourceStatus, type ConfigServiceClient, SelectAggregateResourceConfigCommand } from '@aws-sdk/client-config-service';
import type { AwsConfigRuleResult, AwsRecorderCoverage } from '../../snapshots/aws.ts';
import { coverageFromSources, readSources, sourceAccounts } from './aggregator-sources.ts';
import { type AwsRead, assembleData } from './aws-read.ts';
import { call, describeAwsError, newPart } from './part-reader.ts';
import { newResourceParts, readResources, SELECT_LIMIT, type SelectPage } from './resource-queries.ts';
import { readAggregateRules } from './rules.ts';

export interface AggregatorSettings {
  regions: readonly string[];
  accountIds?: readonly string[] | undefined;
  aggregator: { name: string; region: string };
}

export async function collectAggregator(
  settings: AggregatorSettings,
  open: (region: string) => ConfigServiceClient,
  log: { warn(message: string): void },
): Promise<AwsRead> {
  const { name } = settings.aggregator;
  const client = open(settings.aggregator.region);
  const regions = new Set(settings.regions);
  const accounts = settings.accountIds === undefined ? undefined : new Set(settings.accountIds);
  const inScope = (accountId: string, region: string) => regions.has(region) && (accounts === undefined || accounts.has(accountId));
  const where = `aggregator ${name}`;

  const recorders = newPart<AwsRecorderCoverage>();
  const rules = newPart<AwsConfigRuleResult>();
  const resources = newResourceParts();
  const select: SelectPage = (Expression, NextToken) =>
    call('SelectAggregateResourceConfig', () =>
      client.send(new SelectAggregateResourceConfigCommand({ ConfigurationAggregatorName: name, Expression, Limit: SELECT_LIMIT, NextToken })),
    );
  let sources: AggregatedSourceStatus[] | undefined;
  await Promise.all([
    readSources(client, name, recorders).then(
      (read) => {
        sources = read;
      },
      (error: unknown) => {
        recorders.errors.push(describeAwsError(error, where));
      },
    ),
    readAggregateRules(client, name, inScope, rules),
    readResources(select, where, inScope, resources),
  ]);

  // Without accountIds the accounts are those the aggregator and its data name.
  const scopeAccounts =
    settings.accountIds ??
    [
      ...new Set([
        ...sourceAccounts(sources ?? []),
        ...rules.items.map((r) => r.accountId),
        ...resources.buckets.items.map((b) => b.accountId),
        ...resources.securityGroups.items.map((g) => g.accountId),
      ]),
    ].sort();
  if (settings.accountIds === undefined && sources?.some((s) => s.SourceType === 'ORGANIZATION')) {
    log.warn(
      `aggregator ${name} collects from an organization: accounts without any Config data are not listed, so their gaps go unseen; list them under sources.aws.accountIds.`,
    );
  }
  if (sources !== undefined) recorders.items.push(...coverageFromSources(scopeAccounts, settings.regions, sources, name));
  return {
    scope: `aws:aggregator/${name}`,
    parameters: { aggregator: { ...settings.aggregator }, regions: [...settings.regions], accountIds: [...scopeAccounts] },
    ...assembleData({ accounts: scopeAccounts, recorders, rules, resources }),
  };
}

/**
 * One account, region by region: the credentials' own account, read in every region in scope
 * (regions in parallel). Each region's recorder, rules and resources are read independently, so an
 * AccessDenied or a throttling storm in one region leaves that region's items out and its parts
 * incomplete while the other regions are still read.
 */
import { type ConfigServiceClient, SelectResourceConfigCommand } from '@aws-sdk/client-config-service';
import { ConfigurationError } from '../../errors.ts';
import type { AwsConfigRuleResult, AwsRecorderCoverage } from '../../snapshots/aws.ts';
import { credentialsAccount } from './config-client.ts';
import { call, describeAwsError, mergeParts, newPart, type PartReader } from './part-reader.ts';
import { readRecorder, type RegionalRecorder } from './recorders.ts';
import { readRules } from './rules.ts';
import { newResourceParts, readResources, SELECT_LIMIT, type SelectPage } from './resource-queries.ts';
import { type AwsRead, assembleData } from './aws-read.ts';

export interface AccountSettings {
  regions: readonly string[];
  accountIds?: readonly string[] | undefined;
}

export async function collectAccount(settings: AccountSettings, open: (region: string) => ConfigServiceClient): Promise<AwsRead> {
  if ((settings.accountIds?.length ?? 0) > 1) {
    throw new ConfigurationError(
      `sources.aws.accountIds lists ${settings.accountIds?.length} accounts but no aggregator: one set of credentials reads one account. ` +
        'Set sources.aws.aggregator to read them through an AWS Config aggregator, or run one job per account (a matrix) with accountIds: [<that account>].',
    );
  }
  const clients = settings.regions.map((region) => ({ region, client: open(region) }));
  const configured = settings.accountIds?.[0];
  const fromCredentials = clients[0] === undefined ? undefined : await credentialsAccount(clients[0].client);
  if (configured !== undefined && fromCredentials !== undefined && configured !== fromCredentials) {
    throw new ConfigurationError(
      `sources.aws.accountIds names account ${configured}, but the AWS credentials are for account ${fromCredentials}; use credentials for ${configured} or correct accountIds.`,
    );
  }

  const regional = await Promise.all(clients.map(({ region, client }) => readRegion(region, client)));
  const accountId = configured ?? fromCredentials ?? accountFromData(regional);
  for (const { rules } of regional) for (const rule of rules.items) rule.accountId = accountId;

  const recorders = newPart<AwsRecorderCoverage>();
  for (const { region, recorder, recorderPart } of regional) {
    recorders.pages += recorderPart.pages;
    recorders.errors.push(...recorderPart.errors);
    if (recorder !== undefined) recorders.items.push({ accountId, region, recorder: recorder.recorder });
  }
  const resources = {
    buckets: mergeParts(regional.map((r) => r.resources.buckets)),
    accountBlocks: mergeParts(regional.map((r) => r.resources.accountBlocks)),
    securityGroups: mergeParts(regional.map((r) => r.resources.securityGroups)),
  };
  return {
    scope: `aws:${accountId}`,
    parameters: { accountId, regions: [...settings.regions] },
    ...assembleData({ accounts: [accountId], recorders, rules: mergeParts(regional.map((r) => r.rules)), resources }),
  };
}

interface RegionRead {
  region: string;
  /** Undefined when the recorder could not be read. */
  recorder: RegionalRecorder | undefined;
  recorderPart: PartReader<never>;
  rules: PartReader<AwsConfigRuleResult>;
  resources: ReturnType<typeof newResourceParts>;
}

async function readRegion(region: string, client: ConfigServiceClient): Promise<RegionRead> {
  const read: RegionRead = { region, recorder: undefined, recorderPart: newPart(), rules: newPart(), resources: newResourceParts() };
  const select: SelectPage = (Expression, NextToken) =>
    call('SelectResourceConfig', () => client.send(new SelectResourceConfigCommand({ Expression, Limit: SELECT_LIMIT, NextToken })));
  await Promise.all([
    readRecorder(client, read.recorderPart).then(
      (recorder) => {
        read.recorder = recorder;
      },
      (error: unknown) => {
        read.recorderPart.errors.push(describeAwsError(error, region));
      },
    ),
    // The account is filled in once known; until then the rules carry none.
    readRules(client, '', region, read.rules),
    readResources(select, region, (_account, itemRegion) => itemRegion === region, read.resources),
  ]);
  return read;
}

/**
 * Without accountIds and without an account in the credentials (static keys), the account is the
 * one the data names: the recorder ARNs and the configuration items.
 */
function accountFromData(regional: readonly RegionRead[]): string {
  const seen = new Set<string>();
  for (const read of regional) {
    const fromArn = /^arn:[^:]+:config:[^:]*:(\d{12}):/.exec(read.recorder?.arn ?? '')?.[1];
    if (fromArn !== undefined) seen.add(fromArn);
    for (const item of [...read.resources.buckets.items, ...read.resources.securityGroups.items, ...read.resources.accountBlocks.items]) seen.add(item.accountId);
  }
  if (seen.size === 1) return [...seen][0] as string;
  const errors = regional.flatMap((r) => [...r.recorderPart.errors, ...r.rules.errors]).slice(0, 3);
  throw new ConfigurationError(
    seen.size === 0
      ? 'cannot tell which AWS account was read: the credentials do not name it and AWS Config returned nothing that does. Set sources.aws.accountIds: [<12-digit account id>] (or AWS_ACCOUNT_ID).'
      : `the AWS Config data names several accounts (${[...seen].join(', ')}); set sources.aws.accountIds to the account of the credentials, or configure an aggregator.`,
    errors,
  );
}

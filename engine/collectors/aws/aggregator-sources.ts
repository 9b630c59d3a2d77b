/**
 * Recorder coverage through an aggregator: which accounts and regions it collects from, and whether
 * that collection works.
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationAggregatorSourcesStatus.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_AggregatedSourceStatus.html
 *
 * An account and region in scope with no source is `recorder: null`, a gap the control fails.
 * FAILED and OUTDATED sources read as a recorder whose last event failed, with AWS's error.
 * The aggregator does not expose the source's recording group, so a SUCCEEDED source is reported as
 * recording all supported types; per-account collection (no aggregator) reads the real group.
 */
import {
  type AggregatedSourceStatus,
  type ConfigServiceClient,
  DescribeConfigurationAggregatorSourcesStatusCommand,
} from '@aws-sdk/client-config-service';
import type { AwsConfigRecorder, AwsRecorderCoverage } from '../../snapshots/aws.ts';
import { call, readPages } from './part-reader.ts';

export async function readSources(client: ConfigServiceClient, aggregator: string, part: { pages: number }): Promise<AggregatedSourceStatus[]> {
  const sources: AggregatedSourceStatus[] = [];
  await readPages(
    part,
    (NextToken) =>
      call('DescribeConfigurationAggregatorSourcesStatus', () =>
        client.send(new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: aggregator, Limit: 100, NextToken })),
      ),
    (page) => sources.push(...(page.AggregatedSourceStatusList ?? [])),
  );
  return sources;
}

/** Accounts the aggregator names as ACCOUNT sources (an ORGANIZATION source names the organization). */
export function sourceAccounts(sources: readonly AggregatedSourceStatus[]): string[] {
  return sources.filter((s) => s.SourceType === 'ACCOUNT' && /^\d{12}$/.test(s.SourceId ?? '')).map((s) => s.SourceId as string);
}

export function coverageFromSources(
  accounts: readonly string[],
  regions: readonly string[],
  sources: readonly AggregatedSourceStatus[],
  aggregator: string,
): AwsRecorderCoverage[] {
  return accounts.flatMap((accountId) =>
    regions.map((region) => {
      const source =
        sources.find((s) => s.SourceType === 'ACCOUNT' && s.SourceId === accountId && s.AwsRegion === region) ??
        sources.find((s) => s.SourceType === 'ORGANIZATION' && s.AwsRegion === region);
      return { accountId, region, recorder: source === undefined ? null : recorderFromSource(source, aggregator) };
    }),
  );
}

function recorderFromSource(source: AggregatedSourceStatus, aggregator: string): AwsConfigRecorder {
  const when = source.LastUpdateTime?.toISOString() ?? null;
  // An aggregator says whether a source succeeded, not what its recorder records: unknown, not "all".
  const base = { name: `via aggregator ${aggregator}`, recording: true, lastStatusChangeTime: when, allSupported: null, resourceTypes: [] };
  switch (source.LastUpdateStatus) {
    case 'SUCCEEDED':
      return { ...base, lastStatus: 'Success' };
    case 'OUTDATED':
      return { ...base, lastStatus: 'Failure', lastErrorCode: 'OUTDATED', lastErrorMessage: `the aggregator's data from this source is outdated (last updated ${when ?? 'never'})` };
    default:
      return {
        ...base,
        lastStatus: 'Failure',
        lastErrorCode: source.LastErrorCode ?? source.LastUpdateStatus ?? 'UNKNOWN',
        lastErrorMessage: `the aggregator could not collect from this source: ${source.LastErrorMessage ?? 'no message given'}`,
      };
  }
}

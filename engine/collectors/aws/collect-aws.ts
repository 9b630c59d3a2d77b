/**
 * The scheduled AWS collector: AWS Config recorder coverage, rule compliance, and the S3 and
 * security group inventory Evident's own controls test, for the account of the credentials in every
 * region in scope, or for every account and region behind a Config aggregator.
 *
 * Credentials come from the SDK's default provider chain (in GitHub Actions, OIDC through
 * aws-actions/configure-aws-credentials); nothing here takes keys. A call that still fails after
 * the SDK's retries makes the part it feeds incomplete with the error, so the controls that need
 * it say `error`; the other regions and parts are still read.
 */
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { ConfigurationError } from '../../errors.ts';
import type { Snapshot } from '../../model.ts';
import { EVIDENT_VERSION } from '../../version.ts';
import { clockParameters, sourceClock } from '../source-clock.ts';
import type { Collector } from '../collector.ts';
import { collectAccount } from './collect-account.ts';
import { collectAggregator } from './collect-aggregator.ts';
import { type ConfigClientOptions, DEFAULT_MAX_ATTEMPTS, openConfigClient } from './config-client.ts';

export type AwsCollectorOptions = ConfigClientOptions;

export function createAwsCollector(options: AwsCollectorOptions = {}): Collector {
  return async (context) => {
    const aws = context.config.sources.aws;
    if (aws === undefined) throw new ConfigurationError('sources.aws is not configured; add sources.aws.regions to compliance.yml to read AWS Config.');
    const counter = { calls: 0 };
    const clients: ConfigServiceClient[] = [];
    const open = (region: string) => {
      // One credential provider for every region: the default chain (e.g. an OIDC web identity
      // exchange with STS) resolves once, not once per region.
      const shared = clients[0]?.config.credentials;
      const client = openConfigClient(region, shared === undefined ? options : { ...options, client: { credentials: shared, ...options.client } }, counter, context.env);
      clients.push(client);
      return client;
    };
    try {
      const read = aws.aggregator === undefined ? await collectAccount(aws, open) : await collectAggregator({ ...aws, aggregator: aws.aggregator }, open, context.log);
      for (const [name, part] of Object.entries(read.parts)) {
        if (!part.complete) context.log.warn(`AWS ${read.scope}: ${name} read only in part (${part.count} read): ${part.error ?? 'unknown error'}`);
      }
      // By AWS's clock, not the runner's (../source-clock.ts): the SDK measures the offset from every
      // answer's Date header to sign requests a skewed clock would get refused (`systemClockOffset`,
      // https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html, clock skew correction).
      const clock = sourceClock(context.now, clients.map((client) => client.config.systemClockOffset).find((offset) => offset !== undefined && offset !== 0));
      const snapshot: Snapshot = {
        source: 'aws',
        scope: read.scope,
        collectedAt: clock.at.toISOString(),
        collector: {
          name: 'aws-config',
          version: EVIDENT_VERSION,
          parameters: { ...read.parameters, maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, ...clockParameters(context.now, clock) },
          apiCalls: counter.calls,
        },
        parts: read.parts,
        data: read.data,
      };
      context.log.info(`AWS ${read.scope}: ${counter.calls} AWS Config API calls`);
      return { snapshots: [snapshot], apiCalls: counter.calls };
    } finally {
      for (const client of clients) client.destroy();
    }
  };
}

/** The collector with the SDK's defaults: default credential chain, standard retry, 5 attempts. */
export const collectAws: Collector = createAwsCollector();

/**
 * The AWS Config client: credentials from the SDK's default provider chain (environment, SSO,
 * web identity — GitHub Actions OIDC arrives this way —, instance roles), the SDK's standard retry
 * (throttling errors and 5xx, exponential backoff with jitter) with a bounded number of attempts,
 * and a middleware that counts every HTTP request, retries included, for `apiCalls`.
 * https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
import { ConfigServiceClient, type ConfigServiceClientConfig } from '@aws-sdk/client-config-service';

/** Attempts per call, the first included. The SDK's default is 3; Config throttles hourly organization-wide reads. */
export const DEFAULT_MAX_ATTEMPTS = 5;

export interface ConfigClientOptions {
  /**
   * Settings merged into every client (all but the region): `endpoint`, `credentials`,
   * `requestHandler`, `retryStrategy`. For tests and the benchmark; in production leave it unset.
   */
  client?: Omit<ConfigServiceClientConfig, 'region'>;
  /** Attempts per call before a part is reported incomplete (default 5). */
  maxAttempts?: number;
}

export interface CallCounter {
  calls: number;
}

export function openConfigClient(region: string, options: ConfigClientOptions, counter: CallCounter, env: NodeJS.ProcessEnv): ConfigServiceClient {
  // The SDK's own service-specific endpoint variable, read from the context's environment too.
  const endpoint = env.AWS_ENDPOINT_URL_CONFIG_SERVICE ?? env.AWS_ENDPOINT_URL;
  const client = new ConfigServiceClient({
    region,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    // Without timeouts a stalled connection would hang the hourly run.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
    ...(endpoint === undefined ? {} : { endpoint }),
    ...options.client,
  });
  // In the deserialize step, inside the retry middleware (finalizeRequest): runs once per HTTP attempt.
  client.middlewareStack.add(
    (next) => async (args) => {
      counter.calls += 1;
      return next(args);
    },
    { step: 'deserialize', name: 'evidentCountApiCalls', priority: 'low' },
  );
  return client;
}

/** The account of the resolved credentials, when the provider tells it (web identity, SSO, AWS_ACCOUNT_ID). */
export async function credentialsAccount(client: ConfigServiceClient): Promise<string | undefined> {
  try {
    const identity = await client.config.credentials();
    return /^\d{12}$/.test(identity.accountId ?? '') ? identity.accountId : undefined;
  } catch {
    // No credentials at all: every call will fail and say so.
    return undefined;
  }
}

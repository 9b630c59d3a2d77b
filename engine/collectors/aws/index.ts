/** The AWS Config collector (collect-aws.ts) and its options. */
export { collectAws, createAwsCollector, type AwsCollectorOptions } from './collect-aws.ts';
export { DEFAULT_MAX_ATTEMPTS } from './config-client.ts';
export { QUERIES } from './resource-queries.ts';

/** The Okta collector (collect-okta.ts) and its options. */
export { collectOkta, createOktaCollector, type OktaCollectorOptions } from './collect-okta.ts';
export type { OktaHttpOptions, OktaCallStats } from './okta-request-executor.ts';

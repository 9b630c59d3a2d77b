/**
 * Okta API tokens: 42 characters starting `00`, sent as `Authorization: SSWS <token>`.
 * https://developer.okta.com/docs/guides/create-an-api-token/main/
 * The shape alone is too plain to report; the rule wants the SSWS scheme or a name with both
 * `okta` and `token` before the value (OKTA_TOKEN, okta_api_token, okta.client.token).
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const oktaApiToken = defineSecretRule({
  id: 'okta-api-token',
  title: 'Okta API token',
  docs: 'https://developer.okta.com/docs/guides/create-an-api-token/main/',
  keywords: ['ssws', 'okta'],
  pattern:
    /(?:\bSSWS\s+|okta[\w.-]{0,30}?token[\w.-]{0,20}["'`]?\s*(?:=|:|=>|:=)\s*["'`]?(?:SSWS\s+)?)(?<secret>00[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/i,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(2)),
  samples: {
    truePositives: [
      sample('OKTA_TOKEN=', '00', 'Z8QJ9BeQznGM3JlaxMgItqrVXPO9flZMZ4F1Rxnp'),
      sample('curl -H "Authorization: SSWS ', '00', '3FXRqV1RTWY21Xt_D1-G2dgDTHhq-n3PQABoWi1y', '" https://acme.okta.com/api/v1/users?limit=200'),
      sample('  okta_api_token: "', '00', 'wjTyPCrXa7Reu8wwJfQ2bSsbQ1jbnZ1-EOF8hxLp', '"'),
    ],
    falsePositives: [
      'OKTA_TOKEN=${OKTA_TOKEN}',
      'Authorization: SSWS {{okta_api_token}}',
      sample('okta_group_id: ', '00', 'Z8QJ9BeQznGM3JlaxMgItqrVXPO9fl', ' # an Okta group id: 32 characters, not a token'),
      sample('request_id: ', '00', 'Z8QJ9BeQznGM3JlaxMgItqrVXPO9flZMZ4F1Rxnp', ' # no Okta name, no SSWS'),
    ],
  },
});

export const oktaRules = [oktaApiToken] as const;

/**
 * Braintree (PayPal) access tokens.
 * https://developer.paypal.com/braintree/docs/guides/authorization/overview
 * `access_token$production$`, the 16-character merchant id, `$`, 32 hexadecimal digits. Sandbox
 * tokens (`access_token$sandbox$…`) reach no real money and are not reported.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const braintreeAccessToken = defineSecretRule({
  id: 'braintree-access-token',
  title: 'Braintree access token',
  docs: 'https://developer.paypal.com/braintree/docs/guides/authorization/overview',
  keywords: ['access_token$production$'],
  pattern: /(?<![A-Za-z0-9_$])(?<secret>access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})(?![A-Za-z0-9_$])/,
  entropy: 3.5,
  validate: (secret) => !hasTypedRun(secret.slice(secret.lastIndexOf('$') + 1)),
  samples: {
    truePositives: [
      sample('BRAINTREE_ACCESS_TOKEN=', 'access_token$production$', 'hzowat01mn816uv6$aff35e7eb69885fba08ccd55287643d5'),
      sample('gateway = braintree.BraintreeGateway(access_token="', 'access_token$production$', '3ns4orb9nhn6te4c$5faf1509c15634f79767adfbd8b36655")'),
      sample("  paypal_access_token: '", 'access_token$production$', "g8yllcn9mmhiahl8$1281ce31a4071eefd29f3825c10556c3'"),
    ],
    falsePositives: [
      'BRAINTREE_ACCESS_TOKEN=access_token$sandbox$hzowat01mn816uv6$aff35e7eb69885fba08ccd55287643d5',
      'BRAINTREE_ACCESS_TOKEN=access_token$production$<merchant_id>$<token>',
      "const isLive = token.startsWith('access_token$production$');",
    ],
  },
});

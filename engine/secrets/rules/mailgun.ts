/**
 * Mailgun API keys.
 * https://documentation.mailgun.com/docs/mailgun/user-manual/api-key-mgmt/
 * Private API keys were `key-` and 32 hexadecimal digits; keys made today (and webhook signing
 * keys) are 32, 8 and 8 hexadecimal digits joined by `-`. Neither says "Mailgun" by itself, so
 * the line must (the keyword). `pubkey-…` is the public validation key.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const mailgunApiKey = defineSecretRule({
  id: 'mailgun-api-key',
  title: 'Mailgun API key',
  docs: 'https://documentation.mailgun.com/docs/mailgun/user-manual/api-key-mgmt/',
  keywords: ['mailgun'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})(?![A-Za-z0-9_-])/,
  entropy: 3,
  validate: (secret) => !hasTypedRun(secret.replace(/^key-/, '')),
  samples: {
    truePositives: [
      sample('MAILGUN_API_KEY=', 'key-', '63bee107c1152df5a3bbf28f349e9ec4'),
      sample('mailgun = Mailgun(api_key="', '12a2023b6ccd5008', '3c3d67d1e334dc92-6dfa4fd5-888d06a0", domain="mg.acme.io")'),
      sample("curl -s --user 'api:", 'key-', "595ea7613cd89bbd3dcb327aae59e954' https://api.mailgun.net/v3/mg.acme.io/messages"),
    ],
    falsePositives: [
      'MAILGUN_DOMAIN=mg.acme.io',
      sample('MAILGUN_PUBLIC_KEY=', 'pubkey-', '32acabcca3972680a443f4cfc170ded3'),
      'mailgun_api_key = "key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
    ],
  },
});

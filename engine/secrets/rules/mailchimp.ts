/**
 * Mailchimp Marketing API keys.
 * https://mailchimp.com/developer/marketing/guides/quick-start/#generate-your-api-key
 * 32 hexadecimal digits, `-`, then the account's data center (`us1` … `us21`). The keywords are the
 * data-center suffix's first digit (`-us1` … `-us9`), which every key holds: rarer than `-us`, which
 * "-user" and "-use" are full of, and present on the line of every key, named or not.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const mailchimpApiKey = defineSecretRule({
  id: 'mailchimp-api-key',
  title: 'Mailchimp API key',
  docs: 'https://mailchimp.com/developer/marketing/guides/quick-start/#generate-your-api-key',
  keywords: ['-us1', '-us2', '-us3', '-us4', '-us5', '-us6', '-us7', '-us8', '-us9'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>[0-9a-f]{32}-us\d{1,2})(?![A-Za-z0-9_-])/,
  entropy: 3,
  validate: (secret) => !hasTypedRun(secret.slice(0, 32)),
  samples: {
    truePositives: [
      sample('MAILCHIMP_API_KEY=', 'a443f4cfc170ded3', 'bbc0c68f91e465d9-us6'),
      sample("mailchimp.setConfig({ apiKey: '", '1c5bef292bb7df23', "a49b84c44afc12dd-us21', server: 'us21' });"),
      sample('  mc_api_key: "', '9dd3adcf0d5b27d8', '7c302fdc5f0cac89-us14"'),
    ],
    falsePositives: [
      'MAILCHIMP_SERVER_PREFIX=us6 # https://us6.api.mailchimp.com/3.0/',
      'MAILCHIMP_API_KEY=00000000000000000000000000000000-us6',
      'region: aws-us1-prod',
    ],
  },
});

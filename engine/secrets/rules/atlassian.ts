/**
 * Atlassian API tokens (Jira, Confluence, Bitbucket Cloud).
 * https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/
 * Tokens made since 2023 are 192 characters: `ATATT3`, then base64url with an `=` before an
 * 8-digit hexadecimal check value. Older 24-character tokens have no marker at all and are left to
 * the generic rules.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const atlassianApiToken = defineSecretRule({
  id: 'atlassian-api-token',
  title: 'Atlassian API token',
  docs: 'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/',
  keywords: ['ATATT3'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>ATATT3[A-Za-z0-9_=-]{186})(?![A-Za-z0-9_=-])/,
  entropy: 4.5,
  validate: (secret) => !hasTypedRun(secret.slice(6)),
  samples: {
    truePositives: [
      sample(
        'JIRA_API_TOKEN=',
        'ATATT3',
        'xFfGF0rkkAvcBY2o0LCbhYnkdYcB_fssggZKFUrdHsbqMkFAOjchH1tS7I0IzXpNDQn5vtIDGVLdwfrL1DpXplDHY8N_M6AxtTz3ECbfZ6PwXVERp5D3vX',
        'x26A2zTCbzBgBtfHal7MBhORpxvI0HynsxR_Db17OGqAvYhllymluQvTwxk=8CEB759C',
      ),
      sample(
        'curl -u ops@acme.io:',
        'ATATT3',
        'xFfGF0AbvjKojUv4-y5utUQpn1KHIoAKgLk2sXWGzmhPDHj6eYWxJ7G3MjpPqfjjsOq2wM_QCHRJd9MewZzNMy9_dkrd-8sMZroOg0Dgd7LekYXS4TngHAun',
        'Fd1y9ONojcevXOPhP7UYAIl1ehQnbcUUheHhGYND-_kK3See8oqEZ2Fef=1C1763BA https://acme.atlassian.net/rest/api/3/myself',
      ),
      sample(
        '  confluence_token: "',
        'ATATT3',
        'xFfGF0NG6gcXflsKQPuOQtjM_9PbOfQzACrLjRgkvnSgpPJPadcHadFd3xaq_8pyb6oa0jhjOlSCZaAKljzHqACEVQkREkNZDu5a3MgbAJdWIpfg1_Kf4jLc',
        'NjaEMgghO2YBKJl2G63t9SIRQSfEg9Sdb2Q4JkSKQmpW50aqOv2T9gb4e=971A7D67"',
      ),
    ],
    falsePositives: [
      'JIRA_API_TOKEN=ATATT3xFfGF0...',
      'JIRA_API_TOKEN=ATATT3<token from id.atlassian.com>',
      '# Atlassian API tokens start with ATATT3 and expire after a year',
    ],
  },
});

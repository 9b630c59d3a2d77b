/**
 * Doppler tokens.
 * https://docs.doppler.com/reference/auth-token-formats
 * `dp.` and the token's kind: `pt` personal, `st` service (optionally with the config's name:
 * `dp.st.prd.`), `sa` service account, `ct` CLI, `scim`, `audit`; then `.` and 40 to 44 base62
 * characters.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const dopplerToken = defineSecretRule({
  id: 'doppler-token',
  title: 'Doppler token',
  docs: 'https://docs.doppler.com/reference/auth-token-formats',
  keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
  pattern: /(?<![A-Za-z0-9_.-])(?<secret>dp\.(?:pt|sa|ct|scim|audit|st(?:\.[a-z0-9_-]{1,40})?)\.[A-Za-z0-9]{40,44})(?![A-Za-z0-9_.-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(secret.lastIndexOf('.') + 1)),
  samples: {
    truePositives: [
      sample('DOPPLER_TOKEN=', 'dp.st.prd.', 'VUQLp8w3abJzIj0P7X1q1claQz1uv5VWAGAY9hWW4vG'),
      sample('doppler configure set token ', 'dp.pt.', 'tUkkZ7kgH8JZI1v9zNl4lzmTiThIzoz3ia2zgOKcVjt', ' --scope /'),
      sample('  doppler_token: "', 'dp.sa.', 'Jw7aHjCDnDteLRnAA13yvmhuevWQGfjHzz6hug01KgB"'),
    ],
    falsePositives: [
      'DOPPLER_TOKEN=dp.st.xxxx',
      'DOPPLER_TOKEN=dp.pt.<personal token>',
      '# service tokens look like dp.st.{config}.{token}; personal ones like dp.pt.{token}',
    ],
  },
});

/**
 * Anthropic API keys.
 * https://docs.anthropic.com/en/api/overview#authentication
 * API keys are `sk-ant-api03-`, 93 base64url characters and `AA`; Admin API keys
 * (https://docs.anthropic.com/en/api/administration-api) are `sk-ant-admin01-` with the same body.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const anthropicApiKey = defineSecretRule({
  id: 'anthropic-api-key',
  title: 'Anthropic API key',
  docs: 'https://docs.anthropic.com/en/api/overview#authentication',
  keywords: ['sk-ant-api'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-ant-api03-[A-Za-z0-9_-]{93}AA)(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(13)),
  samples: {
    truePositives: [
      sample('ANTHROPIC_API_KEY=', 'sk-ant-api03-', '6-NMHkRT374KAsObXiNjKZfKBLO3pKe0HuGXh-buEmtufU3xVO10TME4BxpgJ_v9kgqpUTy6YdAMt8KOaVt9qMKkOLxPQ', 'AA'),
      sample('client = anthropic.Anthropic(api_key="', 'sk-ant-api03-', 'P-DrbX5Y3eOflbFe4ATL9_LXvlxl80zcchr5IrTPLk0udg7a3enQplxyBatXK47dBGwd6olp58jl2yAxpl65MjvYxrVcx', 'AA")'),
      sample('curl https://api.anthropic.com/v1/messages -H "x-api-key: ', 'sk-ant-api03-', 'm26UXbzg6DdPEW3OV_gWHE-whkOs1-CcPjeBuZsZzF1IvORajq7y15PX7-EFnftLuydVjgmjUUob5Vy8eQVnF2J8HfLRP', 'AA"'),
    ],
    falsePositives: [
      'ANTHROPIC_API_KEY=sk-ant-api03-...',
      sample('ANTHROPIC_API_KEY=', 'sk-ant-api03-', '1tmTFUWUE6_KzPQzuj0axH8PIMfFJz13ReNT4tsTJFQ4RtHWWQBflJbBNtYk3h8wUE47yxQR2Cw69bpaTUm4kPcpLQVE9', 'BB'),
      'ANTHROPIC_API_KEY=sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxAA',
    ],
  },
});

export const anthropicAdminKey = defineSecretRule({
  id: 'anthropic-admin-key',
  title: 'Anthropic Admin API key',
  docs: 'https://docs.anthropic.com/en/api/administration-api',
  keywords: ['sk-ant-admin'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-ant-admin01-[A-Za-z0-9_-]{93}AA)(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(15)),
  samples: {
    truePositives: [
      sample('ANTHROPIC_ADMIN_KEY=', 'sk-ant-admin01-', '3gjJgE8nc29ztPAP_ZDfBkTzOp0at6ooi7OeWsuGhbSOIQMyqwyjhDFfh19m4bGYgtDjgkJmXOtbuSijYMGKr_rn016Vi', 'AA'),
      sample('  anthropic_admin_key: "', 'sk-ant-admin01-', 'sg-Vc8kG0WD1k5hXVnNddZbgWPeNGvJbo5k0ynu82uyM0XhmQzO2GJwoGbe67ZSdKGnwyHlwhp6p_aS6gEbVis76vQdTL', 'AA"'),
      sample('curl https://api.anthropic.com/v1/organizations/users --header "x-api-key: ', 'sk-ant-admin01-', '1tmTFUWUE6_KzPQzuj0axH8PIMfFJz13ReNT4tsTJFQ4RtHWWQBflJbBNtYk3h8wUE47yxQR2Cw69bpaTUm4kPcpLQVE9', 'AA"'),
    ],
    falsePositives: [
      'ANTHROPIC_ADMIN_KEY=sk-ant-admin01-<admin-key>',
      '# Admin keys (sk-ant-admin01-…) manage members and workspaces; keep them out of CI.',
      sample('ANTHROPIC_ADMIN_KEY=', 'sk-ant-admin01-', 'm26UXbzg6DdPEW3OV_gWHE-whkOs1-CcPjeBuZsZzF1IvORajq7y15PX'),
    ],
  },
});

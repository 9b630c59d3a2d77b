/**
 * Linear personal API keys.
 * https://linear.app/developers/graphql#personal-api-keys
 * `lin_api_` and 40 base62 characters.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const linearApiKey = defineSecretRule({
  id: 'linear-api-key',
  title: 'Linear API key',
  docs: 'https://linear.app/developers/graphql#personal-api-keys',
  keywords: ['lin_api_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>lin_api_[A-Za-z0-9]{40})(?![A-Za-z0-9_])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(8)),
  samples: {
    truePositives: [
      sample('LINEAR_API_KEY=', 'lin_api_', 'gnYXNYFcsC1UUK5TWzFpuSNsEzpxaQ9DiDPjRkno'),
      sample("const linear = new LinearClient({ apiKey: '", 'lin_api_', "i59n1trhjWISbJefzZxuNGOXDHPMkvYDJ1bVQXnY' });"),
      sample('curl https://api.linear.app/graphql -H "Authorization: ', 'lin_api_', 'WWjh67vzREEjk8TZlr12LaRD3TD7oUXl0fbbPchT" -d \'{"query":"{ viewer { id } }"}\''),
    ],
    falsePositives: [
      'LINEAR_API_KEY=lin_api_xxx',
      'LINEAR_API_KEY=lin_api_<your key from Settings, Security & access>',
      "if (key.startsWith('lin_api_')) headers.Authorization = key;",
    ],
  },
});

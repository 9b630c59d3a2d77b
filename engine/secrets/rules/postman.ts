/**
 * Postman API keys.
 * https://learning.postman.com/docs/developer/postman-api/authentication/
 * `PMAK-`, 24 hexadecimal digits, `-`, 34 hexadecimal digits.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const postmanApiKey = defineSecretRule({
  id: 'postman-api-key',
  title: 'Postman API key',
  docs: 'https://learning.postman.com/docs/developer/postman-api/authentication/',
  keywords: ['PMAK-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34})(?![A-Za-z0-9_-])/,
  entropy: 3.5,
  validate: (secret) => !hasTypedRun(secret.slice(5)),
  samples: {
    truePositives: [
      sample('POSTMAN_API_KEY=', 'PMAK-', '2738f7c535348c23247b3cd4-d3e120b9be1a2b03688ae75c4ae5372588'),
      sample('postman collection run 1234-abcd --postman-api-key ', 'PMAK-', '4486cccae9a200e0246a58bf-f4932f0e7bac5813fb645008b41656453f'),
      sample('curl https://api.getpostman.com/me -H "X-Api-Key: ', 'PMAK-', '05b6ead759e8f86b945d84c5-35c67a9fccf3ec1c695924be7bcbd2e3e0"'),
    ],
    falsePositives: [
      'POSTMAN_API_KEY=PMAK-xxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'POSTMAN_API_KEY=PMAK-<your-api-key>',
      '# Postman API keys start with PMAK- and can be revoked under Settings > API keys',
    ],
  },
});

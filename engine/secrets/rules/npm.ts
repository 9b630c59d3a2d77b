/**
 * npm access tokens: `npm_` and 36 base62 characters.
 * https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/
 * Like GitHub's, they are said to end with a CRC-32, but accounts differ on whether it covers the
 * prefix; without a certain algorithm this rule checks the shape only.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const npmAccessToken = defineSecretRule({
  id: 'npm-access-token',
  title: 'npm access token',
  docs: 'https://docs.npmjs.com/about-access-tokens',
  keywords: ['npm_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(4)),
  samples: {
    truePositives: [
      sample('//registry.npmjs.org/:_authToken=', 'npm_', 'AQv3elr8aAFWdOR3PNgXnf2E8B7qYdWN61G5'),
      sample('NPM_TOKEN=', 'npm_', '2NYG5IF6F8tCy20LvaUMU25mSnZOuj4iD8aV'),
      sample('          NODE_AUTH_TOKEN: ', 'npm_', 'qWeTxdzXjoGiYh15BAnPFqpecWeJsppThtwn'),
    ],
    falsePositives: [
      '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
      'NPM_TOKEN=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'echo "cache: $npm_config_cache, version: $npm_package_version"',
      sample('NPM_TOKEN=', 'npm_', '2NYG5IF6F8tCy20LvaUMU25mSnZOuj4', ' # 31 characters'),
    ],
  },
});

export const npmRules = [npmAccessToken] as const;

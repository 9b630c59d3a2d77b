/**
 * Heroku API keys.
 * https://devcenter.heroku.com/articles/authentication
 * Keys made since 2024 are `HRKU-AA` and 58 base64url characters. Older keys are bare UUIDs: they
 * are reported only when the line says "heroku" (the keyword) and the UUID is assigned to a key or
 * token name, or is the password of `api.heroku.com` in `~/.netrc` (what `heroku login` writes).
 * A UUID alone is an identifier (`heroku_app_id`), not a secret.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const herokuApiKey = defineSecretRule({
  id: 'heroku-api-key',
  title: 'Heroku API key',
  docs: 'https://devcenter.heroku.com/articles/authentication',
  keywords: ['HRKU-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>HRKU-AA[A-Za-z0-9_-]{58})(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(7)),
  samples: {
    truePositives: [
      sample('HEROKU_API_KEY=', 'HRKU-AA', 'ozqLLsln-ELdl1-hf5cgXy3UXlew4HdM6K-_9Iv6lszIM5xX64tn9djrmD'),
      sample('  heroku_api_key: "', 'HRKU-AA', '8BBCyamzJ2Grxz3IG6Df89ZPtvtx6ERdJSy22t1dTFVEkFD3bgM0yU_p4R"'),
      sample('machine api.heroku.com login ops@acme.io password ', 'HRKU-AA', 'z6cBcEjIXaEbEpj7mlaR66D5C4eF_bG-jhxhVOVxDzOUHVj3PhLK8icpfU'),
    ],
    falsePositives: [
      'HEROKU_API_KEY=HRKU-AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'HEROKU_API_KEY=HRKU-...',
      '# new Heroku keys start with HRKU-; regenerate old UUID keys with `heroku authorizations:rotate`',
    ],
  },
});

export const herokuApiKeyUuid = defineSecretRule({
  id: 'heroku-api-key-uuid',
  title: 'Heroku API key (UUID format)',
  docs: 'https://devcenter.heroku.com/articles/authentication',
  keywords: ['heroku'],
  pattern:
    /(?:(?<![A-Za-z0-9])(?:heroku[\w.-]*?(?:key|token|secret|password)|api[_.-]?(?:key|token)|auth[_.-]?token)["'`]?\s*(?:=|:=|:|=>)\s*["'`]?|api\.heroku\.com\s+login\s+\S+\s+password\s+)(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![A-Za-z0-9_-])/i,
  entropy: 3,
  validate: (secret) => !hasTypedRun(secret.replaceAll('-', '')),
  samples: {
    truePositives: [
      sample('HEROKU_API_KEY=', 'b208b291-51c2-442c-', '9502-9a415fef3f2e'),
      sample('provider "heroku" { email = "ops@acme.io", api_key = "', 'eaffb629-dba2-41d3-', '84e9-430fe425d0e4" }'),
      sample('machine api.heroku.com login ops@acme.io password ', '4fc02d06-9599-47f4-', '8097-7b2f912ecba2'),
    ],
    falsePositives: [
      'heroku_app_id = "b208b291-51c2-442c-9502-9a415fef3f2e"',
      'HEROKU_API_KEY=00000000-0000-0000-0000-000000000000',
      'HEROKU_API_KEY=$(heroku auth:token)',
    ],
  },
});

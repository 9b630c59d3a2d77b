/**
 * Databricks personal access tokens: `dapi` and 32 hexadecimal characters, sometimes `-2` or
 * another one-digit suffix. https://docs.databricks.com/en/dev-tools/auth/pat.html
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const databricksToken = defineSecretRule({
  id: 'databricks-token',
  title: 'Databricks personal access token',
  docs: 'https://docs.databricks.com/en/dev-tools/auth/pat.html',
  keywords: ['dapi'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>dapi[0-9a-f]{32}(?:-[0-9])?)(?![A-Za-z0-9_-])/,
  entropy: 3.2,
  validate: (secret) => !hasTypedRun(secret.slice(4, 36)),
  samples: {
    truePositives: [
      sample('DATABRICKS_TOKEN=', 'dapi', '610786348148ea68d6c0fbedfe24d415'),
      sample('  token = "', 'dapi', 'bea5fb0d5a2dcd19b7615d66c12cbfa2', '-2"'),
      sample('curl -H "Authorization: Bearer ', 'dapi', '8de220d3885269ddf546d91d744ecc45', '" https://adb-4410.7.azuredatabricks.net/api/2.0/clusters/list'),
    ],
    falsePositives: [
      'DATABRICKS_TOKEN=dapi<personal-access-token>',
      'DATABRICKS_TOKEN=dapi0123456789abcdef0123456789abcdef',
      sample('DATABRICKS_TOKEN=', 'dapi', '610786348148ea68d6c0fbedfe24d4', ' # 30 characters'),
      'import { dapiClient } from "./dapi-client";',
    ],
  },
});

export const databricksRules = [databricksToken] as const;

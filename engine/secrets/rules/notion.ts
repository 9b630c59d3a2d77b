/**
 * Notion integration tokens.
 * https://developers.notion.com/docs/authorization
 * Tokens issued since September 2024 are `ntn_`, 11 digits and 35 base62 characters; older internal
 * integration tokens are `secret_` and 43 base62 characters. `secret_` is a common word prefix
 * (`secret_key_base`), so that form must also mix digits, upper- and lower-case letters, as 43
 * generated characters all but always do and identifiers do not.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const notionApiToken = defineSecretRule({
  id: 'notion-api-token',
  title: 'Notion integration token',
  docs: 'https://developers.notion.com/docs/authorization',
  keywords: ['ntn_', 'secret_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>ntn_\d{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})(?![A-Za-z0-9_])/,
  entropy: 4,
  validate: (secret) => {
    const random = secret.slice(secret.indexOf('_') + 1);
    return /[0-9]/.test(random) && /[A-Z]/.test(random) && /[a-z]/.test(random) && !hasTypedRun(random);
  },
  samples: {
    truePositives: [
      sample('NOTION_TOKEN=', 'ntn_', '26109271073', 'ZJsZwrnM0bQeAePVwVZoT43QkoP7o68LXB2'),
      sample("const notion = new Client({ auth: '", 'ntn_', '75908431288', "IU2OPl12bfhExwbJzXv2nkW6TrfaBBqSqlq' });"),
      sample('  notion_api_key: "', 'secret_', 'BlHYeuPkKRcgby0SrcfWcY0d6IEUYVN2O3yMrEXYttm"'),
    ],
    falsePositives: [
      'NOTION_TOKEN=ntn_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'def secret_keyBaseForTheProductionEnvironmentOnly(): return load()',
      'NOTION_TOKEN=secret_...',
    ],
  },
});

/**
 * Datadog API keys (32 hexadecimal characters) and application keys (40).
 * https://docs.datadoghq.com/account_management/api-app-keys/
 * Bare hexadecimal is everywhere (hashes, ids), so the rules want a Datadog name before the value:
 * DD_API_KEY, datadog_api_key, `datadog.apiKey`, the DD-API-KEY header, and the same for app keys.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

const DOCS = 'https://docs.datadoghq.com/account_management/api-app-keys/';
/** Between a name and its value: a closing quote, `=`, `:`, `=>`, `:=` or a comma (a header pair), an opening quote. */
const ASSIGN = '["\'`]?\\s*(?:=|:|=>|:=|,)\\s*["\'`]?';

export const datadogApiKey = defineSecretRule({
  id: 'datadog-api-key',
  title: 'Datadog API key',
  docs: DOCS,
  keywords: ['dd_api', 'dd-api-key', 'datadog'],
  pattern: new RegExp(String.raw`(?:\bdd[_-]api[_-]?key|datadog[\w.-]{0,20}?api[_-]?key)${ASSIGN}(?<secret>[0-9a-f]{32})(?![0-9A-Za-z_-])`, 'i'),
  entropy: 3,
  validate: (secret) => !hasTypedRun(secret),
  samples: {
    truePositives: [
      sample('DD_API_KEY=', '37eea8438a3e2c936dd203b06bac3c63'),
      sample('curl -X POST https://api.datadoghq.eu/api/v2/series -H "DD-API-KEY: ', '31233234cc5cd73d159ea5b424a19eef', '"'),
      sample('  datadog_api_key = "', '9b5bfdcd5615612802097defadbb8737', '"'),
    ],
    falsePositives: [
      'DD_API_KEY=${DD_API_KEY}',
      'DD_API_KEY=<DATADOG_API_KEY>',
      sample('datadog_trace_id = ', '37eea8438a3e2c936dd203b06bac3c', ' # 30 hex characters, not a key'),
      'DD_API_KEY=0123456789abcdef0123456789abcdef',
    ],
  },
});

export const datadogAppKey = defineSecretRule({
  id: 'datadog-app-key',
  title: 'Datadog application key',
  docs: DOCS,
  keywords: ['dd_app', 'dd-app-key', 'dd-application-key', 'datadog'],
  pattern: new RegExp(String.raw`(?:\bdd[_-]app(?:lication)?[_-]?key|datadog[\w.-]{0,20}?app(?:lication)?[_-]?key)${ASSIGN}(?<secret>[0-9a-f]{40})(?![0-9A-Za-z_-])`, 'i'),
  entropy: 3,
  validate: (secret) => !hasTypedRun(secret),
  samples: {
    truePositives: [
      sample('DD_APP_KEY=', 'd4193ef65ce419ecc9efabffd4c86ba826d84c1e'),
      sample('  -H "DD-APPLICATION-KEY: ', 'b1cd7200aef66fbef7ad8862f0e33bfe39466f77', '" \\'),
      sample('  datadog.appKey: ', '0f8a24d63297f97338d02d45b6b7bdba3d56f9bc'),
    ],
    falsePositives: [
      'DD_APP_KEY="${{ secrets.DD_APP_KEY }}"',
      sample('DD_APP_KEY=', 'd4193ef65ce419ecc9efabffd4c86ba826d84c1e', '9f3a', ' # 44 characters'),
      sample('  datadog_site: datadoghq.eu  # commit ', 'd4193ef65ce419ecc9efabffd4c86ba826d84c1e'),
    ],
  },
});

export const datadogRules = [datadogApiKey, datadogAppKey] as const;

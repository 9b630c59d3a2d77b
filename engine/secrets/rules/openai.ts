/**
 * OpenAI API keys.
 * https://platform.openai.com/docs/api-reference/authentication
 * Project keys are `sk-proj-`, service account keys `sk-svcacct-` and admin keys `sk-admin-`, each
 * followed by a long base64url body (today with `T3BlbkFJ`, base64 for "OpenAI", in the middle).
 * Legacy user keys are `sk-`, 20 characters, `T3BlbkFJ`, 20 characters. A bare `sk-` is no keyword:
 * "disk-", "task-" and "risk-" are everywhere.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

const body = (secret: string): string => secret.slice(secret.indexOf('-', 3) + 1);

export const openaiProjectKey = defineSecretRule({
  id: 'openai-project-key',
  title: 'OpenAI project API key',
  docs: 'https://platform.openai.com/docs/api-reference/authentication',
  keywords: ['sk-proj-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-proj-[A-Za-z0-9_-]{40,250})(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(body(secret)),
  samples: {
    truePositives: [
      sample(
        'OPENAI_API_KEY=',
        'sk-proj-',
        '_i4qEjOK2PNbNEp0FSe2yK_BFBm4KZQo98RYxdoOl4JEZLo_jBSUzC8DS96eZzXQc51Y8u8-LZ',
        'T3BlbkFJ',
        'ug2gVToVzdFJXEQUGROxLetJN92nEv7f7DLpJ5N3gQgGoWOyd66UI6fsacxFWhkwAdZ4Bz78bu',
      ),
      sample('client = OpenAI(api_key="', 'sk-proj-', 'cJtAGulzBOW5oALLvra653P4OooGtE74P9DIYcyRnzxvLkSu")'),
      sample(
        "const openai = new OpenAI({ apiKey: '",
        'sk-proj-',
        'EO7QRl5gWzjH5R-SOUGiBGjeF_WN9q2CZgYvFr9AIzYJYdN8ww1eI-G-aVrA_VRHpxClafu4f1',
        'T3BlbkFJ',
        "AENkR1SyVHFvmvKw6dclMnDPbxmqeeq3mX8KMbMh47BweS5iXmXOigxCWHkJFNz_BeuRUMBeGR' });",
      ),
    ],
    falsePositives: [
      'OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'git checkout -b task-proj-migrate-billing-service-to-the-new-event-bus-before-march',
      'OPENAI_API_KEY=sk-proj-...',
    ],
  },
});

export const openaiServiceAccountKey = defineSecretRule({
  id: 'openai-service-account-key',
  title: 'OpenAI service account API key',
  docs: 'https://platform.openai.com/docs/api-reference/authentication',
  keywords: ['sk-svcacct-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-svcacct-[A-Za-z0-9_-]{40,250})(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(body(secret)),
  samples: {
    truePositives: [
      sample(
        'OPENAI_API_KEY=',
        'sk-svcacct-',
        '-n4kkqvY1DXtxGgtvKzztM8iSYgVu2yc3vmgoaz67N1guCX-7U4RCkcMxXMJa4e9-_DQ91K9U8',
        'T3BlbkFJ',
        '9tExLQy_qAR0yaoteELuL4ABqpQrxoSpEqvgi5-dVvCgBRcQbCsT7judgRzxoYXWAqJMzWw9ku',
      ),
      sample('  openai_key: "', 'sk-svcacct-', 'KdBD84L0uUfdoJs03LgcL9hMOHDcmG_XqBmeAQ5ARN_0N0jR93ynfDJfbx', 'T3BlbkFJ', 'KpeOPup8p_U1nI9JV6FrNE3GimsUFCdgUMD1Pnn_Z8Al6-c-_VtGeusmTH"'),
      sample('curl https://api.openai.com/v1/models -H "Authorization: Bearer ', 'sk-svcacct-', '2k-sQLzvOOpebnDuedCfo-Fy8r27AvQt9urDWigDxCYYKjyWrVjEaq0i3M', 'T3BlbkFJ', 'FUd0CTN2_vosRXk4Qg17QzlKhOk3x8YH5BXrqCWsRZsonc8YJNwJTHXoy7"'),
    ],
    falsePositives: [
      'OPENAI_API_KEY=sk-svcacct-<service-account-key>',
      '# keys that start with sk-svcacct- belong to a service account, not a person',
      'OPENAI_API_KEY=sk-svcacct-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
    ],
  },
});

export const openaiAdminKey = defineSecretRule({
  id: 'openai-admin-key',
  title: 'OpenAI admin API key',
  docs: 'https://platform.openai.com/docs/api-reference/administration',
  keywords: ['sk-admin-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-admin-[A-Za-z0-9_-]{40,250})(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(body(secret)),
  samples: {
    truePositives: [
      sample('OPENAI_ADMIN_KEY=', 'sk-admin-', 's-b1VBrtuJFt8N7s4pa28ihb6KG-zSWHWGzatvUM8wie-FUlayVy0uVTrI', 'T3BlbkFJ', 'h9brDIpX7qRc__SaOqSKEQ4B6_-dh1SDnI6l7gE7KCpFy2EIZzNE5dB9Og'),
      sample('  "adminKey": "', 'sk-admin-', 'KpeOPup8p_U1nI9JV6FrNE3GimsUFCdgUMD1Pnn_Z8Al6-c-_VtGeusmTH', 'T3BlbkFJ', '2k-sQLzvOOpebnDuedCfo-Fy8r27AvQt9urDWigDxCYYKjyWrVjEaq0i3M",'),
      sample('curl https://api.openai.com/v1/organization/users -H "Authorization: Bearer ', 'sk-admin-', 'FUd0CTN2_vosRXk4Qg17QzlKhOk3x8YH5BXrqCWsRZsonc8YJNwJTHXoy7', 'T3BlbkFJ', 'KdBD84L0uUfdoJs03LgcL9hMOHDcmG_XqBmeAQ5ARN_0N0jR93ynfDJfbx"'),
    ],
    falsePositives: [
      'OPENAI_ADMIN_KEY=sk-admin-...',
      'ssh deploy@host "sudo rm -rf /srv/app/tmp/disk-admin-reports-older-than-thirty-days-and-more"',
      'OPENAI_ADMIN_KEY=sk-admin-your-admin-key-goes-here-please-replace-it',
    ],
  },
});

export const openaiLegacyKey = defineSecretRule({
  id: 'openai-legacy-key',
  title: 'OpenAI user API key (legacy format)',
  docs: 'https://platform.openai.com/docs/api-reference/authentication',
  keywords: ['T3BlbkFJ'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(3)),
  samples: {
    truePositives: [
      sample('OPENAI_API_KEY=', 'sk-', '4HA9VcjQBHArg1o0YNdh', 'T3BlbkFJ', '6QW7W4zdnIDE1EDThZV4'),
      sample('openai.api_key = "', 'sk-', 'OuHE5Czp1bIYiamk5llh', 'T3BlbkFJ', 'VQSiiDU20eeZKX5j15pP"'),
      sample('export OPENAI_KEY=', 'sk-', 'qdDNdcgm3BFlymwz4fmu', 'T3BlbkFJ', 'kxIqZx29XGtTBEWn1fy2'),
    ],
    falsePositives: [
      '# every OpenAI key holds T3BlbkFJ, which is base64 for "OpenAI"',
      'OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx',
      'OPENAI_API_KEY=sk-12345678901234567890T3BlbkFJ12345678901234567890',
    ],
  },
});

/**
 * Twilio credentials.
 * https://www.twilio.com/docs/iam/api-keys and https://www.twilio.com/docs/iam/credentials/api
 * An account SID (`AC` + 32 hex) and an API key SID (`SK` + 32 hex) name things; they are not
 * secrets. The secrets are the account's auth token (32 hex) and an API key's secret (32 base62),
 * neither with a prefix: they are reported when the line names Twilio (the keyword) and the value
 * is assigned to an auth-token / API-secret name, or follows its SID as in `twilio(sid, token)`.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const twilioAuthToken = defineSecretRule({
  id: 'twilio-auth-token',
  title: 'Twilio auth token',
  docs: 'https://www.twilio.com/docs/iam/api/authtoken',
  keywords: ['twilio'],
  pattern:
    /(?:(?<![A-Za-z0-9])(?:twilio[\w.-]*?)?auth[_.-]?token["'`]?\s*(?:=|:=|:|=>)\s*["'`]?|(?<![A-Za-z0-9])AC[0-9a-f]{32}["'`]?\s*,\s*["'`]?)(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])/i,
  entropy: 3,
  validate: (secret) => !hasTypedRun(secret),
  samples: {
    truePositives: [
      sample('TWILIO_AUTH_TOKEN=', 'ff02fb03bba07866', '493566e14c420fd1'),
      sample("const client = require('twilio')('AC8d723edce43e6477b5158122fe3afa3f', '", '091bf9c2c2d82357', "889c993eca0674be');"),
      sample('twilio: { account_sid: "AC5b4ed998400fe9d581750146a7d6aa26", auth_token: "', '536f855ba7a784b1', '83c221354bbf43da" }'),
    ],
    falsePositives: [
      sample('TWILIO_ACCOUNT_SID=', 'AC', '967614a34d636790f7dccfe420933474'),
      'TWILIO_AUTH_TOKEN=your_auth_token',
      'twilio_auth_token = os.environ["TWILIO_AUTH_TOKEN"]',
      'auth_token = config["twilio"]["auth_token"]',
    ],
  },
});

export const twilioApiKeySecret = defineSecretRule({
  id: 'twilio-api-key-secret',
  title: 'Twilio API key secret',
  docs: 'https://www.twilio.com/docs/iam/api-keys',
  keywords: ['twilio'],
  pattern:
    /(?:(?<![A-Za-z0-9])(?:twilio[\w.-]*?)?api[_.-]?(?:key[_.-]?)?secret["'`]?\s*(?:=|:=|:|=>)\s*["'`]?|(?<![A-Za-z0-9])SK[0-9a-f]{32}["'`]?\s*[,:]\s*["'`]?)(?<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9])/i,
  entropy: 3.5,
  validate: (secret) => /[0-9]/.test(secret) && /[A-Za-z]/.test(secret) && !hasTypedRun(secret),
  samples: {
    truePositives: [
      sample('TWILIO_API_SECRET=', 'rJcdGedP4AXPFzXv', 'viyREQmdGvsKHXtN'),
      sample('curl -u SKab7676a9e181a791eb27d45f81702c7a:', 'XkK9ST9kSf4R6s50', 'U6mzzwLbbPOgUAjZ https://api.twilio.com/2010-04-01/Accounts.json'),
      sample("const client = twilio('SK4fe1a03e8d1c6fb6ead7c0dde5af2db7', '", 'rL0zgdkEgroBamXv', "MVQBoi1cs9sZ1YWJ', { accountSid });"),
    ],
    falsePositives: [
      sample('TWILIO_API_KEY=', 'SK', 'ab7676a9e181a791eb27d45f81702c7a'),
      'TWILIO_API_SECRET=${TWILIO_API_SECRET}',
      'twilio api:core:keys:create --friendly-name deploy-bot',
    ],
  },
});

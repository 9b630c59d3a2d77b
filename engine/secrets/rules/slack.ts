/**
 * Slack tokens and incoming webhooks.
 * https://api.slack.com/authentication/token-types
 * Bot tokens are `xoxb-` with the workspace and bot user numbers and 24 random characters (older
 * ones lack the middle number); user tokens `xoxp-` with three numbers and 32 hexadecimal digits;
 * app-level tokens `xapp-1-` with the app id, a number and 64 hexadecimal digits. Configuration
 * tokens (https://api.slack.com/authentication/config-tokens) are `xoxe.xoxp-1-` / `xoxe.xoxb-1-`
 * (access) and `xoxe-1-` (refresh). Legacy `xoxa-`/`xoxr-`/`xoxs-` tokens have no published shape
 * precise enough to tell them from ordinary words, and Slack stopped issuing them.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

/** The random part of a token: what follows its last `-` (or `/`, for a webhook). */
const lastPart = (secret: string): string => secret.slice(Math.max(secret.lastIndexOf('-'), secret.lastIndexOf('/')) + 1);

export const slackBotToken = defineSecretRule({
  id: 'slack-bot-token',
  title: 'Slack bot token',
  docs: 'https://api.slack.com/authentication/token-types#bot',
  keywords: ['xoxb-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>xoxb-\d{8,14}-(?:\d{8,14}-)?[A-Za-z0-9]{18,34})(?![A-Za-z0-9_-])/,
  entropy: 3,
  validate: (secret) => !hasTypedRun(secret.slice(5)),
  samples: {
    truePositives: [
      sample('SLACK_BOT_TOKEN=', 'xoxb-', '217381615750-2310272044551-LZRq4jjrxVWkLeBmPKmvIAvf'),
      sample("const web = new WebClient('", 'xoxb-', "910212371215-2897863653895-g2rwmEKispnlAnjdPlYuQW5E');"),
      sample('  slack_token: "', 'xoxb-', '629234219783-aSSBJssWkDBsv8P4pB1SzhOZ"'),
    ],
    falsePositives: [
      'SLACK_BOT_TOKEN=xoxb-xxxxxxxxxxxx-xxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx',
      'token = "xoxb-12345-abcd234"',
      '# Bot tokens start with xoxb- and user tokens with xoxp-.',
      sample('SLACK_BOT_TOKEN=', 'xoxb-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'),
    ],
  },
});

export const slackUserToken = defineSecretRule({
  id: 'slack-user-token',
  title: 'Slack user token',
  docs: 'https://api.slack.com/authentication/token-types#user',
  keywords: ['xoxp-'],
  pattern: /(?<![A-Za-z0-9_.-])(?<secret>xoxp-\d{8,14}-\d{8,14}-\d{8,14}-[a-fA-F0-9]{32})(?![A-Za-z0-9_-])/,
  entropy: 3,
  validate: (secret) => !hasTypedRun(secret.slice(5)),
  samples: {
    truePositives: [
      sample('SLACK_USER_TOKEN=', 'xoxp-', '178382385530-374794862199-1285507368391-663bdfe5850388ce42c9a5ac91aed8b7'),
      sample('{"user_token": "', 'xoxp-', '69583974203-7540569282-0988121338291-e7344c9746227e1ec412ca0a3e755b94"}'),
      sample('curl -H "Authorization: Bearer ', 'xoxp-', '889969272172-93702655040-6518331983088-a04aba6e52a15829e41145d02c7f99be" https://slack.com/api/auth.test'),
    ],
    falsePositives: [
      '"token": "xoxp-1234-1234-1234-4ddbc191d40ee098cbaae6f3523ada2d"',
      'SLACK_USER_TOKEN=xoxp-XXXXXXXXXX-XXXXXXXXXX-XXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      'https://docs.google.com/document/d/1W7KCxOxP-1Fy5EyF2lbJGE2WuKmu5v0suYqoHas1jRM',
    ],
  },
});

export const slackAppToken = defineSecretRule({
  id: 'slack-app-token',
  title: 'Slack app-level token',
  docs: 'https://api.slack.com/authentication/token-types#app-level',
  keywords: ['xapp-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>xapp-\d-A[A-Z0-9]{8,12}-\d{10,14}-[a-f0-9]{64})(?![A-Za-z0-9_-])/,
  entropy: 3,
  validate: (secret) => !hasTypedRun(lastPart(secret)),
  samples: {
    truePositives: [
      sample('SLACK_APP_TOKEN=', 'xapp-', '1-AMMAWUZD9OR-4183641565001-a3f8f73e9e4fbd47d6d85424b4df694696aba5da522271f26cdd1f6199ac71f8'),
      sample('app = App(token=os.environ["SLACK_BOT_TOKEN"], app_token="', 'xapp-', '1-AU40XEASF6M-7658894468934-7ede527e075669258ea14681d6a53948ead685e77910a4e8ada736d7b3a44abf")'),
      sample('  appToken: ', 'xapp-', '1-A39DLGIO8A4-1530025320767-282ee4e004c7f098cec831351c7ddbec979a0f52e2624c33ccefe04f403a7a9b'),
    ],
    falsePositives: [
      'SLACK_APP_TOKEN=xapp-1-your-app-level-token',
      'appToken: xapp-1-A0123456789-1234567890123-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      'appToken: "xapp-1-AMMIG5ZO6T1-9087399255458-ebc4bdd7a15f276ca0426d0c3a7c21a6"',
    ],
  },
});

export const slackConfigAccessToken = defineSecretRule({
  id: 'slack-config-access-token',
  title: 'Slack app configuration access token',
  docs: 'https://api.slack.com/authentication/config-tokens',
  keywords: ['xoxe.xoxp-', 'xoxe.xoxb-'],
  pattern: /(?<![A-Za-z0-9_.-])(?<secret>xoxe\.xox[bp]-\d-[A-Za-z0-9]{140,180})(?![A-Za-z0-9_-])/,
  entropy: 4,
  samples: {
    truePositives: [
      sample(
        'SLACK_CONFIG_TOKEN=',
        'xoxe.xoxp-',
        '1-s0nseQxKuUkTOh9DXqUzybi3ZfthSd7QoydjZLVGyg7onQbttkUSZiHnDHjTfMuokeQ3BkFzWij3rhwffsxrhTxo3bmV',
        'wQ5TkHdpAFn2JviWw0lG25N8iCkXwj4Biwsism8hEGDjn33EkkHm4owBprmZCrAoKOVp2Ud',
      ),
      sample(
        '{"ok": true, "token": "',
        'xoxe.xoxp-',
        '1-I3mJEOq57k36JpKMtpXUFxNEh78CLFBnoa94xk7THsWSFEe6DyTvmoU0Zwh63ewMCXsTc05Nno8yySL31TxJuZHDRhylv5',
        'FsRRsXxsGdc2ZcuHIYu3P74rJP7H49pC2ebRCDDbEaLc9gQyvadXzZCCB3MVJ21S3VFm8", "exp": 1735689600}',
      ),
      sample(
        'export SLACK_CONFIG_ACCESS_TOKEN="',
        'xoxe.xoxb-',
        '1-2iPajJA9nYa74N7qGFguIwwwLDy61AsSNPHtakXXakiTRNyELdsAHkUWBTtzbGLUv0ZSSQH1zO9cGQGlSfgTUgO4OOvP',
        '2uwMQBsXoEL5sUK7FmqNd7EUqWUfHiXhFXhr3qdAp10VcuZpKSaFwRzoLY0LH3"',
      ),
    ],
    falsePositives: [
      'SLACK_CONFIG_TOKEN=xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere',
      '"token": "xoxe.xoxp-1-RANDOMSTRINGHERE"',
      '# rotate the xoxe.xoxp- access token every 12 hours with tooling.tokens.rotate',
    ],
  },
});

export const slackConfigRefreshToken = defineSecretRule({
  id: 'slack-config-refresh-token',
  title: 'Slack app configuration refresh token',
  docs: 'https://api.slack.com/authentication/config-tokens',
  keywords: ['xoxe-'],
  pattern: /(?<![A-Za-z0-9_.-])(?<secret>xoxe-\d-[A-Za-z0-9]{130,160})(?![A-Za-z0-9_-])/,
  entropy: 4,
  samples: {
    truePositives: [
      sample(
        'SLACK_CONFIG_REFRESH_TOKEN=',
        'xoxe-',
        '1-RzoLY0LH3i2WsjtUgp0gzDxu9kaxgYBQPyBE0JtoW8eBdN5APCRqdKyimGx5x4V3nmuT5Fs2Rptjui1QNDrwy',
        'LpM0y0YK6bRB8apApbPVdaR0AIngOM9fxizO8pXzDlkx5229Gvjq5lWFJQVKO',
      ),
      sample(
        '{"refresh_token": "',
        'xoxe-',
        '1-2iPajJA9nYa74N7qGFguIwwwLDy61AsSNPHtakXXakiTRNyELdsAHkUWBTtzbGLUv0ZSSQH1zO9cGQGlSfgTU',
        'gO4OOvP2uwMQBsXoEL5sUK7FmqNd7EUqWUfHiXhFXhr3qdAp10VcuZpKSaFwR"}',
      ),
      sample(
        'slack tooling.tokens.rotate --refresh-token ',
        'xoxe-',
        '1-I3mJEOq57k36JpKMtpXUFxNEh78CLFBnoa94xk7THsWSFEe6DyTvmoU0Zwh63ewMCXsTc05Nno8yySL31TxJu',
        'ZHDRhylv5FsRRsXxsGdc2ZcuHIYu3P74rJP7H49pC2ebRCDDbEaLc9gQyvadXzZ',
      ),
    ],
    falsePositives: [
      'SLACK_CONFIG_REFRESH_TOKEN=xoxe-1-xxx',
      'XOxE-RROAmw, Home and Garden, 5:24, 20120323',
      '"url_private": "https://files.slack.com/files-pri/T04MCQMEXQ9-F04MAA1PKE3/image.png"',
    ],
  },
});

export const slackWebhookUrl = defineSecretRule({
  id: 'slack-webhook-url',
  title: 'Slack incoming webhook URL',
  docs: 'https://api.slack.com/messaging/webhooks',
  keywords: ['hooks.slack.com'],
  // services/T(team)/B(bot)/24 characters; workflows/T/A(app)/trigger number/token; triggers/T/number/32 hex.
  pattern:
    /(?<![A-Za-z0-9-])(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>T[A-Z0-9]{8,12}\/(?:B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24}|A[A-Z0-9]{8,12}\/\d{15,20}\/[A-Za-z0-9]{24,32}|\d{10,20}\/[a-f0-9]{32}))(?![A-Za-z0-9_-])/,
  entropy: 3.5,
  validate: (secret) => !hasTypedRun(lastPart(secret)),
  samples: {
    truePositives: [
      sample('SLACK_WEBHOOK_URL=https://hooks.slack.com/services/', 'T3R4VNSN5XC/B64SRRK6NC8/', '13mEVmMCPuq4ovAGu28PDQsm'),
      sample('  url = "https://hooks.slack.com/workflows/', 'T3221VVXLOF/A0PJYVLUHCR/602728710409801386/', 'RQIRmWPzzHx4ZYXnZmRVGIXe"'),
      sample(
        `curl -X POST -H 'Content-type: application/json' --data '{"text":"deployed"}' https://hooks.slack.com/triggers/`,
        'T0YP2X0RJKY/5682047911/',
        '525f5687579dc205129b0a2ba74db1fd',
      ),
    ],
    falsePositives: [
      'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
      'webhook_url: "https://hooks.slack.com/services/{{ slack_webhook_path }}"',
      'See https://api.slack.com/messaging/webhooks to create a hooks.slack.com URL.',
    ],
  },
});

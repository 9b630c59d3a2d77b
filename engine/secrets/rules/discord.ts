/**
 * Discord bot tokens and webhook URLs.
 * https://discord.com/developers/docs/reference#authentication
 * A bot token is three base64url parts joined by `.`: the bot's user id (a snowflake, 17 to 20
 * digits, so the part starts with M, N or O), a timestamp, and an HMAC. The first part is decoded
 * and must be that id; the line must say "discord", as nothing in the token does.
 * Webhook URLs (https://discord.com/developers/docs/resources/webhook#execute-webhook) hold the
 * webhook's id and its 68-character token, which is all it takes to post.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

/** True when a bot token's first part is the base64url of a snowflake id, as the bot's is. */
function encodesSnowflake(secret: string): boolean {
  const id = Buffer.from(secret.slice(0, secret.indexOf('.')), 'base64url').toString('latin1');
  return /^[1-9]\d{16,19}$/.test(id);
}

export const discordBotToken = defineSecretRule({
  id: 'discord-bot-token',
  title: 'Discord bot token',
  docs: 'https://discord.com/developers/docs/reference#authentication',
  keywords: ['discord'],
  pattern: /(?<![A-Za-z0-9_.-])(?<secret>[MNO][A-Za-z0-9_-]{22,26}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?![A-Za-z0-9_.-])/,
  entropy: 4,
  validate: (secret) => encodesSnowflake(secret) && !hasTypedRun(secret.slice(secret.lastIndexOf('.') + 1)),
  samples: {
    truePositives: [
      sample('DISCORD_TOKEN=', 'MTE5ODYyMjQ4MzQ3MTkyNTI0OA', '.21wdfA.', 'Q8hPUrgF4wtK2iPEvqRALqsiyxlu5BiAOGzMz7'),
      sample("client.login('", 'MTMwNTQ4Mjc2MTEyOTM3MzgxMQ', '.fxgTPC.', "q5VHgAA-ZKsmLX4mFmJ0xX8Ve-tmqq2hT1lijO'); // discord.js"),
      sample('bot.run("', 'MTA0NzM2NTgyOTE3NDYyODM5MQ', '.lIHtwx.', 'YhjMht76i7lpZhX5ATRKXCLPGzk")  # discord.py'),
    ],
    falsePositives: [
      'DISCORD_TOKEN=your-bot-token-here',
      "discordClient.login('MSBhY21lLWRpc2NvcmQtYm90.21wdfA.Q8hPUrgF4wtK2iPEvqRALqsiyxlu5BiAOGzMz7');",
      'bot.run(os.environ["DISCORD_TOKEN"])  # discord.py',
    ],
  },
});

export const discordWebhookUrl = defineSecretRule({
  id: 'discord-webhook-url',
  title: 'Discord webhook URL',
  docs: 'https://discord.com/developers/docs/resources/webhook#execute-webhook',
  keywords: ['discord.com/api', 'discordapp.com/api'],
  pattern:
    /(?<![A-Za-z0-9-])(?:https?:\/\/)?(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/(?:v\d{1,2}\/)?webhooks\/(?<secret>\d{17,20}\/[A-Za-z0-9_-]{60,80})(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(secret.indexOf('/') + 1)),
  samples: {
    truePositives: [
      sample('DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/', '1015741640984641298/', 'l06RMp7PCZzobwWCObExoyPdQGUbHz02WJIBx9--RPP9YmI4d0m39vJwYPJrRc3B-Axv'),
      sample('webhook = DiscordWebhook(url="https://discordapp.com/api/webhooks/', '1248114524950920430/', 'OlzZyK1zWONTEjPNR9O5C03K9lMjIpq8XyUyavgJGFPjfTEksO2e1kWhZZK_z81Pcsh2")'),
      sample(
        `curl -H "Content-Type: application/json" -d '{"content":"build failed"}' https://canary.discord.com/api/v10/webhooks/`,
        '1312107878478326966/',
        'QFysDv6p0Ro1dEKFk52iUTAdv-KGsYsM9eqF5oMGO8HDQEK0GgDwBUVfAkXooTitbGX8',
      ),
    ],
    falsePositives: [
      'DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/000000000000000000/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/<webhook_id>/<webhook_token>',
      'See https://discord.com/developers/docs/resources/webhook for https://discord.com/api/webhooks/{id}/{token}',
    ],
  },
});

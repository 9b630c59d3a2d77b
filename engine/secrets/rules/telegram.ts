/**
 * Telegram bot tokens.
 * https://core.telegram.org/bots/api#authorizing-your-bot
 * The bot's numeric id, `:`, then 35 base64url characters, which in the tokens BotFather issues
 * begin with `AA` (observed, not documented; the documentation's example predates it and is no
 * finding). `:AA` is the keyword: three characters, but rare outside these tokens. In the Bot API's
 * URLs the token follows `/bot`.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const telegramBotToken = defineSecretRule({
  id: 'telegram-bot-token',
  title: 'Telegram bot token',
  docs: 'https://core.telegram.org/bots/api#authorizing-your-bot',
  keywords: [':AA'],
  pattern: /(?<![A-Za-z0-9_])(?:bot)?(?<secret>[1-9]\d{7,9}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/,
  entropy: 3.5,
  validate: (secret) => !hasTypedRun(secret.slice(secret.indexOf(':') + 3)),
  samples: {
    truePositives: [
      sample('TELEGRAM_BOT_TOKEN=', '7257918272', ':AA', 'ILo8QwNFVLSMnGjR1rHiLnovy7CHLi7Iw'),
      sample('bot = telebot.TeleBot("', '896072434', ':AA', 'BopPNLlzTA_vo83wVtknlmO19gObO5jYo")'),
      sample('curl -s https://api.telegram.org/bot', '6391537419', ':AA', '-8PwoF2AEqbuS-ink0B2J3cu0S93eOUG4/getMe'),
    ],
    falsePositives: [
      'TELEGRAM_BOT_TOKEN=1234567890:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'TELEGRAM_BOT_TOKEN=7257918272:AA...',
      'const token = "12345:AA" + rest;',
    ],
  },
});

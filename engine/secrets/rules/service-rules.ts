/**
 * SaaS, payments, messaging and AI service credentials, then the generic rules (last): the URL
 * password rule and the name-and-entropy rules, which defer to every specific rule above and in
 * platform-rules.ts (a value starting with one of their keywords is theirs to judge).
 */
import type { SecretRule } from '../rule.ts';
import { groqApiKey, openrouterApiKey, perplexityApiKey, replicateApiToken, xaiApiKey } from './ai-inference.ts';
import { anthropicAdminKey, anthropicApiKey } from './anthropic.ts';
import { atlassianApiToken } from './atlassian.ts';
import { braintreeAccessToken } from './braintree.ts';
import { digitaloceanOauthToken, digitaloceanPersonalAccessToken } from './digitalocean.ts';
import { discordBotToken, discordWebhookUrl } from './discord.ts';
import { dopplerToken } from './doppler.ts';
import { genericRules } from './generic.ts';
import { herokuApiKey, herokuApiKeyUuid } from './heroku.ts';
import { huggingfaceAccessToken } from './huggingface.ts';
import { linearApiKey } from './linear.ts';
import { mailchimpApiKey } from './mailchimp.ts';
import { mailgunApiKey } from './mailgun.ts';
import { microsoftTeamsWebhookUrl } from './microsoft-teams.ts';
import { notionApiToken } from './notion.ts';
import { openaiAdminKey, openaiLegacyKey, openaiProjectKey, openaiServiceAccountKey } from './openai.ts';
import { platformRules } from './platform-rules.ts';
import { postmanApiKey } from './postman.ts';
import { sendgridApiKey } from './sendgrid.ts';
import { sentryOrgToken, sentryUserToken } from './sentry.ts';
import { shopifyAccessToken, shopifyCustomAppToken, shopifyPrivateAppPassword, shopifySharedSecret } from './shopify.ts';
import { slackAppToken, slackBotToken, slackConfigAccessToken, slackConfigRefreshToken, slackUserToken, slackWebhookUrl } from './slack.ts';
import { squareAccessToken, squareApplicationSecret } from './square.ts';
import { stripeRestrictedKey, stripeSecretKey, stripeWebhookSecret } from './stripe.ts';
import { telegramBotToken } from './telegram.ts';
import { twilioApiKeySecret, twilioAuthToken } from './twilio.ts';
import { urlCredentials } from './url-credentials.ts';

const specificServiceRules: readonly SecretRule[] = [
  // Messaging
  slackBotToken,
  slackUserToken,
  slackAppToken,
  slackConfigAccessToken,
  slackConfigRefreshToken,
  slackWebhookUrl,
  discordBotToken,
  discordWebhookUrl,
  telegramBotToken,
  microsoftTeamsWebhookUrl,
  twilioAuthToken,
  twilioApiKeySecret,
  sendgridApiKey,
  mailchimpApiKey,
  mailgunApiKey,
  // Payments
  stripeSecretKey,
  stripeRestrictedKey,
  stripeWebhookSecret,
  squareAccessToken,
  squareApplicationSecret,
  braintreeAccessToken,
  shopifyAccessToken,
  shopifyCustomAppToken,
  shopifyPrivateAppPassword,
  shopifySharedSecret,
  // AI
  openaiProjectKey,
  openaiServiceAccountKey,
  openaiAdminKey,
  openaiLegacyKey,
  anthropicApiKey,
  anthropicAdminKey,
  huggingfaceAccessToken,
  groqApiKey,
  replicateApiToken,
  perplexityApiKey,
  xaiApiKey,
  openrouterApiKey,
  // SaaS and developer tools
  atlassianApiToken,
  linearApiKey,
  notionApiToken,
  postmanApiKey,
  sentryOrgToken,
  sentryUserToken,
  dopplerToken,
  digitaloceanPersonalAccessToken,
  digitaloceanOauthToken,
  herokuApiKey,
  herokuApiKeyUuid,
];

export const serviceRules: readonly SecretRule[] = [
  ...specificServiceRules,
  // Generic rules, last.
  urlCredentials,
  ...genericRules([...platformRules, ...specificServiceRules]),
];

/**
 * Stripe API keys and webhook signing secrets.
 * https://docs.stripe.com/keys
 * Live secret keys are `sk_live_` and restricted keys `rk_live_`, then 24 to 99 base62 characters.
 * Test-mode keys (`sk_test_`, `rk_test_`) move no money and publishable keys (`pk_`) are public by
 * design: neither is a finding. Webhook endpoint secrets are `whsec_` and at least 32 characters
 * (https://docs.stripe.com/webhooks#verify-events).
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const stripeSecretKey = defineSecretRule({
  id: 'stripe-secret-key',
  title: 'Stripe live secret key',
  docs: 'https://docs.stripe.com/keys#obtain-api-keys',
  keywords: ['sk_live_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>sk_live_[A-Za-z0-9]{24,99})(?![A-Za-z0-9_])/,
  entropy: 3.5,
  validate: (secret) => !hasTypedRun(secret.slice(8)),
  samples: {
    truePositives: [
      sample('STRIPE_SECRET_KEY=', 'sk_live_', '0dxJzO6W53a3G2bx0hXHqw54'),
      sample("const stripe = require('stripe')('", 'sk_live_', "51egL0EBWmqkm0cbmhCT6ZaJJy88xUFe5XiT2gkaXEqYYdVK3wsPiRTtTtYdISMexbULlC8Z2SA723byTh3AXAubTXLIJ85P9vv');"),
      sample('Stripe.api_key = "', 'sk_live_', 'pVexeTR8gmbR8JvGxY0isuKj"'),
    ],
    falsePositives: [
      sample('STRIPE_SECRET_KEY=', 'sk_test_', '51rGeYyD1EbwDrx5cuw72DVMsgXObE0GABcp7hJp983EIFbFa5hX1zvRMZyGtb2NPYOGT3pZQ2AvHbcf'),
      sample("const stripe = Stripe('", 'pk_live_', "0hbF0P614Sf7s1olBkdZg5E8');"),
      'STRIPE_SECRET_KEY=sk_live_...',
      'STRIPE_SECRET_KEY=sk_live_1234567890abcdefghijklmn',
    ],
  },
});

export const stripeRestrictedKey = defineSecretRule({
  id: 'stripe-restricted-key',
  title: 'Stripe live restricted key',
  docs: 'https://docs.stripe.com/keys#limit-access',
  keywords: ['rk_live_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>rk_live_[A-Za-z0-9]{24,99})(?![A-Za-z0-9_])/,
  entropy: 3.5,
  validate: (secret) => !hasTypedRun(secret.slice(8)),
  samples: {
    truePositives: [
      sample('STRIPE_RESTRICTED_KEY=', 'rk_live_', '51rGeYyD1EbwDrx5cuw72DVMsgXObE0GABcp7hJp983EIFbFa5hX1zvRMZyGtb2NPYOGT3pZQ2AvHbcfMZKpIgoyBMA4veQlDY1'),
      sample('  stripe_key: "', 'rk_live_', 'iDJPfGMCqrRBSOSbtD5LQDb4mYF0Unvu"'),
      sample('client = StripeClient("', 'rk_live_', 'xsqD8IbaFaxkLsqZey5k3Ylz")'),
    ],
    falsePositives: [
      sample('STRIPE_RESTRICTED_KEY=', 'rk_test_', 'rEh1boML1156xbsMp31wE6dIH6kkZC31'),
      'STRIPE_RESTRICTED_KEY=rk_live_<your-restricted-key>',
      'Restricted keys begin with rk_live_ in live mode.',
    ],
  },
});

export const stripeWebhookSecret = defineSecretRule({
  id: 'stripe-webhook-secret',
  title: 'Stripe webhook signing secret',
  docs: 'https://docs.stripe.com/webhooks#verify-events',
  keywords: ['whsec_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>whsec_[A-Za-z0-9]{32,100})(?![A-Za-z0-9_])/,
  entropy: 3.5,
  validate: (secret) => !hasTypedRun(secret.slice(6)),
  samples: {
    truePositives: [
      sample('STRIPE_WEBHOOK_SECRET=', 'whsec_', 'qOxqBZ2jpkZ5s0FNziYCZ4ijKMpyPAlX'),
      sample("endpoint_secret = '", 'whsec_', "mbTxBGM5ky85tV9LQFKy8cMuQ5xjFF1kjQ7YZncENdJSlLtuVMB7zTtPMU6urIu0'"),
      sample('event = stripe.Webhook.construct_event(payload, sig_header, "', 'whsec_', 'iDJPfGMCqrRBSOSbtD5LQDb4mYF0Unvu")'),
    ],
    falsePositives: [
      'STRIPE_WEBHOOK_SECRET=whsec_...',
      "endpoint_secret = 'whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'",
      '# `stripe listen` prints a whsec_ secret for the local endpoint',
    ],
  },
});

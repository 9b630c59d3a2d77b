/**
 * Shopify access tokens and shared secrets.
 * https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens
 * A prefix saying what the token is, then 32 hexadecimal digits: `shpat_` Admin API access token,
 * `shpca_` custom app access token, `shppa_` private app password, `shpss_` app shared secret.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

const DOCS = 'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens';

/** The prefix, then 32 hex digits standing alone (Shopify prints them lowercase; older ones were mixed). */
const token = (prefix: string): RegExp => new RegExp(`(?<![A-Za-z0-9_])(?<secret>${prefix}[a-fA-F0-9]{32})(?![A-Za-z0-9_])`);
const notTyped = (secret: string): boolean => !hasTypedRun(secret.slice(6));

export const shopifyAccessToken = defineSecretRule({
  id: 'shopify-access-token',
  title: 'Shopify Admin API access token',
  docs: DOCS,
  keywords: ['shpat_'],
  pattern: token('shpat_'),
  entropy: 3,
  validate: notTyped,
  samples: {
    truePositives: [
      sample('SHOPIFY_ACCESS_TOKEN=', 'shpat_', 'ed4a68078f1f86ef9b2c5bc02797e3cc'),
      sample("const client = new shopify.clients.Rest({ session, accessToken: '", 'shpat_', "4ff5c1f125a49738cd6ffc3392f1b70b' });"),
      sample('curl -H "X-Shopify-Access-Token: ', 'shpat_', 'e0361c155c76107add7a543aee1d57d5" https://acme.myshopify.com/admin/api/2024-10/shop.json'),
    ],
    falsePositives: [
      'SHOPIFY_ACCESS_TOKEN=shpat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'SHOPIFY_ACCESS_TOKEN=shpat_<token>',
      "if (token.startsWith('shpat_')) return 'admin';",
    ],
  },
});

export const shopifyCustomAppToken = defineSecretRule({
  id: 'shopify-custom-app-token',
  title: 'Shopify custom app access token',
  docs: DOCS,
  keywords: ['shpca_'],
  pattern: token('shpca_'),
  entropy: 3,
  validate: notTyped,
  samples: {
    truePositives: [
      sample('SHOPIFY_CUSTOM_APP_TOKEN=', 'shpca_', 'b5d30a4a8aa139a642bcb0fa4aefcbd8'),
      sample('  access_token: "', 'shpca_', '457cf916173754ac2c0661d9e6324621"'),
      sample('session = shopify.Session("acme.myshopify.com", "2024-10", "', 'shpca_', '3b6b7844bf95740d51e10128f949d338")'),
    ],
    falsePositives: [
      'SHOPIFY_CUSTOM_APP_TOKEN=shpca_...',
      'SHOPIFY_CUSTOM_APP_TOKEN=shpca_0123456789abcdef0123456789abcdef',
      '# custom app tokens begin with shpca_',
    ],
  },
});

export const shopifyPrivateAppPassword = defineSecretRule({
  id: 'shopify-private-app-password',
  title: 'Shopify private app password',
  docs: DOCS,
  keywords: ['shppa_'],
  pattern: token('shppa_'),
  entropy: 3,
  validate: notTyped,
  samples: {
    truePositives: [
      sample('SHOPIFY_PASSWORD=', 'shppa_', '4a9800714ea0b9b319a1a829d3ccd1f3'),
      sample('ShopifyAPI::Base.password = "', 'shppa_', '576d261e28b4111630d4bbc97a9a809b"'),
      sample('  "password": "', 'shppa_', 'eff22ae1f7a780a8de060b0931ebcf7f",'),
    ],
    falsePositives: [
      'SHOPIFY_PASSWORD=shppa_your_private_app_password',
      '"password": "shppa_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"',
      'Private apps authenticate with an shppa_ password; migrate them to custom apps.',
    ],
  },
});

export const shopifySharedSecret = defineSecretRule({
  id: 'shopify-shared-secret',
  title: 'Shopify app shared secret',
  docs: DOCS,
  keywords: ['shpss_'],
  pattern: token('shpss_'),
  entropy: 3,
  validate: notTyped,
  samples: {
    truePositives: [
      sample('SHOPIFY_API_SECRET=', 'shpss_', 'b06fa69ab04c56a51d7ffac0a7a2490d'),
      sample('  client_secret = "', 'shpss_', '22bf5b1a8ecb6c83698c7f1b1323302f"'),
      sample("const digest = crypto.createHmac('sha256', '", 'shpss_', "ec2e9203369b65e094caa18951a247cc').update(body).digest('base64');"),
    ],
    falsePositives: [
      'SHOPIFY_API_SECRET=shpss_${SHOPIFY_SECRET_SUFFIX}',
      'SHOPIFY_API_SECRET=shpss_ffffffffffffffffffffffffffffffff',
      'shared secrets look like shpss_ and 32 hex digits',
    ],
  },
});

/**
 * The generator's own labelled negatives: lines that look like a leak to a careless scanner but
 * hold none: names like `password` read from the environment, documented examples, placeholders,
 * masked values, hashes, public keys, publishable keys and ids, and patterns that describe a
 * token format.
 */
import { ALNUM, type Random } from './prng.ts';
import { awsAccountId, base64Of, gitSha, integrity, pngDataUri, publicKeyPem, sha256Hex, sshPublicKey, uuid } from './values.ts';
import { NOUNS, upperSnake } from './vocabulary.ts';

export const NEAR_MISSES: readonly ((random: Random) => string)[] = [
  (r) => `password = os.environ["${upperSnake([r.pick(NOUNS), 'password'])}"]`,
  (r) => `const apiKey = process.env.${upperSnake([r.pick(['stripe', 'sendgrid', 'openai']), 'api', 'key'])};`,
  (r) => `${upperSnake([r.pick(['github', 'npm', 'deploy']), 'token'])}: \${{ secrets.${upperSnake([r.pick(NOUNS), 'token'])} }}`,
  () => 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
  () => 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  () => 'export API_TOKEN="<paste-your-token-here>"',
  () => `const placeholder = "${['gh', 'p_'].join('')}${'x'.repeat(36)}";`,
  () => `SLACK_WEBHOOK_URL=https://hooks.slack.com/services/${'X'.repeat(9)}/${'X'.repeat(9)}/${'X'.repeat(24)}`,
  () => 'secret_key_base = "${SECRET_KEY_BASE}"',
  (r) => `"integrity": "${integrity(r)}",`,
  (r) => `commit_sha = "${gitSha(r)}"`,
  (r) => `api_key_id = "${uuid(r)}"`,
  () => 'token_url = "https://login.example.com/oauth2/v1/token"',
  () => 'password: ${DB_PASSWORD}',
  () => 'stripe.api_key = settings.STRIPE_SECRET_KEY',
  () => 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app',
  (r) => `const deployKey = "${sshPublicKey(r)}";`,
  () => 'Authorization: Bearer ${ACCESS_TOKEN}',
  () => `STRIPE_SECRET_KEY=${['sk', '_live_'].join('')}${'*'.repeat(24)}`,
  () => 'key = hashlib.sha256(payload).hexdigest()',
  () => 'secret = var.app_secret',
  () => 'token = request.headers.get("X-Auth-Token")',
  () => 'SECRET_KEY=changeme',
  () => `const TOKEN_PATTERN = /${['gh', 'p_'].join('')}[A-Za-z0-9]{36}/;`,
  (r) => publicKeyPem(r).join('\n'),
  (r) => `image: ghcr.io/acme/api@sha256:${sha256Hex(r)}`,
  (r) => `"avatar": "${pngDataUri(r, r.int(60, 200))}",`,
  (r) => `checksum_sha256 = "${sha256Hex(r)}"`,
  () => 'client_secret = get_secret("payments/client-secret")',
  () => 'PRIVATE_KEY_PATH=/run/secrets/signing-key.pem',
  // Publishable by design: Stripe's browser key, OAuth client and Okta app ids.
  (r) => `const stripePublishableKey = "${['pk', '_live_'].join('')}${r.chars(ALNUM, 24)}";`,
  (r) => `OKTA_CLIENT_ID=0oa${r.chars(ALNUM, 17)}`,
  (r) => `<script src="https://cdn.example.net/app.js" integrity="sha384-${base64Of(r, 48)}" crossorigin="anonymous"></script>`,
  () => 'vault_addr = "https://vault.acme.dev:8200"',
  () => '"npm_config_cache": "/tmp/.npm",',
  (r) => `role_arn = "arn:aws:iam::${awsAccountId(r)}:role/deploy"`,
  (r) => `const cacheKey = "${sha256Hex(r)}";`,
  () => 'secret_name = "prod/payments/api-key"',
  (r) => `csrf_token = "${r.chars(ALNUM, 32)}"`,
  () => 'const signature = hmac.digest("hex");',
];

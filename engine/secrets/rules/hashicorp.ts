/**
 * HashiCorp Vault and Terraform Cloud tokens.
 * Vault: https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes
 * Since Vault 1.10 service tokens start `hvs.` and batch tokens `hvb.`: ~95 characters for a
 * server-side consistent service token, 24 after the prefix without that, ~140 or more for batch.
 * Before 1.10 they were `s.` and 24 characters, too short and common a shape to report without
 * `vault` on the line.
 * Terraform Cloud / HCP Terraform API tokens: 14 characters, `.atlasv1.`, 60 or more (67 today).
 * https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

const VAULT_DOCS = 'https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes';

export const vaultServiceToken = defineSecretRule({
  id: 'vault-service-token',
  title: 'HashiCorp Vault service token',
  docs: VAULT_DOCS,
  keywords: ['hvs.'],
  pattern: /(?<![A-Za-z0-9_.-])(?<secret>hvs\.(?:[A-Za-z0-9_-]{90,300}|[A-Za-z0-9]{24}))(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(4)),
  samples: {
    truePositives: [
      sample('VAULT_TOKEN=', 'hvs.', 'CAESIXI_Nahmz_PHbN1GYLysZ4I1AKLIEd3wiYd2Svvlqat2ig9xTOLtlVT_kzcUBx0x45YVBRrOWzSqzTCzvBoy2iUAjxicmig'),
      sample('  token = "', 'hvs.', 'CAESI53U3b35ZjKHD3SalnWQu0fi1wCL6-DCB7eIJMbWxNX7owKui7SBHBkLsFO4rlmntEbWLvqunf-bwCP64XZl-Tv4Dhsi7nw', '"'),
      sample('curl -H "X-Vault-Token: ', 'hvs.', 'RcqSEVp50D9kV9v8DkZmVwuW', '" https://vault.acme.internal:8200/v1/secret/data/ci'),
    ],
    falsePositives: [
      'VAULT_TOKEN=hvs.XXXXXXXXXXXXXXXXXXXXXXXX',
      sample('VAULT_TOKEN=', 'hvs.', 'CAESIXI_Nahmz_PHbN1GYLysZ4I1AKLIEd3wiYd2Svvl', ' # cut short'),
      'const isServiceToken = (token) => token.startsWith("hvs.");',
    ],
  },
});

export const vaultBatchToken = defineSecretRule({
  id: 'vault-batch-token',
  title: 'HashiCorp Vault batch token',
  docs: VAULT_DOCS,
  keywords: ['hvb.'],
  pattern: /(?<![A-Za-z0-9_.-])(?<secret>hvb\.[A-Za-z0-9_-]{90,800})(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(4)),
  samples: {
    truePositives: [
      sample('VAULT_TOKEN=', 'hvb.', 'AAAAAQ88IPaJYnX_Dwwv4JEe-JTIyGaY-CvX4uita9DGcK3Ltwp6b4pWWtsOt6EGV1viilg6VEpi1imCkHlyQUDUm4CM0strNvhW4F24rtGNIaYvVGWqvLtd6AR2SzEu86rsEeE2VBuC06eMX3Iv-UZ1w'),
      sample('{"auth":{"client_token":"', 'hvb.', 'AAAAAQcLBRzMaDf53ydTuGgjlPvW6TnFJEAf-URy3tdPrzn73CuaXT3WLduq8pEXEym8nsEFAX9SFQulD0qf49goEO3gujJ4_TARao_08vP3lCZRKIm2iDanBz7oYqFxEvuf7mgdoUtZsj2EK04mWp9S0', '","renewable":false}}'),
      sample("    vault_token: '", 'hvb.', 'AAAAAQvauGBoq0O4Jei6QKSTwnC4Wvbc3CVSAuQq8dTWqD3C0QLN1QaOKfmjykkCWuFJvvWXUR-Wu5g77QvGD4JPv0ZNaT_rtzppQdGFWpMW-NulwmS_ZAZttui1d1gVdt79yf86Jf0d0EMtSkgUrpL3w', "'"),
    ],
    falsePositives: [
      'VAULT_TOKEN=hvb.<batch token>',
      sample('VAULT_TOKEN=', 'hvb.', 'AAAAAQ88IPaJYnX_Dwwv4JEe-JTIyGaY', ' # cut short'),
      'if token.startswith("hvb."): renewable = False',
    ],
  },
});

export const vaultLegacyToken = defineSecretRule({
  id: 'vault-legacy-token',
  title: 'HashiCorp Vault token (before 1.10)',
  docs: VAULT_DOCS,
  keywords: ['vault'],
  pattern: /(?<![A-Za-z0-9_.-])(?<secret>s\.[A-Za-z0-9]{24})(?![A-Za-z0-9_.-])/,
  entropy: 3.5,
  // A generated base62 body mixes digits with both cases of letters, nearly always.
  validate: (secret, line) => /vault/i.test(line) && /[0-9]/.test(secret) && /[A-Z]/.test(secret) && /[a-z]/.test(secret.slice(2)) && !hasTypedRun(secret.slice(2)),
  samples: {
    truePositives: [
      sample('VAULT_TOKEN=', 's.', 'CscAt3ZnYqURdLzooQhuluKb'),
      sample('vault login ', 's.', 'UWfCgL8pZWegbMUJ5hB84EyV'),
      sample('  X-Vault-Token: ', 's.', 'NIhFoQQsUI8iG4At00cWSuuK'),
    ],
    falsePositives: [
      'VAULT_TOKEN=s.XXXXXXXXXXXXXXXXXXXXXXXX',
      'vault write auth/approle/login role_id=$ROLE_ID secret_id=$SECRET_ID',
      // Letters only: a property, not a token.
      sample('const mount = await vault.read(', 's.', 'secretsEngineMountPrefix', ');'),
    ],
  },
});

export const terraformCloudToken = defineSecretRule({
  id: 'terraform-cloud-token',
  title: 'Terraform Cloud / HCP Terraform API token',
  docs: 'https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens',
  keywords: ['.atlasv1.'],
  pattern: /(?<![A-Za-z0-9_.-])(?<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,100})(?![A-Za-z0-9_=-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(23)),
  samples: {
    truePositives: [
      sample('TF_TOKEN_app_terraform_io=', 'wKPjI7dzY0Ln27', '.atlasv1.r7AneYYLaVmqUnT_XJFg6CbFJL2TqlBdLYtULCNeLuas9OQZwz4M_51J12VSIi0hqdW'),
      sample('credentials "app.terraform.io" { token = "', '7pA597G2h7jDKP.atlasv1', '.OeOyLPCju49QrndLRDuN5RWAzUmoCAOD27z82DTxCGDjjvdI4toNSSbtOnR4BMvWi8I" }'),
      sample('{"credentials":{"app.terraform.io":{"token":"', 'M224qQ3WaD6g9R', '.atlasv1.IFq0vjNJ-IGTIGP1-9Ux1FegWPElatzkjZ6Bj8NIJrlgAhy4Nf0XBq7wbR-eZhStKVd"}}}'),
    ],
    falsePositives: [
      'TF_TOKEN_app_terraform_io=XXXXXXXXXXXXXX.atlasv1.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      'credentials "app.terraform.io" { token = var.tfc_token } # tokens look like <id>.atlasv1.<secret>',
      sample('TF_TOKEN_app_terraform_io=', 'wKPjI7dzY0Ln27', '.atlasv1.r7AneYYLaVmqUnT_XJFg6CbF', ' # cut short'),
    ],
  },
});

export const hashicorpRules = [vaultServiceToken, vaultBatchToken, vaultLegacyToken, terraformCloudToken] as const;

/**
 * Hugging Face user access tokens.
 * https://huggingface.co/docs/hub/security-tokens
 * `hf_` and 34 letters. `hf_` occurs in identifiers (`hf_token`, `rhf_Sponsored…`): the token must
 * stand alone, be exactly that long, and mix upper- and lower-case as generated ones do.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const huggingfaceAccessToken = defineSecretRule({
  id: 'huggingface-access-token',
  title: 'Hugging Face access token',
  docs: 'https://huggingface.co/docs/hub/security-tokens',
  keywords: ['hf_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>hf_[A-Za-z0-9]{34})(?![A-Za-z0-9_])/,
  entropy: 4,
  validate: (secret) => /[A-Z]/.test(secret.slice(3)) && /[a-z]/.test(secret.slice(3)) && !hasTypedRun(secret.slice(3)),
  samples: {
    truePositives: [
      sample('HF_TOKEN=', 'hf_', 'QzeekyluEfOyBAyjwyhAsLrshIgUOKfrER'),
      sample('huggingface-cli login --token ', 'hf_', 'pFfLSavJfzPBPdZAIWxYzjEZQWpiyGAkWL'),
      sample("pipe = pipeline('text-generation', model=model_id, token='", 'hf_', "XnzEPSlEqwubEIsTXmgTVUkzqtebEHAYag')"),
    ],
    falsePositives: [
      'HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      '- (id)hf_requiredCharacteristicTypesForDisplayMetadata;',
      'parser.add_argument("--hf_token", type=str, default=None, help="Hugging Face token")',
    ],
  },
});

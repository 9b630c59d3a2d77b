/**
 * API keys of hosted AI inference services with a prefix of their own.
 * Groq `gsk_` (https://console.groq.com/docs/quickstart), Replicate `r8_`
 * (https://replicate.com/docs/topics/security/api-tokens), Perplexity `pplx-`
 * (https://docs.perplexity.ai/guides/getting-started), xAI `xai-` (https://docs.x.ai/docs/overview),
 * OpenRouter `sk-or-v1-` (https://openrouter.ai/docs/api-reference/authentication); each followed
 * by a generated body of fixed length. OpenAI and Anthropic have files of their own.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

/** A generated base62 body mixes letters and digits and holds no typed run. */
const generated = (body: string): boolean => /[0-9]/.test(body) && /[A-Za-z]/.test(body) && !hasTypedRun(body);

export const groqApiKey = defineSecretRule({
  id: 'groq-api-key',
  title: 'Groq API key',
  docs: 'https://console.groq.com/docs/quickstart',
  keywords: ['gsk_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>gsk_[A-Za-z0-9]{48,52})(?![A-Za-z0-9_])/,
  entropy: 4,
  validate: (secret) => generated(secret.slice(4)),
  samples: {
    truePositives: [
      sample('GROQ_API_KEY=', 'gsk_', 'm161hcP3k26n85YFNp9mPCoOSHtGDuC2u45NbfS8YXPqzM36o8Q0'),
      sample('client = Groq(api_key="', 'gsk_', '4PV8mH94xXB8ew7DwubXaDJzrcMmYFYEz2ivyJ0GsejMkBQgf3EC")'),
      sample('curl https://api.groq.com/openai/v1/models -H "Authorization: Bearer ', 'gsk_', 'zrx6S8TYCSWvjntLhYLyj2eHkAfcPti60xsofuJgEwmhV6IaKFra"'),
    ],
    falsePositives: [
      'GROQ_API_KEY=gsk_your_groq_api_key_here',
      'GROQ_API_KEY=gsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      '# Groq keys are prefixed gsk_ and created at https://console.groq.com/keys',
    ],
  },
});

export const replicateApiToken = defineSecretRule({
  id: 'replicate-api-token',
  title: 'Replicate API token',
  docs: 'https://replicate.com/docs/topics/security/api-tokens',
  keywords: ['r8_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>r8_[A-Za-z0-9]{37})(?![A-Za-z0-9_])/,
  entropy: 4,
  validate: (secret) => generated(secret.slice(3)),
  samples: {
    truePositives: [
      sample('REPLICATE_API_TOKEN=', 'r8_', 'jZjZR4fpaLFzA6ppKF7W2zYqqhQTwa1g6Dg6Z'),
      sample("const replicate = new Replicate({ auth: '", 'r8_', "Ua0GKi375mMFYWMnhNjZDeuWQ36GIORDpY718' });"),
      sample('  replicate_token: "', 'r8_', 'VFW8nimivv8RTlSGi2lYCtLTuzIJ59RDRUT3Y"'),
    ],
    falsePositives: [
      'REPLICATE_API_TOKEN=r8_***',
      'REPLICATE_API_TOKEN=r8_0123456789abcdefghijklmnopqrstuvwxyzA',
      'const r8_model_version_for_the_production_pipeline = pickVersion();',
    ],
  },
});

export const perplexityApiKey = defineSecretRule({
  id: 'perplexity-api-key',
  title: 'Perplexity API key',
  docs: 'https://docs.perplexity.ai/guides/getting-started',
  keywords: ['pplx-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>pplx-[A-Za-z0-9]{48})(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => generated(secret.slice(5)),
  samples: {
    truePositives: [
      sample('PERPLEXITY_API_KEY=', 'pplx-', 'AOGONyuVP69BwohzUprufjNyUm8GGXHJCc0mZ5tLSjYAtMsZ'),
      sample('client = OpenAI(api_key="', 'pplx-', 'DZJqE9m499jDXAsFzjv5ZC6hNIBYJByBQ2DC0LnmcqTL9yml", base_url="https://api.perplexity.ai")'),
      sample('curl https://api.perplexity.ai/chat/completions -H "Authorization: Bearer ', 'pplx-', 'rhty7XwX8BgRMEV7M3Hbg33owau6kEguBXmzKy6uYO2DEVIE"'),
    ],
    falsePositives: [
      'PERPLEXITY_API_KEY=pplx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'PERPLEXITY_API_KEY=pplx-...',
      "model: 'pplx-70b-online' // retired; use sonar",
    ],
  },
});

export const xaiApiKey = defineSecretRule({
  id: 'xai-api-key',
  title: 'xAI API key',
  docs: 'https://docs.x.ai/docs/overview',
  keywords: ['xai-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>xai-[A-Za-z0-9]{80})(?![A-Za-z0-9_-])/,
  entropy: 4.5,
  validate: (secret) => generated(secret.slice(4)),
  samples: {
    truePositives: [
      sample('XAI_API_KEY=', 'xai-', 'Ur55ulrZYQD3yGPG2KZ9fYtrL1oiLFc8naW1efnhjb261tOoyC9nlemVjVnr9WCVSCZq39o4Ez4cQ8JK'),
      sample('client = Client(api_key="', 'xai-', 'JykUOKOQVFkvFd9np4Eze1AzCXjyFK1DpoP9WgIhgFyagfoATlFtKjaMbzUVXcoHN8l2HRLQhYoDKRbO")'),
      sample('curl https://api.x.ai/v1/models -H "Authorization: Bearer ', 'xai-', 'lpSLuc65ni94vIp6Qe8kK56vpvg8VXbpN0mYGX1cviVy6kzuD3XL7nyoLzIzLfNmzZwnA6bEBO7bC4Dg"'),
    ],
    falsePositives: [
      'XAI_API_KEY=xai-...',
      'XAI_API_KEY=xai-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      'import { createXai } from "@ai-sdk/xai"; const model = xai("grok-3"); // xai-sdk',
    ],
  },
});

export const openrouterApiKey = defineSecretRule({
  id: 'openrouter-api-key',
  title: 'OpenRouter API key',
  docs: 'https://openrouter.ai/docs/api-reference/authentication',
  keywords: ['sk-or-v1-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-or-v1-[a-f0-9]{64})(?![A-Za-z0-9_-])/,
  entropy: 3.5,
  validate: (secret) => !hasTypedRun(secret.slice(9)),
  samples: {
    truePositives: [
      sample('OPENROUTER_API_KEY=', 'sk-or-v1-', 'f721497fda00bea434ea19ba40c585f67398ed4c6621206aaf5bded084eea3c6'),
      sample('client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key="', 'sk-or-v1-', '617f68d9d8eff165ac12832baf6d4d6b4d3bf344cbadb7142851828626169783")'),
      sample('curl https://openrouter.ai/api/v1/key -H "Authorization: Bearer ', 'sk-or-v1-', 'f7f0e6462385e13de621b825b63ea5ada48a82246633ccba5188e76f5f1a20eb"'),
    ],
    falsePositives: [
      'OPENROUTER_API_KEY=sk-or-v1-...',
      'OPENROUTER_API_KEY=sk-or-v1-<key>',
      'OPENROUTER_API_KEY=sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000',
    ],
  },
});

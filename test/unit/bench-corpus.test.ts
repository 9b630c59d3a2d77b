/** The secret-scanner benchmark's corpus generator: deterministic, as large as asked, labels on the planted lines. */
import { Buffer } from 'node:buffer';
import { sample } from '../../engine/secrets/rules/sample.ts';
import { describe, expect, it } from 'vitest';
import { generateCorpus, type Corpus } from '../../bench/corpus/generate.ts';
import { sampleShape } from '../../bench/corpus/plant.ts';
import { createRandom } from '../../bench/corpus/prng.ts';
import type { SecretRule } from '../../engine/secrets/rule.ts';
import { secretRules } from '../../engine/secrets/rules/index.ts';

/** Rules with samples of every shape the planter handles; the values are made up and match no real format. */
const shapedRules: SecretRule[] = [
  {
    id: 'bench-token',
    title: 'A bare token',
    keywords: ['bnch_'],
    pattern: /bnch_[a-z0-9]{20}/,
    samples: { truePositives: ['bnch_q8xv2mt9lkr4pw7nz3bc', 'bnch_c6yh1sd5fg0jkae4ui2o'], falsePositives: ['bnch_short', 'bnch_'] },
  },
  {
    id: 'bench-lines',
    title: 'Lines of several shapes',
    keywords: ['bench_secret'],
    pattern: /bench_secret\S*\s*[:=]+\s*"?(?<secret>[A-Za-z0-9]{16})/,
    samples: {
      truePositives: [
        sample('export BENCH_SECRET="', 'Zq3nR8vL2kT9pX5m', '"'),
        sample('bench_secret: ', 'Wc7bB4zJ6yF1dG0s', ''),
        sample('{"bench_secret": "', 'Ae8iO6Hq3nR8vL2k', '"}'),
        sample('bench_secret = "', 'T9pX5mW7cB4zJ6yF', '"'),
        sample('const bench_secret = "', 'Kd2Lm8Qp4Rs6Tu0V', '";'),
        sample('bench_secret := "', 'Np2Qr4St6Uv8Wx0Y', '"'),
        sample('see bench_secret => "', 'Bn7Kx2Pq9Rt4Vw6Y', '"'),
        sample('curl -H "bench_secret: ', 'Fg8Hj0LmNp2Qr4St', '" https://api.example.com'),
      ],
      falsePositives: ['bench_secret = "${BENCH_SECRET}"', 'bench_secret: changeme'],
    },
  },
  {
    id: 'bench-block',
    title: 'A block spanning lines',
    keywords: ['BEGIN BENCH BLOCK'],
    pattern: /-----BEGIN BENCH BLOCK-----[\s\S]*?-----END BENCH BLOCK-----/,
    multiline: true,
    samples: {
      truePositives: ['-----BEGIN BENCH BLOCK-----\nq8Xv2mT9LkR4pW7nZ3bC6yH1sD5fG0jK\naE4uI2oPHq3nR8vL2kT9pX5mW7cB4zJ6\n-----END BENCH BLOCK-----', '{\n  "type": "bench",\n  "bench_block": "-----BEGIN BENCH BLOCK-----\\nYz1Ac3De5Fg8Hj0L\\n-----END BENCH BLOCK-----"\n}'],
      falsePositives: ['-----BEGIN BENCH BLOCK-----\n-----END BENCH BLOCK-----', '-----BEGIN BENCH BLOCK-----'],
    },
  },
];

const cache = new Map<string, Corpus>();
function corpus(seed: string, bytes: number, rules: readonly SecretRule[] = shapedRules, bytesPerSecret?: number): Corpus {
  const key = `${seed}/${bytes}/${rules === shapedRules ? 'shaped' : 'live'}/${bytesPerSecret}`;
  let found = cache.get(key);
  if (found === undefined) {
    found = generateCorpus(bytesPerSecret === undefined ? { seed, bytes, rules } : { seed, bytes, rules, bytesPerSecret });
    cache.set(key, found);
  }
  return found;
}

function lineRange(c: Corpus, file: string, line: number, endLine: number): string {
  const content = c.files.find((f) => f.path === file)?.content;
  expect(content, file).toBeDefined();
  return content!.split('\n').slice(line - 1, endLine).join('\n');
}

describe('bench corpus PRNG', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: string) => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, () => random.int(0, 1_000_000));
    };
    expect(draw('x')).toEqual(draw('x'));
    expect(draw('x')).not.toEqual(draw('y'));
  });
});

describe('bench corpus generator', () => {
  it('is deterministic for a seed', () => {
    const again = generateCorpus({ seed: 'determinism', bytes: 300_000, rules: shapedRules });
    expect(again).toEqual(corpus('determinism', 300_000));
    expect(corpus('another seed', 300_000).files.map((f) => f.content)).not.toEqual(again.files.map((f) => f.content));
  });

  it('keeps the same files whatever the rules, so throughput stays comparable as rules change', () => {
    const without = generateCorpus({ seed: 'determinism', bytes: 300_000, rules: [] });
    const withRules = corpus('determinism', 300_000);
    const unlabelled = (c: Corpus) => new Map(c.files.filter((f) => !c.labels.some((l) => l.file === f.path)).map((f) => [f.path, f.content]));
    const a = unlabelled(without);
    const b = unlabelled(withRules);
    const both = [...a.keys()].filter((path) => b.has(path));
    expect(both.length).toBeGreaterThan(withRules.files.length / 2);
    for (const path of both) expect(b.get(path), path).toBe(a.get(path));
  });

  it('is as large as requested, give or take the planted samples, and counts its bytes right', () => {
    for (const bytes of [100_000, 1_500_000]) {
      const c = corpus('size', bytes);
      const total = c.files.reduce((sum, f) => sum + Buffer.byteLength(f.content, 'utf8'), 0);
      expect(c.bytes).toBe(total);
      expect(total).toBeGreaterThanOrEqual(bytes);
      expect(total).toBeLessThanOrEqual(bytes * 1.05);
    }
  });

  it('makes files of realistic sizes and of every kind, with unique paths', () => {
    const c = corpus('size', 1_500_000);
    const sizes = c.files.map((f) => f.content.length);
    expect(sizes.filter((size) => size >= 500 && size <= 21_000).length / sizes.length).toBeGreaterThan(0.8);
    expect(new Set(c.files.map((f) => f.path)).size).toBe(c.files.length);
    const names = c.files.map((f) => f.path.split('/').at(-1)!);
    for (const pattern of [/\.ts$/, /\.js$/, /\.py$/, /\.go$/, /\.java$/, /\.rb$/, /\.ya?ml$/, /^package\.json$/, /^package-lock\.json$/, /^\.env\./, /\.tf$/, /^Dockerfile/, /\.sh$/, /\.md$/, /\.sql$/, /\.(pem|crt|pub)$/]) {
      expect(names.some((name) => pattern.test(name)), String(pattern)).toBe(true);
    }
  });

  it('labels point at the planted lines, which hold the sample', () => {
    for (const [c, rules] of [[corpus('labels', 400_000), shapedRules], [corpus('labels', 400_000, secretRules), secretRules]] as const) {
      expect(c.labels.length).toBeGreaterThan(0);
      for (const label of c.labels) {
        const text = lineRange(c, label.file, label.line, label.endLine);
        expect(label.endLine - label.line + 1).toBe(label.sample.split('\n').length);
        // A bare token sits inside the host's idiom (`const apiKey = "…";`), a command may follow `RUN `; the rest is planted as is.
        const shape = sampleShape(label.sample);
        if (shape === 'token' || shape === 'command') expect(text).toContain(label.sample);
        else expect(text).toBe(label.sample);
      }
      const planted = (origin: string) => new Set(c.labels.filter((l) => l.origin === origin).map((l) => `${l.rule}\n${l.sample}`));
      expect(planted('true-positive-sample')).toEqual(new Set(rules.flatMap((r) => r.samples.truePositives.map((s) => `${r.id}\n${s}`))));
      expect(planted('false-positive-sample')).toEqual(new Set(rules.flatMap((r) => r.samples.falsePositives.map((s) => `${r.id}\n${s}`))));
      expect(c.labels.filter((l) => l.secret).every((l) => l.origin === 'true-positive-sample' && l.rule !== undefined)).toBe(true);
      expect(c.labels.some((l) => l.origin === 'near-miss' && !l.secret && l.rule === undefined)).toBe(true);
    }
  });

  it('never plants two samples on the same line', () => {
    const c = corpus('labels', 400_000);
    const taken = new Set<string>();
    for (const label of c.labels) {
      for (let line = label.line; line <= label.endLine; line++) {
        const key = `${label.file}:${line}`;
        expect(taken.has(key), key).toBe(false);
        taken.add(key);
      }
    }
  });

  it('plants about one secret per bytesPerSecret, and every true-positive sample at least once', () => {
    const c = corpus('density', 1_500_000, shapedRules, 50_000);
    expect(c.labels.filter((l) => l.secret)).toHaveLength(30);
    const few = corpus('density', 100_000, shapedRules, 50_000);
    expect(few.labels.filter((l) => l.secret)).toHaveLength(shapedRules.reduce((n, r) => n + r.samples.truePositives.length, 0));
  });
});

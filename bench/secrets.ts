/**
 * Evident's secret scanner against secretlint (in process, recommended preset), on one generated
 * corpus of about 20 MB: throughput of each, and accuracy on the secrets and near-misses planted
 * in it. The corpus is built from whatever rules `secretRules` holds when the bench runs.
 */
import { lintSource } from '@secretlint/core';
import { creator } from '@secretlint/secretlint-rule-preset-recommend';
import { fingerprinter } from '../engine/secrets/fingerprint.ts';
import type { SecretRule } from '../engine/secrets/rule.ts';
import { secretRules } from '../engine/secrets/rules/index.ts';
import { createScanner } from '../engine/secrets/scanner.ts';
import { generateCorpus, type CorpusFile, type PlantedLabel } from './corpus/generate.ts';

const SEED = 'evident-secrets-bench';
const CORPUS_BYTES = 20_000_000;
const ROUNDS = 3;

/** A finding reduced to what accuracy compares: where, and which rule. */
interface Hit {
  file: string;
  line: number;
  rule: string;
}

type Pass = (files: readonly CorpusFile[]) => Promise<Hit[]>;

function evidentPass(rules: readonly SecretRule[]): Pass {
  // createScanner compiles the rules once (and caches them); each file is then one scanText call.
  const scanner = createScanner({ fingerprint: fingerprinter('evident-bench'), rules });
  return async (files) => {
    const hits: Hit[] = [];
    for (const file of files) for (const f of scanner.scanText(file.content, file.path)) hits.push({ file: f.file, line: f.line, rule: f.rule });
    return hits;
  };
}

function secretlintPass(): Pass {
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] };
  return async (files) => {
    const hits: Hit[] = [];
    for (const file of files) {
      const result = await lintSource({ source: { filePath: file.path, content: file.content, contentType: 'text' }, options: { config } });
      // loc.start.line counts from 1, like Evident's findings.
      for (const m of result.messages) hits.push({ file: file.path, line: m.loc.start.line, rule: m.ruleId });
    }
    return hits;
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A warm-up pass (whose findings accuracy uses), then ROUNDS timed passes; the median's milliseconds. */
async function measure(pass: Pass, files: readonly CorpusFile[]): Promise<{ hits: Hit[]; ms: number }> {
  const hits = await pass(files);
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await pass(files);
    times.push(performance.now() - started);
  }
  return { hits, ms: median(times) };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  /** False positives by where they fell: on a planted negative (by origin) or on the generated background. */
  fpWhere: Record<string, number>;
  /** False positives by the rule that reported them. */
  fpByRule: Record<string, number>;
  /** False positives on planted false-positive samples, by the rule the sample belongs to. */
  fpOnSamplesOf: Record<string, number>;
  /** Planted secrets found, by the rule whose sample each is. */
  found: Map<string, { planted: number; found: number; byOwnRule: number }>;
}

function count(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

/** A planted secret counts as found when any finding falls on its lines; any finding elsewhere is a false positive. */
function score(hits: readonly Hit[], labels: readonly PlantedLabel[]): Score {
  const byFile = new Map<string, PlantedLabel[]>();
  for (const label of labels) byFile.set(label.file, [...(byFile.get(label.file) ?? []), label]);
  const foundBy = new Map<PlantedLabel, Set<string>>();
  const fpWhere: Record<string, number> = {};
  const fpByRule: Record<string, number> = {};
  const fpOnSamplesOf: Record<string, number> = {};
  let fp = 0;
  for (const hit of hits) {
    const label = byFile.get(hit.file)?.find((l) => hit.line >= l.line && hit.line <= l.endLine);
    if (label?.secret === true) {
      foundBy.set(label, (foundBy.get(label) ?? new Set()).add(hit.rule));
      continue;
    }
    fp += 1;
    count(fpWhere, label?.origin ?? 'background');
    count(fpByRule, hit.rule);
    if (label?.origin === 'false-positive-sample') count(fpOnSamplesOf, label.rule ?? '(none)');
  }
  const found = new Map<string, { planted: number; found: number; byOwnRule: number }>();
  let tp = 0;
  let fn = 0;
  for (const label of labels) {
    if (!label.secret) continue;
    const rule = label.rule ?? '(none)';
    const entry = found.get(rule) ?? { planted: 0, found: 0, byOwnRule: 0 };
    entry.planted += 1;
    const rules = foundBy.get(label);
    if (rules === undefined) fn += 1;
    else {
      tp += 1;
      entry.found += 1;
      if (rules.has(rule)) entry.byOwnRule += 1;
    }
    found.set(rule, entry);
  }
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : round(tp / (tp + fp), 4), recall: tp + fn === 0 ? 1 : round(tp / (tp + fn), 4), fpWhere, fpByRule, fpOnSamplesOf, found };
}

export async function benchSecrets(): Promise<Record<string, unknown>[]> {
  const generateStarted = performance.now();
  const corpus = generateCorpus({ seed: SEED, bytes: CORPUS_BYTES, rules: secretRules });
  const generateMs = performance.now() - generateStarted;
  const mb = corpus.bytes / 1e6;

  const evident = await measure(evidentPass(secretRules), corpus.files);
  // The generic rules (name-and-entropy, URL passwords) have the commonest keywords: their share of the cost, tracked.
  const specificRules = secretRules.filter((rule) => rule.generic !== true);
  const evidentSpecific = await measure(evidentPass(specificRules), corpus.files);
  const secretlint = await measure(secretlintPass(), corpus.files);
  const evidentMBps = mb / (evident.ms / 1000);
  const secretlintMBps = mb / (secretlint.ms / 1000);

  const e = score(evident.hits, corpus.labels);
  const s = score(secretlint.hits, corpus.labels);
  const summary = ({ found: _found, ...rest }: Score) => rest;
  const perRuleRecall = Object.fromEntries([...e.found].sort(([a], [b]) => a.localeCompare(b)).map(([rule, f]) => [rule, round(f.found / f.planted, 3)]));
  const secretsPlanted = corpus.labels.filter((l) => l.secret).length;

  return [
    {
      bench: 'secrets-throughput',
      corpusMB: round(mb, 1),
      files: corpus.files.length,
      bytes: corpus.bytes,
      rules: secretRules.length,
      secretsPlanted,
      evidentMBps: round(evidentMBps, 1),
      secretlintMBps: round(secretlintMBps, 1),
      ratio: round(evidentMBps / secretlintMBps, 2),
      evidentWithoutGenericRulesMBps: round(mb / (evidentSpecific.ms / 1000), 1),
      genericRules: secretRules.length - specificRules.length,
      evidentMs: round(evident.ms, 1),
      secretlintMs: round(secretlint.ms, 1),
      method: `same in-memory corpus for both, all files; 1 warm-up pass then median of ${ROUNDS} timed passes each; secretlint preset-recommend via lintSource per file`,
      generateMs: round(generateMs, 0),
      seed: SEED,
    },
    {
      bench: 'secrets-accuracy',
      corpus: 'the secrets-throughput corpus, as each tool found it in its warm-up pass',
      secretsPlanted,
      negativesPlanted: corpus.labels.length - secretsPlanted,
      evident: summary(e),
      secretlint: summary(s),
      evidentPerRuleRecall: perRuleRecall,
      evidentFoundByOtherRule: [...e.found].filter(([, f]) => f.byOwnRule < f.found).map(([rule]) => rule),
      secretlintMissesRules: [...s.found].filter(([, f]) => f.found === 0).map(([rule]) => rule).sort(),
    },
  ];
}

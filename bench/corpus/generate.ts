/**
 * A deterministic, in-memory source tree for the secret-scanner benchmark: files of many kinds
 * with realistic content, every secret rule's true-positive samples planted across it (about one
 * per `bytesPerSecret`), and every rule's false-positive samples and as many of the generator's
 * near-misses as secrets planted as labelled negatives. The same seed and rules give the same
 * corpus, byte for byte.
 */
import { Buffer } from 'node:buffer';
import type { SecretRule } from '../../engine/secrets/rule.ts';
import type { DraftFile, FileKind } from './file-builder.ts';
import { NEAR_MISSES } from './near-misses.ts';
import { HOSTS, insertionFor, ownFilePath, sampleShape, type Insertion } from './plant.ts';
import { createRandom, type Random } from './prng.ts';
import { fileSize, KINDS } from './tree.ts';

export interface CorpusFile {
  path: string;
  content: string;
}

export type PlantOrigin = 'true-positive-sample' | 'false-positive-sample' | 'near-miss';

export interface PlantedLabel {
  file: string;
  /** The sample's first line in the file, from 1. */
  line: number;
  /** Its last line (the same as `line` unless the sample is a block). */
  endLine: number;
  /** The rule whose sample this is; undefined for a near-miss. */
  rule: string | undefined;
  /** True for a planted secret, false for a labelled negative. */
  secret: boolean;
  origin: PlantOrigin;
  sample: string;
}

export interface Corpus {
  files: CorpusFile[];
  labels: PlantedLabel[];
  /** UTF-8 bytes of all files. */
  bytes: number;
}

export interface CorpusOptions {
  seed: string | number;
  /** At least this many bytes (UTF-8) of files; a little more once samples are planted. */
  bytes: number;
  rules: readonly SecretRule[];
  /** One planted secret per this many bytes on average; every true-positive sample is planted at least once. Default 50 000. */
  bytesPerSecret?: number;
}

interface Plant {
  slot: number;
  insertion: Insertion;
  sampleLines: number;
  label: Omit<PlantedLabel, 'file' | 'line' | 'endLine'>;
}

interface Sample {
  text: string;
  rule: string | undefined;
  secret: boolean;
  origin: PlantOrigin;
}

export function generateCorpus(options: CorpusOptions): Corpus {
  // Two streams: the files themselves stay the same, byte for byte, whatever the rules' samples are.
  const drafts = generateDrafts(createRandom(`${options.seed}/files`), options.bytes);
  const random = createRandom(`${options.seed}/plants`);
  const byKind = new Map<FileKind, DraftFile[]>();
  for (const draft of drafts) byKind.set(draft.kind, [...(byKind.get(draft.kind) ?? []), draft]);

  const positives: Sample[] = options.rules.flatMap((rule) => rule.samples.truePositives.map((text) => ({ text, rule: rule.id, secret: true, origin: 'true-positive-sample' as const })));
  const negatives: Sample[] = options.rules.flatMap((rule) => rule.samples.falsePositives.map((text) => ({ text, rule: rule.id, secret: false, origin: 'false-positive-sample' as const })));
  const planted = Math.max(positives.length, Math.round(options.bytes / (options.bytesPerSecret ?? 50_000)));
  const queue: Sample[] = [];
  // Round-robin over a shuffled order, so each sample is planted ⌊planted / n⌋ or one more times.
  const order = random.shuffle([...positives]);
  for (let i = 0; i < planted && order.length > 0; i++) queue.push(order[i % order.length] as Sample);
  queue.push(...negatives);
  for (let i = 0; i < planted; i++) {
    const nearMiss = NEAR_MISSES[i % NEAR_MISSES.length] as (random: Random) => string;
    queue.push({ text: nearMiss(random), rule: undefined, secret: false, origin: 'near-miss' });
  }

  const plants = new Map<DraftFile, Plant[]>();
  const ownFiles: DraftFile[] = [];
  for (const sample of queue) {
    const shape = sampleShape(sample.text);
    const label = { rule: sample.rule, secret: sample.secret, origin: sample.origin, sample: sample.text };
    const sampleLines = sample.text.split('\n').length;
    if (shape === 'block' && random.chance(0.5)) {
      const lines = sample.text.split('\n');
      const file: DraftFile = { path: ownFilePath(random, sample.text), kind: 'pem', lines: [], slots: [0] };
      ownFiles.push(file);
      plants.set(file, [{ slot: 0, insertion: { lines, offset: 0 }, sampleLines, label }]);
      continue;
    }
    const hosts = shape === 'block' ? ([['md', 1], ['sh', 1]] as const) : HOSTS[shape];
    const available = hosts.filter(([kind]) => byKind.has(kind));
    const kind = available.length > 0 ? random.weighted(available) : 'md';
    const candidates = byKind.get(kind) ?? drafts;
    const file = random.pick(candidates);
    const slot = random.pick(file.slots);
    const list = plants.get(file) ?? [];
    list.push({ slot, insertion: insertionFor(random, file.kind, sample.text, shape), sampleLines, label });
    plants.set(file, list);
  }

  const files: CorpusFile[] = [];
  const labels: PlantedLabel[] = [];
  const paths = new Set<string>();
  let bytes = 0;
  for (const draft of [...drafts, ...ownFiles]) {
    const path = uniquePath(draft.path, paths);
    const content = assemble(draft, plants.get(draft) ?? [], path, labels);
    bytes += Buffer.byteLength(content, 'utf8');
    files.push({ path, content });
  }
  return { files, labels, bytes };
}

/** Files of every kind, one of each first so even a small corpus has them all, until `bytes` is reached. */
function generateDrafts(random: Random, bytes: number): DraftFile[] {
  const drafts: DraftFile[] = [];
  let total = 0;
  const weights = KINDS.map((spec) => [spec, spec.weight] as const);
  for (let i = 0; total < bytes; i++) {
    const first = i < KINDS.length;
    const spec = first ? (KINDS[i] as (typeof KINDS)[number]) : random.weighted(weights);
    // The first file of each kind is kept small, so that a small corpus still has every kind.
    const size = Math.max(600, Math.min(fileSize(random, spec), bytes - total, first ? bytes / (2 * KINDS.length) : Infinity));
    const draft = spec.template(random, size, spec.path(random));
    drafts.push(draft);
    total += draft.lines.reduce((sum, line) => sum + Buffer.byteLength(line, 'utf8') + 1, 0);
  }
  return drafts;
}

/** The file's text with its plants inserted at their slots, and a label for each. */
function assemble(draft: DraftFile, plants: readonly Plant[], path: string, labels: PlantedLabel[]): string {
  const ordered = plants.map((plant, i) => ({ plant, i })).sort((a, b) => a.plant.slot - b.plant.slot || a.i - b.i);
  const out: string[] = [];
  let next = 0;
  for (const { plant } of ordered) {
    while (next < plant.slot) out.push(draft.lines[next++] as string);
    const line = out.length + plant.insertion.offset + 1;
    labels.push({ file: path, line, endLine: line + plant.sampleLines - 1, ...plant.label });
    out.push(...plant.insertion.lines);
  }
  while (next < draft.lines.length) out.push(draft.lines[next++] as string);
  // Joined with the final newline in one go: a flat string, as a file read from disk is, not a rope.
  out.push('');
  return out.join('\n');
}

function uniquePath(path: string, taken: Set<string>): string {
  let candidate = path;
  for (let n = 2; taken.has(candidate); n++) {
    const slash = path.lastIndexOf('/');
    const dot = path.indexOf('.', slash + 2);
    candidate = dot === -1 ? `${path}-${n}` : `${path.slice(0, dot)}-${n}${path.slice(dot)}`;
  }
  taken.add(candidate);
  return candidate;
}

/**
 * A file under construction: lines added in blocks (an import list, a function, a YAML document),
 * with the boundaries between blocks kept as the places where a secret may be planted without
 * cutting a construct in two.
 */
import type { Random } from './prng.ts';

export type FileKind =
  | 'ts'
  | 'js'
  | 'bundle'
  | 'py'
  | 'go'
  | 'java'
  | 'rb'
  | 'k8s'
  | 'workflow'
  | 'compose'
  | 'package-json'
  | 'json-config'
  | 'json-fixture'
  | 'lockfile'
  | 'env'
  | 'tf'
  | 'dockerfile'
  | 'sh'
  | 'md'
  | 'sql'
  | 'pem';

export interface DraftFile {
  path: string;
  kind: FileKind;
  lines: string[];
  /** Line indexes before which a block may be inserted (0 and `lines.length` included). */
  slots: number[];
}

export interface Builder {
  block(lines: readonly string[]): void;
  /** Lines that belong to no block of their own (blank lines, closing braces): no slot before them. */
  raw(lines: readonly string[]): void;
  readonly bytes: number;
  done(path: string, kind: FileKind): DraftFile;
}

export function createBuilder(): Builder {
  const lines: string[] = [];
  const slots: number[] = [];
  let bytes = 0;
  const add = (more: readonly string[]) => {
    for (const line of more) {
      lines.push(line);
      bytes += line.length + 1;
    }
  };
  return {
    block(more) {
      if (slots[slots.length - 1] !== lines.length) slots.push(lines.length);
      add(more);
    },
    raw: add,
    get bytes() {
      return bytes;
    },
    done(path, kind) {
      if (slots[slots.length - 1] !== lines.length) slots.push(lines.length);
      return { path, kind, lines, slots };
    },
  };
}

/** A template fills a builder with blocks until the file is about `targetBytes` long. */
export type Template = (random: Random, targetBytes: number, path: string) => DraftFile;

export function indent(lines: readonly string[], by: string): string[] {
  return lines.map((line) => (line === '' ? '' : `${by}${line}`));
}

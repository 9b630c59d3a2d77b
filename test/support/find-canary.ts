/**
 * Looks for planted secrets ("canaries") in whatever Evident wrote, sent or printed, so a leak test
 * cannot miss a copy because it was encoded or reflowed on the way:
 *
 * - the value as is, JSON-escaped (`\/` included), URL-encoded (either hex case), hex, and base64
 *   (standard and URL-safe) at each of the three byte alignments it can take inside a longer
 *   blob; a base64 needle is the run of characters that depends on the canary's bytes alone
 *   (https://www.rfc-editor.org/rfc/rfc4648#section-4);
 * - in text normalized of what a renderer may put inside a value: HTML tags and character
 *   references, `\uXXXX` escapes, Markdown's backslash escapes, line breaks and zero-width
 *   characters, and then percent-decoded;
 * - any FRAGMENT_LENGTH characters of it in a row, in that normalized text: a "redaction" that
 *   keeps most of a secret is a leak too (Evident shows at most 4 characters, engine/secrets/redact.ts).
 *
 * Folders are walked; a zip is opened (fflate) and its entries searched like files; a PDF is read
 * as poppler's pdftotext extracts it and through its inflated streams (pdfkit compresses them).
 * Hits never quote the canary: the context shows it as [CANARY], so a failing test does not print it.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { inflateSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { PDFTOPPM } from './system-tools.ts';

export interface Canary {
  /** What the canary stands for, e.g. `github-pat`; printed instead of the value. */
  label: string;
  value: string;
}

export interface CanaryHit {
  /** Where it was found: a file path (zip entries as `package.zip!folder/file`), or a name the caller gave. */
  where: string;
  canary: string;
  /** How it was found: `raw`, `base64+1`, `url-encoded`, `fragment 12`, … prefixed by the view (`normalized:`). */
  form: string;
  /** Up to 40 characters either side, with every canary form replaced by [CANARY]. */
  context: string;
}

/** Characters of a canary that, found together, count as a leak. Random parts make a chance match negligible. */
export const FRAGMENT_LENGTH = 12;

interface Needle {
  form: string;
  text: string;
}

/** The encoded forms a copy of `value` could take in text. */
export function canaryForms(value: string): Needle[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms: Needle[] = [
    { form: 'raw', text: value },
    { form: 'json-escaped', text: JSON.stringify(value).slice(1, -1) },
    { form: 'json-escaped-slash', text: JSON.stringify(value).slice(1, -1).replaceAll('/', '\\/') },
    { form: 'url-encoded', text: encodeURIComponent(value) },
    { form: 'url-encoded-lower', text: encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()) },
    { form: 'hex', text: bytes.toString('hex') },
    { form: 'hex-upper', text: bytes.toString('hex').toUpperCase() },
  ];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Characters whose 6 bits all come from the canary: from the first one past the filler bytes
    // to the last one before the end of the canary's bits.
    const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    forms.push({ form: `base64+${offset}`, text: core }, { form: `base64url+${offset}`, text: core.replaceAll('+', '-').replaceAll('/', '_') });
  }
  // Forms equal to another (a value with nothing to escape) are searched once.
  return forms.filter((needle, i) => forms.findIndex((other) => other.text === needle.text) === i);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", sol: '/', plus: '+', equals: '=', lowbar: '_', nbsp: ' ' };

/** The text as a reader would see it, with what renderers insert into a value taken out. */
export function normalizeText(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/<[^<>]*>/g, '')
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
    .replace(/&([a-z]+);/gi, (entity, name: string) => NAMED_ENTITIES[name.toLowerCase()] ?? entity)
    .replace(/[\\\s\u00AD\u200B-\u200D\u2060\uFEFF]/gu, '');
}

function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Every place a canary shows in this text, in any form; empty when none. */
export function findCanaries(text: string, where: string, canaries: readonly Canary[]): CanaryHit[] {
  const hits: CanaryHit[] = [];
  const normalized = normalizeText(text);
  const views: [string, string][] = [
    ['', text],
    ['normalized:', normalized],
    ['percent-decoded:', percentDecode(normalized)],
  ];
  for (const canary of canaries) {
    const forms = canaryForms(canary.value);
    const hide = (snippet: string) => forms.reduce((s, needle) => s.replaceAll(needle.text, '[CANARY]'), snippet);
    const found = (view: string, form: string, haystack: string, index: number, length: number) => {
      const context = hide(haystack.slice(Math.max(0, index - 40), index + length + 40));
      hits.push({ where, canary: canary.label, form: `${view}${form}`, context });
    };
    for (const [view, haystack] of views) {
      for (const needle of forms) {
        const index = haystack.indexOf(needle.text);
        if (index >= 0) found(view, needle.form, haystack, index, needle.text.length);
      }
    }
    // A partial copy: only when no whole one was found, so one leak is reported once.
    if (hits.every((hit) => hit.canary !== canary.label)) {
      for (const [view, haystack] of views.slice(1)) {
        for (let start = 0; start + FRAGMENT_LENGTH <= canary.value.length; start += 1) {
          const fragment = canary.value.slice(start, start + FRAGMENT_LENGTH);
          const index = haystack.indexOf(fragment);
          if (index >= 0) {
            found(view, `fragment ${start}..${start + FRAGMENT_LENGTH}`, haystack, index, FRAGMENT_LENGTH);
            break;
          }
        }
      }
    }
  }
  return hits;
}

export interface TreeScan {
  hits: CanaryHit[];
  /** Every file, zip entry and PDF read, relative to the folder: proof of what was searched. */
  searched: string[];
}

/** Searches every file under `dir`, inside zips and PDFs too. */
export async function findCanariesInTree(dir: string, canaries: readonly Canary[]): Promise<TreeScan> {
  const scan: TreeScan = { hits: [], searched: [] };
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  for (const file of files) {
    const path = join(file.parentPath, file.name);
    await searchBytes(relative(dir, path), new Uint8Array(await readFile(path)), canaries, scan);
  }
  return scan;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((byte, i) => bytes[i] === byte);

async function searchBytes(where: string, bytes: Uint8Array, canaries: readonly Canary[], scan: TreeScan): Promise<void> {
  scan.searched.push(where);
  const text = Buffer.from(bytes).toString('utf8');
  // Decoded as UTF-8: an ASCII canary keeps its bytes even between invalid sequences.
  scan.hits.push(...findCanaries(text, where, canaries));
  if (startsWith(bytes, ZIP_MAGIC)) {
    for (const [name, entry] of Object.entries(unzipSync(bytes))) await searchBytes(`${where}!${name}`, entry, canaries, scan);
  } else if (text.startsWith('%PDF-')) {
    scan.hits.push(...findCanaries(await pdfText(bytes), `${where} (pdftotext)`, canaries));
    for (const [i, stream] of inflatedStreams(bytes).entries()) scan.hits.push(...findCanaries(stream, `${where} (stream ${i})`, canaries));
  }
}

/** The PDF's text as poppler extracts it. */
function pdfText(bytes: Uint8Array): Promise<string> {
  const pdftotext = PDFTOPPM.replace(/pdftoppm$/, 'pdftotext');
  return new Promise((resolve, reject) => {
    const child = execFile(pdftotext, ['-raw', '-', '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 30_000 }, (error, stdout) =>
      error ? reject(new Error(`pdftotext failed: ${error.message}`)) : resolve(stdout),
    );
    child.stdin?.end(Buffer.from(bytes));
  });
}

/** Every `stream … endstream` body that inflates (FlateDecode), as latin1 text. */
function inflatedStreams(bytes: Uint8Array): string[] {
  const raw = Buffer.from(bytes);
  const streams: string[] = [];
  for (let at = raw.indexOf('stream'); at >= 0; at = raw.indexOf('stream', at + 6)) {
    if (raw.subarray(Math.max(0, at - 3), at).toString('latin1') === 'end') continue;
    const start = at + 6 + (raw[at + 6] === 0x0d ? 2 : 1);
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    try {
      streams.push(inflateSync(raw.subarray(start, end)).toString('latin1'));
    } catch {
      // Not Flate-compressed (or an image): its raw bytes were searched with the file.
    }
    at = end;
  }
  return streams;
}

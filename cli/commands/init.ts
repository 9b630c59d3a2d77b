/**
 * `evident init DIR`: writes the compliance-as-code repository (template/) into DIR, with
 * compliance.schema.json next to compliance.yml for the editor, and prints the next steps.
 * Existing files are never overwritten without --force, and are named.
 */
import { existsSync } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigurationError } from '../../engine/errors.ts';
import { invocation } from '../invocation.ts';

/**
 * The package root, where template/ and compliance.schema.json ship: two folders up from this file
 * in the sources (cli/commands/init.ts), three from the compiled command (dist/cli/commands/init.js).
 */
export function packageRoot(moduleUrl: string = import.meta.url): URL {
  return new URL(/\/dist\/cli\/commands\/[^/]+$/.test(new URL(moduleUrl).pathname) ? '../../../' : '../../', moduleUrl);
}

export interface InitFile {
  /** Absolute path of the file to copy. */
  from: string;
  /** Path relative to DIR, with "/" separators. */
  to: string;
}

/** Every file init writes: the template's files, and the JSON Schema beside compliance.yml. */
export async function initFiles(root: URL = packageRoot()): Promise<InitFile[]> {
  const template = fileURLToPath(new URL('template/', root));
  const schema = fileURLToPath(new URL('compliance.schema.json', root));
  if (!existsSync(join(template, 'compliance.yml')) || !existsSync(schema)) {
    throw new Error(`Evident's template is missing: expected ${template} and ${schema} (the package's "files" must include template/ and compliance.schema.json)`);
  }
  const entries = await readdir(template, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const from = join(entry.parentPath, entry.name);
      return { from, to: relative(template, from).split(sep).join('/') };
    });
  files.push({ from: schema, to: 'compliance.schema.json' });
  return files.sort((a, b) => a.to.localeCompare(b.to));
}

export async function initCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { force: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) {
    throw new ConfigurationError(`pass one folder to create the compliance repository in, such as \`${invocation()} init compliance\``);
  }
  const target = resolve(positionals[0] as string);
  const existing = await stat(target).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) throw new ConfigurationError(`${positionals[0]} exists and is not a folder; pass a new or existing folder`);

  const files = await initFiles();
  const present: string[] = [];
  for (const file of files) {
    const found = await lstat(join(target, file.to)).catch(() => undefined);
    if (found?.isDirectory()) throw new ConfigurationError(`${join(positionals[0] as string, file.to)} is a folder where Evident writes a file; nothing was written`);
    if (found !== undefined) present.push(file.to);
  }
  if (present.length > 0 && !values.force) {
    throw new ConfigurationError(`${positionals[0]} already has ${present.join(', ')}; nothing was written. Move them away, or pass --force to overwrite them`);
  }
  for (const file of files) {
    const to = join(target, file.to);
    try {
      await mkdir(dirname(to), { recursive: true });
      // Replace, never write through: an existing symbolic link or read-only file is removed first.
      if (present.includes(file.to)) await rm(to, { force: true });
      await copyFile(file.from, to);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ConfigurationError(`cannot write ${to} (${code}); the files before it in this list were written: ${files.slice(0, files.indexOf(file)).map((f) => f.to).join(', ') || 'none'}`);
    }
  }

  const shown = relative(process.cwd(), target) || '.';
  const at = (path: string) => join(shown, path);
  const overwritten = present.length > 0 ? ` (${present.length} overwritten: ${present.join(', ')})` : '';
  const out = [
    `Created the compliance repository in ${shown}: ${files.length} files${overwritten}.`,
    ...files.map((file) => `  ${file.to}`),
    '',
    `Next steps (${at('README.md')} explains each, in this order):`,
    `  1. Edit ${at('compliance.yml')}: replace the placeholders (acme, https://acme.okta.com, the AWS regions), remove the sources you do not use, tune the controls; then check it:`,
    `       ${invocation()} validate --config ${at('compliance.yml')}`,
    `  2. In ${at('.github/actions/setup-evident/action.yml')}, replace <owner>/evident with the Evident repository and pin its ref; in ${at('.github/CODEOWNERS')}, replace @acme/security.`,
    '  3. Push the folder to a new private repository in your organization (compliance), install the Evident GitHub App on it and on the repositories to check, and require the check "Evident / change management".',
    '  4. Create the read-only AWS role (OIDC) and the read-only Okta token; add the secrets and variables the README lists.',
    '  5. Run the "Evident monitor" workflow once by hand (Actions > Evident monitor > Run workflow).',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

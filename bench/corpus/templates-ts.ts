/**
 * TypeScript and JavaScript modules and tests: imports, types, functions, config read from the
 * environment; and minified bundles (`dist/index.js`), which repositories commit too.
 */
import { createBuilder, indent, type DraftFile, type Template } from './file-builder.ts';
import type { Random } from './prng.ts';
import { gitSha, integrity, isoTimestamp, pngDataUri, semver, url, uuid } from './values.ts';
import { camel, NOUNS, NPM_PACKAGES, nounPhrase, pascal, sentence, upperSnake, verbPhrase } from './vocabulary.ts';

function imports(random: Random, commonJs: boolean): string[] {
  const lines: string[] = [];
  for (let i = random.int(2, 7); i > 0; i--) {
    const pkg = random.chance(0.5) ? random.pick(NPM_PACKAGES) : `../${random.pick(NOUNS)}/${random.pick(NOUNS)}${commonJs ? '.js' : '.ts'}`;
    const names = Array.from({ length: random.int(1, 3) }, () => camel(verbPhrase(random)));
    lines.push(commonJs ? `const { ${names.join(', ')} } = require('${pkg}');` : `import { ${names.join(', ')} } from '${pkg}';`);
  }
  if (!commonJs && random.chance(0.6)) lines.push(`import type { ${pascal(nounPhrase(random))} } from '../model.ts';`);
  return [...new Set(lines)];
}

function docComment(random: Random, prefix = ''): string[] {
  const lines = [`${prefix}/**`, `${prefix} * ${sentence(random)}`];
  if (random.chance(0.4)) lines.push(`${prefix} * ${sentence(random)}`);
  if (random.chance(0.3)) lines.push(`${prefix} * @see ${url(random)}`);
  lines.push(`${prefix} */`);
  return lines;
}

function typeDeclaration(random: Random): string[] {
  const name = pascal(nounPhrase(random));
  const fields = Array.from({ length: random.int(3, 9) }, () => {
    const field = camel(nounPhrase(random));
    const type = random.pick(['string', 'number', 'boolean', 'Date', 'string[]', `${pascal([random.pick(NOUNS)])} | undefined`, 'Record<string, string>']);
    return random.chance(0.4) ? [`  /** ${sentence(random, 4, 9)} */`, `  ${field}${random.chance(0.3) ? '?' : ''}: ${type};`] : [`  ${field}: ${type};`];
  });
  return [...docComment(random), `export interface ${name} {`, ...fields.flat(), '}'];
}

/** Names that sound secret, read from the environment or a config service: what most code does. */
function configFromEnv(random: Random): string[] {
  const entries = Array.from({ length: random.int(3, 7) }, () => {
    const field = random.pick(['apiKey', 'token', 'secret', 'password', 'clientSecret', 'webhookSecret', 'signingKey', 'baseUrl', 'region', 'timeoutMs', 'accessToken', 'privateKeyPath']);
    const env = upperSnake([random.pick(['stripe', 'github', 'slack', 'db', 'smtp', 'sentry', 'okta', 'app']), ...field.split(/(?=[A-Z])/).map((w) => w.toLowerCase())]);
    return random.pick([
      `  ${field}: process.env.${env} ?? '',`,
      `  ${field}: requireEnv('${env}'),`,
      `  ${field}: config.get<string>('${camel([random.pick(NOUNS), field])}'),`,
      `  ${field}: await secrets.get('${random.pick(NOUNS)}/${field}'),`,
      `  ${field}: process.env['${env}'],`,
    ]);
  });
  return [`export const ${camel([random.pick(NOUNS), 'config'])} = {`, ...new Set(entries), '};'];
}

function functionBody(random: Random): string[] {
  const lines: string[] = [];
  const item = camel(nounPhrase(random));
  for (let i = random.int(1, 4); i > 0; i--) {
    lines.push(
      ...random.pick([
        [`const ${item} = await ${camel(verbPhrase(random))}(${camel(nounPhrase(random))});`],
        [`if (${item} === undefined) {`, `  throw new Error(\`${random.pick(NOUNS)} \${id} not found\`);`, '}'],
        [`for (const entry of ${camel(nounPhrase(random))}) {`, `  if (!entry.${random.pick(['enabled', 'active', 'visible'])}) continue;`, `  ${camel(verbPhrase(random))}(entry);`, '}'],
        [`logger.${random.pick(['info', 'debug', 'warn'])}({ ${camel(nounPhrase(random))} }, '${sentence(random, 3, 7).toLowerCase()}');`],
        [`const response = await fetch(\`${url(random)}\`, { headers: { accept: 'application/json' } });`, 'if (!response.ok) throw new Error(`request failed: ${response.status}`);'],
        [`// ${sentence(random)}`],
        [`const ${camel([random.pick(NOUNS), 'ids'])} = ${item}.map((x) => x.id).filter(Boolean);`],
      ]),
    );
  }
  lines.push(`return ${random.pick([item, `{ ${item}, count: ${random.int(0, 100)} }`, 'undefined', `${item}.length > 0`])};`);
  return lines;
}

function functionDeclaration(random: Random, typed: boolean): string[] {
  const name = camel(verbPhrase(random));
  const params = Array.from({ length: random.int(0, 3) }, () => camel(nounPhrase(random)) + (typed ? `: ${random.pick(['string', 'number', 'Options', 'readonly string[]'])}` : ''));
  const head = `export ${random.chance(0.5) ? 'async ' : ''}function ${name}(${[...new Set(params)].join(', ')})${typed ? `: ${random.pick(['Promise<void>', 'unknown', 'boolean', 'string | undefined'])}` : ''} {`;
  return [...(random.chance(0.6) ? docComment(random) : []), head, ...indent(functionBody(random), '  '), '}'];
}

function classDeclaration(random: Random, typed: boolean): string[] {
  const name = pascal(nounPhrase(random).concat(random.pick(['Service', 'Client', 'Store', 'Repository', 'Handler'])));
  const methods = Array.from({ length: random.int(1, 4) }, () => [
    '',
    `  ${random.chance(0.5) ? 'async ' : ''}${camel(verbPhrase(random))}(${typed ? 'id: string' : 'id'}) {`,
    ...indent(functionBody(random), '    '),
    '  }',
  ]).flat();
  return [
    ...docComment(random),
    `export class ${name} {`,
    `  ${typed ? 'private readonly ' : ''}${camel(nounPhrase(random))} = new Map${typed ? '<string, number>' : ''}();`,
    ...methods,
    '}',
  ];
}

function constants(random: Random): string[] {
  return random.pick([
    [`export const ${upperSnake([random.pick(NOUNS), 'commit'])} = '${gitSha(random)}';`],
    [`const ${upperSnake([random.pick(NOUNS), 'icon'])} = '${pngDataUri(random, random.int(120, 600))}';`],
    [`export const ${upperSnake(['default', random.pick(NOUNS), 'id'])} = '${uuid(random)}';`],
    [`export const ${upperSnake([random.pick(NOUNS), 'version'])} = '${semver(random)}';`],
    [`export const ${upperSnake([random.pick(NOUNS), 'url'])} = '${url(random)}';`],
    [`const ${upperSnake(['release', 'integrity'])} = '${integrity(random)}';`],
    [`const ${upperSnake([random.pick(NOUNS), 'pattern'])} = /^[a-z0-9][a-z0-9-]{2,62}$/;`],
    [`export const ${upperSnake(['retry', 'delays'])} = [${Array.from({ length: 5 }, () => random.int(100, 5000)).join(', ')}] as const;`],
  ]);
}

function testFile(random: Random, targetBytes: number, path: string, commonJs: boolean): DraftFile {
  const b = createBuilder();
  b.block(commonJs ? ["const { describe, expect, it } = require('vitest');"] : ["import { describe, expect, it } from 'vitest';", ...imports(random, false)]);
  b.block([
    'const fixture = {',
    `  id: '${uuid(random)}',`,
    `  createdAt: '${isoTimestamp(random)}',`,
    `  headSha: '${gitSha(random)}',`,
    `  ${random.pick(['password', 'token', 'apiKey'])}: '${random.pick(['hunter2', 'test-token', 'not-a-real-secret', 'password123', 'fixture-value'])}',`,
    `  owner: '${random.pick(NOUNS)}',`,
    '};',
  ]);
  b.raw(['', `describe('${camel(verbPhrase(random))}', () => {`]);
  while (b.bytes < targetBytes) {
    const fn = camel(verbPhrase(random));
    b.block([
      `  it('${sentence(random, 4, 9).toLowerCase().replace(/\.$/, '')}', ${random.chance(0.5) ? 'async ' : ''}() => {`,
      `    const result = ${fn}({ ...fixture, ${camel(nounPhrase(random))}: ${random.int(0, 999)} });`,
      `    expect(result.${camel(nounPhrase(random))}).toEqual(${random.pick(["'" + uuid(random) + "'", String(random.int(0, 50)), 'true', '[]', "fixture.id"])});`,
      '  });',
      '',
    ]);
  }
  b.raw(['});']);
  return b.done(path, commonJs ? 'js' : 'ts');
}

function moduleFile(random: Random, targetBytes: number, path: string, commonJs: boolean): DraftFile {
  if (/\.test\.|\.spec\./.test(path)) return testFile(random, targetBytes, path, commonJs);
  const b = createBuilder();
  if (random.chance(0.7)) b.block([`/** ${sentence(random)} */`]);
  b.block(imports(random, commonJs));
  b.raw(['']);
  while (b.bytes < targetBytes) {
    const block = random.weighted<() => string[]>([
      [() => (commonJs ? functionDeclaration(random, false) : typeDeclaration(random)), 2],
      [() => functionDeclaration(random, !commonJs), 5],
      [() => classDeclaration(random, !commonJs), 2],
      [() => configFromEnv(random), 1],
      [() => constants(random), 2],
    ])();
    b.block(commonJs ? block.map((line) => line.replace(/^export (const|function|async function|class) /, '$1 ')) : block);
    b.raw(['']);
  }
  if (commonJs) b.block([`module.exports = { ${camel(verbPhrase(random))} };`]);
  return b.done(path, commonJs ? 'js' : 'ts');
}

export const typescriptFile: Template = (random, targetBytes, path) => moduleFile(random, targetBytes, path, false);
export const javascriptFile: Template = (random, targetBytes, path) => moduleFile(random, targetBytes, path, true);

/** A minified bundle: JavaScript with comments and indentation gone, joined into lines of 500 B to 32 KB. */
export const bundleFile: Template = (random, targetBytes, path) => {
  const source = moduleFile(random, targetBytes, path, true);
  const statements = source.lines.map((line) => line.trim()).filter((line) => line !== '' && !/^(?:\/\/|\/\*|\*)/.test(line));
  const lineLength = random.pick([500, 2_000, 8_000, 32_000]);
  const b = createBuilder();
  b.block(['/*! For license information please see index.js.LICENSE.txt */']);
  let line = '';
  for (const statement of statements) {
    line += statement;
    if (line.length >= lineLength) {
      b.block([line]);
      line = '';
    }
  }
  if (line !== '') b.block([line]);
  return b.done(path, 'bundle');
};

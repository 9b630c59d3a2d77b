/** JSON: package.json, tool configs, API fixtures, and package-lock files full of integrity strings. */
import { createBuilder, type Template } from './file-builder.ts';
import { base64Of, email, gitSha, integrity, isoTimestamp, pngDataUri, semver, sha256Hex, url, uuid } from './values.ts';
import { camel, kebab, NOUNS, NPM_PACKAGES, nounPhrase, sentence } from './vocabulary.ts';

export const packageJsonFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  const deps = (count: number) => [...new Set(Array.from({ length: count }, () => random.pick(NPM_PACKAGES)))].map((name) => `    "${name}": "^${semver(random)}"`);
  b.block(['{', `  "name": "@acme/${kebab([random.pick(NOUNS), random.pick(NOUNS)])}",`, `  "version": "${semver(random)}",`, `  "description": "${sentence(random)}",`, '  "type": "module",', '  "license": "UNLICENSED",']);
  b.block(['  "scripts": {', '    "build": "tsc -p tsconfig.build.json",', '    "test": "vitest run",', '    "lint": "eslint .",', `    "start": "node dist/${random.pick(NOUNS)}.js"`, '  },']);
  b.block(['  "dependencies": {', ...deps(random.int(3, 12)).join(',\n').split('\n'), '  },']);
  while (b.bytes < targetBytes - 200) {
    b.block([`  "${camel(nounPhrase(random))}": { "${random.pick(NOUNS)}": "${random.pick([url(random), semver(random), uuid(random)])}", "enabled": ${random.pick(['true', 'false'])} },`]);
  }
  b.block(['  "devDependencies": {', ...deps(random.int(2, 8)).join(',\n').split('\n'), '  }']);
  b.raw(['}']);
  return b.done(path, 'package-json');
};

export const jsonConfigFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  b.raw(['{']);
  b.block([`  "$schema": "${url(random)}.json",`, `  "environment": "${random.pick(['production', 'staging', 'development'])}",`]);
  while (b.bytes < targetBytes - 100) {
    const section = camel(nounPhrase(random));
    b.block([
      `  "${section}": {`,
      `    "endpoint": "${url(random)}",`,
      `    "timeoutMs": ${random.int(100, 30000)},`,
      `    "apiKeyEnv": "${section.toUpperCase()}_API_KEY",`,
      `    "passwordFile": "/run/secrets/${kebab([random.pick(NOUNS), 'password'])}",`,
      `    "tokenRef": "vault:secret/data/${random.pick(NOUNS)}#token",`,
      `    "checksum": "${sha256Hex(random)}",`,
      `    "ids": ["${uuid(random)}", "${uuid(random)}"]`,
      '  },',
    ]);
  }
  b.block(['  "version": 1']);
  b.raw(['}']);
  return b.done(path, 'json-config');
};

export const jsonFixtureFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  b.raw(['[']);
  while (b.bytes < targetBytes) {
    b.block([
      '  {',
      `    "id": "${uuid(random)}",`,
      `    "email": "${email(random)}",`,
      `    "createdAt": "${isoTimestamp(random)}",`,
      `    "commit": "${gitSha(random)}",`,
      `    "${random.pick(['avatar', 'thumbnail', 'logo'])}": "${pngDataUri(random, random.int(80, 400))}",`,
      `    "payload": "${base64Of(random, random.int(24, 96))}",`,
      `    "etag": "W/\\"${random.int(1000, 99999)}-${sha256Hex(random).slice(0, 27)}\\"",`,
      `    "${random.pick(['note', 'description', 'title'])}": "${sentence(random)}"`,
      '  },',
    ]);
  }
  b.block(['  {}']);
  b.raw([']']);
  return b.done(path, 'json-fixture');
};

export const lockfileFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  b.block(['{', `  "name": "${random.pick(NOUNS)}",`, `  "version": "${semver(random)}",`, '  "lockfileVersion": 3,', '  "requires": true,', '  "packages": {']);
  while (b.bytes < targetBytes) {
    const name = random.chance(0.3) ? `@${random.pick(NOUNS)}/${kebab([random.pick(NOUNS), random.pick(NOUNS)])}` : kebab([random.pick(NOUNS), random.pick(NOUNS)]);
    const version = semver(random);
    b.block([
      `    "node_modules/${name}": {`,
      `      "version": "${version}",`,
      `      "resolved": "https://registry.npmjs.org/${name}/-/${name.split('/').at(-1)}-${version}.tgz",`,
      `      "integrity": "${integrity(random)}",`,
      ...(random.chance(0.3) ? ['      "dev": true,'] : []),
      `      "license": "${random.pick(['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause'])}"`,
      '    },',
    ]);
  }
  b.raw(['    "": {}', '  }', '}']);
  return b.done(path, 'lockfile');
};

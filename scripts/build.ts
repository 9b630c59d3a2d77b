/**
 * `npm run build`: generates compliance.schema.json from the zod schema and compiles engine/ and
 * cli/ to dist/ for the installed `evident` command. CI checks that the committed generated files
 * match a fresh build.
 */
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { complianceJsonSchema } from './compliance-json-schema.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

await writeFile(`${root}compliance.schema.json`, `${JSON.stringify(complianceJsonSchema(), null, 2)}\n`);

await rm(`${root}dist`, { recursive: true, force: true });
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
await chmod(`${root}dist/cli/evident.js`, 0o755);

// The Action runs one committed file, with every dependency inside (GitHub does not install any).
await build({
  entryPoints: [`${root}action/src/index.ts`],
  outfile: `${root}action/dist/index.js`,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require(); ESM output needs one made for it.
  banner: { js: "import { createRequire as __evidentCreateRequire } from 'node:module';\nconst require = __evidentCreateRequire(import.meta.url);" },
});
process.stdout.write('built compliance.schema.json, dist/ and action/dist/index.js\n');

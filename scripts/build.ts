/**
 * `npm run build`: generates compliance.schema.json from the zod schema and compiles engine/ and
 * cli/ to dist/ for the installed `evident` command. CI checks that the committed generated files
 * match a fresh build.
 */
import { execFileSync } from 'node:child_process';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { complianceJsonSchema } from './compliance-json-schema.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

await writeFile(`${root}compliance.schema.json`, `${JSON.stringify(complianceJsonSchema(), null, 2)}\n`);

await rm(`${root}dist`, { recursive: true, force: true });
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
await chmod(`${root}dist/cli/evident.js`, 0o755);
process.stdout.write('built compliance.schema.json and dist/\n');

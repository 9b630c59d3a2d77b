/** Which files a repository holds: their kinds, how often each occurs, where they live and how big they are. */
import type { FileKind, Template } from './file-builder.ts';
import type { Random } from './prng.ts';
import { dockerfileFile, envFile, pemFile, shellFile, terraformFile } from './templates-infra.ts';
import { markdownFile, sqlFile } from './templates-docs.ts';
import { goFile, javaFile } from './templates-go-java.ts';
import { jsonConfigFile, jsonFixtureFile, lockfileFile, packageJsonFile } from './templates-json.ts';
import { pythonFile, rubyFile } from './templates-py-rb.ts';
import { bundleFile, javascriptFile, typescriptFile } from './templates-ts.ts';
import { composeFile, kubernetesFile, workflowFile } from './templates-yaml.ts';
import { kebab, NOUNS, pascal, SERVICES, snake, verbPhrase } from './vocabulary.ts';

interface KindSpec {
  kind: FileKind;
  /** Share of files (not bytes) of this kind. */
  weight: number;
  template: Template;
  path: (random: Random) => string;
  /** Whether the kind has the occasional large file (generated code, dumps, long docs). */
  large: boolean;
}

const pkg = (random: Random) => kebab([random.pick(NOUNS), random.pick(['core', 'api', 'sdk', 'web', 'cli', 'utils'])]);
const svc = (random: Random) => random.pick(SERVICES);

export const KINDS: readonly KindSpec[] = [
  { kind: 'ts', weight: 24, template: typescriptFile, large: true, path: (r) => (r.chance(0.2) ? `packages/${pkg(r)}/test/${kebab(verbPhrase(r))}.test.ts` : `packages/${pkg(r)}/src/${r.pick(NOUNS)}/${kebab(verbPhrase(r))}.ts`) },
  { kind: 'js', weight: 6, template: javascriptFile, large: true, path: (r) => (r.chance(0.15) ? `web/test/${kebab(verbPhrase(r))}.spec.js` : `web/src/${r.pick(NOUNS)}/${kebab(verbPhrase(r))}.js`) },
  { kind: 'bundle', weight: 0.1, template: bundleFile, large: true, path: (r) => r.pick(['action/dist/index.js', `web/dist/assets/index-${r.chars('0123456789abcdef', 8)}.js`, `vendor/${pkg(r)}.min.js`]) },
  { kind: 'py', weight: 12, template: pythonFile, large: true, path: (r) => { const s = svc(r); return r.chance(0.2) ? `services/${s}/tests/test_${snake(verbPhrase(r))}.py` : `services/${s}/${s}/${snake(verbPhrase(r))}.py`; } },
  { kind: 'go', weight: 8, template: goFile, large: true, path: (r) => (r.chance(0.15) ? `cmd/${svc(r)}/main.go` : `internal/${r.pick(NOUNS)}/${snake(verbPhrase(r))}${r.chance(0.2) ? '_test' : ''}.go`) },
  { kind: 'java', weight: 6, template: javaFile, large: false, path: (r) => { const s = svc(r); return `services/${s}/src/main/java/com/acme/${s}/${pascal(verbPhrase(r))}.java`; } },
  { kind: 'rb', weight: 4, template: rubyFile, large: false, path: (r) => (r.chance(0.25) ? `spec/models/${snake([r.pick(NOUNS)])}_spec.rb` : `app/${r.pick(['models', 'services', 'controllers'])}/${snake(verbPhrase(r))}.rb`) },
  { kind: 'k8s', weight: 5, template: kubernetesFile, large: false, path: (r) => `deploy/k8s/${svc(r)}/${r.pick(['deployment', 'service', 'configmap', 'cronjob', 'ingress'])}.yaml` },
  { kind: 'workflow', weight: 3, template: workflowFile, large: false, path: (r) => `.github/workflows/${kebab([r.pick(['ci', 'release', 'deploy', 'nightly']), r.pick(NOUNS)])}.yml` },
  { kind: 'compose', weight: 2, template: composeFile, large: false, path: (r) => `services/${svc(r)}/docker-compose${r.chance(0.5) ? `.${r.pick(['dev', 'test', 'ci'])}` : ''}.yml` },
  { kind: 'package-json', weight: 3, template: packageJsonFile, large: false, path: (r) => `packages/${pkg(r)}/package.json` },
  { kind: 'json-config', weight: 3, template: jsonConfigFile, large: false, path: (r) => `config/${r.pick(['production', 'staging', 'development', 'test'])}-${r.pick(NOUNS)}.json` },
  { kind: 'json-fixture', weight: 3, template: jsonFixtureFile, large: true, path: (r) => `test/fixtures/${r.pick(NOUNS)}/${kebab(verbPhrase(r))}.json` },
  { kind: 'lockfile', weight: 0.25, template: lockfileFile, large: true, path: (r) => `packages/${pkg(r)}/package-lock.json` },
  { kind: 'env', weight: 2, template: envFile, large: false, path: (r) => `${r.pick([`services/${svc(r)}`, `apps/${svc(r)}`, `packages/${pkg(r)}`])}/.env.${r.pick(['example', 'test', 'development', 'ci', 'local.example'])}` },
  { kind: 'tf', weight: 4, template: terraformFile, large: false, path: (r) => `infra/terraform/${r.pick(NOUNS)}/${r.pick(['main', 'variables', 'iam', 'storage', 'network'])}.tf` },
  { kind: 'dockerfile', weight: 2, template: dockerfileFile, large: false, path: (r) => r.pick([`services/${svc(r)}/Dockerfile`, `services/${svc(r)}/Dockerfile.${r.pick(['dev', 'ci', 'worker'])}`, `images/${r.pick(NOUNS)}/Dockerfile`]) },
  { kind: 'sh', weight: 3, template: shellFile, large: false, path: (r) => `scripts/${kebab(verbPhrase(r))}.sh` },
  { kind: 'md', weight: 5, template: markdownFile, large: true, path: (r) => (r.chance(0.3) ? `packages/${pkg(r)}/README.md` : `docs/${kebab([r.pick(NOUNS), r.pick(['guide', 'runbook', 'design', 'faq'])])}.md`) },
  { kind: 'sql', weight: 3, template: sqlFile, large: true, path: (r) => `db/migrations/2025${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}${String(r.int(0, 999999)).padStart(6, '0')}_${snake(verbPhrase(r))}.sql` },
  { kind: 'pem', weight: 1, template: pemFile, large: false, path: (r) => r.pick([`test/fixtures/tls/${r.pick(NOUNS)}-ca.pem`, `deploy/certs/${svc(r)}.crt`, `deploy/keys/${svc(r)}.pub`]) },
];

/**
 * A file's size: log-uniform between 1 and 20 KB, so most files are a few KB; a large one (50 KB
 * to 300 KB) now and then; lockfiles 100 to 600 KB, bundles 200 to 900 KB. All under the
 * scanner's 1 MiB cap.
 */
export function fileSize(random: Random, spec: KindSpec): number {
  if (spec.kind === 'lockfile') return random.int(100_000, 600_000);
  if (spec.kind === 'bundle') return random.int(200_000, 900_000);
  if (spec.large && random.chance(0.02)) return random.int(50_000, 300_000);
  return Math.round(1024 * Math.exp(random.next() * Math.log(20)));
}

/**
 * Planting a sample (a secret rule's sample, or a near-miss) into a file where it belongs: a bare
 * token becomes `const apiKey = "<token>";` in TypeScript or `API_KEY=<token>` in a .env file; an
 * `export X=…` line goes as is into a .env or shell file; a command line into a shell script (or
 * after a Dockerfile's `RUN`); a YAML-shaped line into YAML; a block (a PEM key, a service-account
 * JSON) into its own file, a heredoc or a fenced Markdown block. Anything else goes as is into a
 * fenced block of a Markdown document.
 */
import type { FileKind } from './file-builder.ts';
import type { Random } from './prng.ts';
import { camel, NOUNS, snake, upperSnake } from './vocabulary.ts';

export type SampleShape = 'block' | 'token' | 'env' | 'json' | 'yaml' | 'code' | 'go' | 'assign' | 'command' | 'other';

export function sampleShape(sample: string): SampleShape {
  if (sample.includes('\n')) return 'block';
  // `NAME=value` before bare tokens: the name is part of the sample, not to be wrapped in another (base64 padding is not a name).
  if (/^(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*=(?!=|$)/.test(sample)) return 'env';
  if (/^[^\s"'`\\]+$/.test(sample)) return 'token';
  if (/^\s*[{["]/.test(sample)) return 'json';
  if (/^(?:const|let|var|export|private|public|static|final|val)\s/.test(sample)) return 'code';
  if (/^\s*[A-Za-z_][\w.]*\s*:=/.test(sample)) return 'go';
  if (/^\s*[A-Za-z_][\w.-]*:\s/.test(sample)) return 'yaml';
  if (/^\s*[A-Za-z_$][\w.$[\]'"-]*\s*(?:=|=>)\s/.test(sample)) return 'assign';
  if (/^(?:git|curl|echo|npm|npx|yarn|pnpm|docker|kubectl|aws|gcloud|az|gh|wget|pip|helm|psql|mysql|ssh|terraform)\s/.test(sample)) return 'command';
  return 'other';
}

/** Where a sample of each shape may go, and how often each place is chosen. */
export const HOSTS: Record<Exclude<SampleShape, 'block'>, readonly (readonly [FileKind, number])[]> = {
  token: [['ts', 5], ['js', 2], ['py', 4], ['go', 3], ['java', 2], ['rb', 2], ['k8s', 1], ['compose', 1], ['env', 3], ['tf', 2], ['sh', 2], ['json-config', 2], ['md', 1], ['sql', 1], ['dockerfile', 1]],
  env: [['env', 4], ['sh', 2], ['md', 1]],
  json: [['json-config', 2], ['json-fixture', 2], ['md', 1]],
  code: [['ts', 3], ['js', 1], ['md', 1]],
  go: [['go', 3], ['md', 1]],
  yaml: [['k8s', 2], ['workflow', 1], ['compose', 2], ['md', 1]],
  assign: [['py', 3], ['rb', 2], ['tf', 2], ['md', 1]],
  command: [['sh', 3], ['md', 1], ['dockerfile', 1]],
  other: [['md', 1]],
};

/** Lines to insert, and where in them the sample's first line is. */
export interface Insertion {
  lines: string[];
  offset: number;
}

const SECRET_NAMES = ['api key', 'token', 'secret', 'auth token', 'access key', 'client secret', 'credentials', 'key', 'webhook url', 'connection string', 'value', 'password'];

function names(random: Random): { words: string[] } {
  const words = random.pick(SECRET_NAMES).split(' ');
  if (random.chance(0.5)) words.unshift(random.pick(['stripe', 'github', 'slack', 'prod', 'ci', 'deploy', 'payments', random.pick(NOUNS)]));
  return { words };
}

/** A bare token in the idiom of the host file. */
function wrapToken(random: Random, kind: FileKind, token: string): string {
  const { words } = names(random);
  switch (kind) {
    case 'ts':
    case 'js':
      return random.pick([`const ${camel(words)} = '${token}';`, `export const ${upperSnake(words)} = "${token}";`, `  ${camel(words)}: '${token}',`, `client.setAuth(\`${token}\`);`]);
    case 'py':
      return random.pick([`${upperSnake(words)} = "${token}"`, `    ${snake(words)} = '${token}'`, `client = Client(${snake(words)}="${token}")`]);
    case 'go':
      return random.pick([`const ${camel(words)} = "${token}"`, `\t${camel(words)} := "${token}"`]);
    case 'java':
      return `  private static final String ${upperSnake(words)} = "${token}";`;
    case 'rb':
      return random.pick([`  ${upperSnake(words)} = "${token}"`, `  config.${snake(words)} = '${token}'`]);
    case 'k8s':
    case 'compose':
    case 'workflow':
      return random.pick([`      ${upperSnake(words)}: "${token}"`, `      ${upperSnake(words)}: ${token}`]);
    case 'env':
      return `${upperSnake(words)}=${token}`;
    case 'tf':
      return `  ${snake(words)} = "${token}"`;
    case 'sh':
      return random.pick([`export ${upperSnake(words)}="${token}"`, `${upperSnake(words)}='${token}'`]);
    case 'json-config':
    case 'json-fixture':
    case 'package-json':
      return `  "${camel(words)}": "${token}",`;
    case 'sql':
      return `INSERT INTO integrations (name, ${snake(words)}) VALUES ('${random.pick(NOUNS)}', '${token}');`;
    case 'dockerfile':
      return `ENV ${upperSnake(words)}=${token}`;
    default:
      return token;
  }
}

/** The sample, in the host's idiom when it is a bare token, as is otherwise; fenced in Markdown. */
export function insertionFor(random: Random, kind: FileKind, sample: string, shape: SampleShape): Insertion {
  const lines = sample.split('\n');
  if (kind === 'md') {
    const fence = random.pick(['```', '```bash', '```text', '```ini']);
    const shown = shape === 'token' ? [`${upperSnake(names(random).words)}=${sample}`] : lines;
    return { lines: ['', fence, ...shown, '```', ''], offset: 2 };
  }
  if (kind === 'sh' && shape === 'block') {
    const target = `/tmp/${random.pick(NOUNS)}.${random.pick(['pem', 'json', 'key'])}`;
    return { lines: [`cat > ${target} <<'EOF'`, ...lines, 'EOF'], offset: 1 };
  }
  if (shape === 'token') return { lines: [wrapToken(random, kind, sample)], offset: 0 };
  if (shape === 'command' && kind === 'dockerfile') return { lines: [`RUN ${sample}`], offset: 0 };
  return { lines, offset: 0 };
}

/** A file of its own for a block sample: a key file, or a credentials JSON. */
export function ownFilePath(random: Random, sample: string): string {
  if (/^\s*\{/.test(sample)) return `config/${random.pick(NOUNS)}-${random.pick(['service-account', 'credentials', 'key'])}.json`;
  return random.pick([`deploy/keys/${random.pick(NOUNS)}.pem`, `test/fixtures/keys/${random.pick(NOUNS)}.key`, `.ssh/id_${random.pick(['rsa', 'ed25519', 'ecdsa'])}`]);
}

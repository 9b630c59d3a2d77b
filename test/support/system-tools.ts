/**
 * The two programs the end-to-end tests borrow from the machine: Debian's Chromium (the dashboard
 * is opened in a real browser, never one downloaded by playwright) and poppler's pdftoppm (the
 * monthly report's PDF must open). The test set-up installs them from the Debian registry when
 * they are missing and it may (root or password-less sudo); otherwise it stops with the command.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
export const PDFTOPPM = '/usr/bin/pdftoppm';

const NEEDED = [
  { program: CHROMIUM, debianPackage: 'chromium' },
  { program: PDFTOPPM, debianPackage: 'poppler-utils' },
];

const INSTALL_TIMEOUT_MS = 15 * 60_000;

export function ensureSystemTools(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  const missing = NEEDED.filter((tool) => !existsSync(tool.program));
  if (missing.length === 0) return;
  const packages = missing.map((tool) => tool.debianPackage);
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  const prefix = asRootPrefix();
  if (prefix === undefined || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`the end-to-end tests need ${missing.map((tool) => tool.program).join(' and ')}: install them with \`${command}\` (as root)`);
  }
  log(`test set-up: installing ${packages.join(', ')} from the Debian registry`);
  const [program = 'apt-get', ...leading] = [...prefix, 'apt-get'];
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...packages]]) {
    const run = spawnSync(program, [...leading, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: INSTALL_TIMEOUT_MS,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (run.status !== 0) throw new Error(`test set-up: \`apt-get ${args.join(' ')}\` failed (${run.error?.message ?? `exit ${run.status}`}): ${run.stderr?.toString().trim()}`);
  }
  const still = missing.filter((tool) => !existsSync(tool.program));
  if (still.length > 0) throw new Error(`test set-up: ${still.map((tool) => tool.program).join(', ')} still missing after \`${command}\``);
}

/** [] when already root, ['sudo', '-n'] when sudo works without a password, else undefined. */
function asRootPrefix(): string[] | undefined {
  if (process.getuid?.() === 0) return [];
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 });
  return sudo.status === 0 ? ['sudo', '-n'] : undefined;
}

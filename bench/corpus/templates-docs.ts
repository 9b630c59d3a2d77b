/** Markdown documentation and SQL migrations. */
import { createBuilder, type Template } from './file-builder.ts';
import type { Random } from './prng.ts';
import { email, gitSha, isoTimestamp, semver, sha256Hex, url, uuid } from './values.ts';
import { NOUNS, SERVICES, pascal, sentence, snake, upperSnake, verbPhrase } from './vocabulary.ts';

export const markdownFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  b.block([`# ${pascal([random.pick(NOUNS)])} ${random.pick(['service', 'runbook', 'design', 'guide'])}`, '', sentence(random, 10, 24), '']);
  while (b.bytes < targetBytes) {
    b.block(
      random.pick([
        [`## ${pascal([random.pick(NOUNS), random.pick(NOUNS)]).replace(/([A-Z])/g, ' $1').trim()}`, '', `${sentence(random, 12, 30)} ${sentence(random)} See [${random.pick(NOUNS)}](${url(random)}) — ${sentence(random, 4, 8)}`, ''],
        ['```bash', `export ${upperSnake([random.pick(['github', 'api', 'npm']), 'token'])}=<your token>`, `curl -H "Authorization: Bearer $${upperSnake(['api', 'token'])}" ${url(random)}`, '```', ''],
        ['```yaml', `${random.pick(NOUNS)}:`, `  enabled: true`, `  endpoint: ${url(random)}`, `  token: \${{ secrets.${upperSnake([random.pick(NOUNS), 'token'])} }}`, '```', ''],
        ['| Setting | Default | Description |', '| --- | --- | --- |', ...Array.from({ length: random.int(2, 6) }, () => `| \`${snake([random.pick(NOUNS), random.pick(['timeout', 'limit', 'token', 'url'])])}\` | \`${random.pick(['30', 'none', 'from env', 'true'])}\` | ${sentence(random, 4, 10)} |`), ''],
        [`- ${sentence(random)}`, `- ${sentence(random)} (fixed in ${gitSha(random).slice(0, 7)})`, `- Released ${semver(random)} on ${isoTimestamp(random).slice(0, 10)}; checksum \`${sha256Hex(random)}\``, ''],
        [`> ${sentence(random)} Contact ${email(random)}.`, ''],
      ]),
    );
  }
  return b.done(path, 'md');
};

function insertRows(random: Random, table: string): string[] {
  const rows = Array.from({ length: random.int(2, 8) }, () => `  ('${uuid(random)}', '${snake(verbPhrase(random))}', '${isoTimestamp(random)}')`);
  return [`INSERT INTO ${table} (id, name, created_at) VALUES`, `${rows.join(',\n')};`.split('\n'), ''].flat();
}

export const sqlFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  b.block([`-- ${sentence(random)}`, 'BEGIN;', '']);
  while (b.bytes < targetBytes) {
    const table = snake([random.pick(NOUNS), 's']).replace(/_s$/, 's');
    b.block(
      random.pick([
        [
          `CREATE TABLE IF NOT EXISTS ${table} (`,
          '  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),',
          `  ${snake([random.pick(NOUNS), 'id'])} uuid NOT NULL REFERENCES ${random.pick(NOUNS)}s (id),`,
          `  ${random.pick(['name', 'title', 'label'])} text NOT NULL,`,
          `  ${random.pick(['password_hash', 'token_digest', 'api_key_prefix', 'status'])} text,`,
          '  created_at timestamptz NOT NULL DEFAULT now()',
          ');',
          `CREATE INDEX ${table}_created_at_idx ON ${table} (created_at);`,
          '',
        ],
        insertRows(random, table),
        [`-- ${sentence(random)}`, `UPDATE ${table} SET status = '${random.pick(['active', 'archived'])}' WHERE created_at < now() - interval '${random.int(7, 365)} days';`, ''],
        [`GRANT SELECT ON ${table} TO ${random.pick(SERVICES)}_reader;`, ''],
        [`ALTER TABLE ${table} ADD COLUMN ${snake([random.pick(NOUNS), random.pick(['count', 'at', 'ref'])])} ${random.pick(['integer', 'timestamptz', 'text'])};`, ''],
      ]),
    );
  }
  b.raw(['COMMIT;']);
  return b.done(path, 'sql');
};

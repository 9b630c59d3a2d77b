/** Python and Ruby modules and tests. */
import { createBuilder, indent, type Template } from './file-builder.ts';
import type { Random } from './prng.ts';
import { gitSha, isoTimestamp, sha256Hex, url, uuid } from './values.ts';
import { NOUNS, PY_MODULES, nounPhrase, pascal, sentence, snake, upperSnake, verbPhrase } from './vocabulary.ts';

function pyBody(random: Random): string[] {
  const item = snake(nounPhrase(random));
  const lines: string[] = [];
  for (let i = random.int(1, 4); i > 0; i--) {
    lines.push(
      ...random.pick([
        [`${item} = ${snake(verbPhrase(random))}(${snake(nounPhrase(random))})`],
        [`if ${item} is None:`, `    raise ValueError(f"${random.pick(NOUNS)} {${snake(nounPhrase(random))}} not found")`],
        [`for entry in ${snake(nounPhrase(random))}:`, `    if not entry.${random.pick(['enabled', 'active', 'visible'])}:`, '        continue', `    ${snake(verbPhrase(random))}(entry)`],
        [`logger.${random.pick(['info', 'debug', 'warning'])}("${sentence(random, 3, 7).toLowerCase()} %s", ${item})`],
        [`response = requests.get("${url(random)}", timeout=${random.int(5, 30)})`, 'response.raise_for_status()'],
        [`# ${sentence(random)}`],
        [`${snake([random.pick(NOUNS), 'ids'])} = [x.id for x in ${item} if x.id]`],
      ]),
    );
  }
  lines.push(`return ${random.pick([item, 'None', `len(${item}) > 0`, `{"${random.pick(NOUNS)}": ${item}}`])}`);
  return lines;
}

export const pythonFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  const test = /test_/.test(path);
  b.block([`"""${sentence(random)}"""`, '']);
  b.block([...new Set(Array.from({ length: random.int(2, 6) }, () => (random.chance(0.5) ? `import ${random.pick(PY_MODULES)}` : `from ${random.pick(PY_MODULES)} import ${snake(verbPhrase(random))}`)))]);
  b.raw(['']);
  b.block(['logger = logging.getLogger(__name__)']);
  if (random.chance(0.5)) {
    b.block([
      `${upperSnake([random.pick(['api', 'github', 'stripe', 'db']), random.pick(['token', 'key', 'password', 'secret'])])} = os.environ.get("${upperSnake([random.pick(NOUNS), 'token'])}")`,
      `password = settings.${upperSnake(['database', 'password'])}`,
      `secret_key = os.environ["${upperSnake(['app', 'secret', 'key'])}"]`,
    ]);
  }
  b.raw(['']);
  while (b.bytes < targetBytes) {
    if (test) {
      b.block([
        `def test_${snake(verbPhrase(random))}(${random.pick(['client', 'db_session', 'tmp_path', 'monkeypatch'])}):`,
        `    ${snake(nounPhrase(random))} = {"id": "${uuid(random)}", "created_at": "${isoTimestamp(random)}", "sha": "${gitSha(random)}"}`,
        `    result = ${snake(verbPhrase(random))}(${snake(nounPhrase(random))})`,
        `    assert result.${snake(nounPhrase(random))} == ${random.pick([String(random.int(0, 99)), 'None', 'True', `"${random.pick(NOUNS)}"`])}`,
        '',
      ]);
    } else if (random.chance(0.2)) {
      const fields = Array.from({ length: random.int(2, 7) }, () => `    ${snake(nounPhrase(random))}: ${random.pick(['str', 'int', 'bool', 'datetime', 'list[str]', 'str | None = None'])}`);
      b.block(['@dataclass', `class ${pascal(nounPhrase(random))}:`, `    """${sentence(random)}"""`, '', ...new Set(fields), '']);
    } else {
      const args = [...new Set(Array.from({ length: random.int(0, 3) }, () => snake(nounPhrase(random))))];
      b.block([
        `def ${snake(verbPhrase(random))}(${args.join(', ')}):`,
        `    """${sentence(random)}"""`,
        ...indent(pyBody(random), '    '),
        '',
      ]);
    }
    b.raw(['']);
  }
  if (!test && random.chance(0.3)) b.block(['if __name__ == "__main__":', `    ${snake(verbPhrase(random))}()`]);
  return b.done(path, 'py');
};

export const rubyFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  const spec = path.endsWith('_spec.rb');
  b.block(['# frozen_string_literal: true', '']);
  b.block([...new Set(Array.from({ length: random.int(1, 4) }, () => `require "${random.pick(['json', 'net/http', 'securerandom', 'digest', 'time', 'logger'])}"`))]);
  b.raw(['']);
  const name = pascal(nounPhrase(random));
  b.raw([spec ? `RSpec.describe ${name} do` : `class ${name}${random.chance(0.5) ? ' < ApplicationRecord' : ''}`]);
  if (!spec) {
    b.block([
      `  ${upperSnake([random.pick(NOUNS), 'limit'])} = ${random.int(10, 1000)}`,
      `  API_TOKEN = ENV.fetch("${upperSnake([random.pick(NOUNS), 'api', 'token'])}", nil)`,
      `  CHECKSUM = "${sha256Hex(random)}"`,
      '',
    ]);
  }
  while (b.bytes < targetBytes) {
    if (spec) {
      b.block([
        `  it "${sentence(random, 4, 9).toLowerCase().replace(/\.$/, '')}" do`,
        `    ${snake(nounPhrase(random))} = create(:${random.pick(NOUNS)}, id: "${uuid(random)}", password: "password123")`,
        `    expect(subject.${snake(verbPhrase(random))}).to eq(${random.pick(['true', 'nil', String(random.int(0, 9))])})`,
        '  end',
        '',
      ]);
    } else {
      b.block([
        `  # ${sentence(random)}`,
        `  def ${snake(verbPhrase(random))}(${snake(nounPhrase(random))})`,
        `    ${snake(nounPhrase(random))} = ${random.pick(['Rails.cache.fetch', 'self.class.find_by', 'client.get'])}("${random.pick(NOUNS)}/#{id}")`,
        `    return if ${snake(nounPhrase(random))}.nil?`,
        `    logger.info("${sentence(random, 3, 7).toLowerCase()} #{id}")`,
        `    Net::HTTP.get(URI("${url(random)}"))`,
        '  end',
        '',
      ]);
    }
  }
  b.raw(['end']);
  return b.done(path, 'rb');
};

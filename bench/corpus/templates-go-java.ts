/** Go and Java sources. */
import { createBuilder, type Template } from './file-builder.ts';
import { gitSha, url, uuid } from './values.ts';
import { camel, GO_IMPORTS, NOUNS, nounPhrase, pascal, sentence, upperSnake, verbPhrase } from './vocabulary.ts';

export const goFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  const pkg = path.split('/').at(-2)?.replace(/[^a-z]/g, '') || 'main';
  b.block([`// Package ${pkg} ${sentence(random).toLowerCase()}`, `package ${pkg}`, '']);
  b.block(['import (', ...[...new Set(Array.from({ length: random.int(3, 8) }, () => random.pick(GO_IMPORTS)))].sort().map((i) => `\t"${i}"`), ')']);
  b.raw(['']);
  if (random.chance(0.4)) {
    b.block([
      'var (',
      `\t${camel([random.pick(NOUNS), 'token'])} = os.Getenv("${upperSnake([random.pick(['github', 'slack', 'api']), 'token'])}")`,
      `\tdefaultEndpoint = "${url(random)}"`,
      `\tbuildCommit = "${gitSha(random)}"`,
      ')',
    ]);
    b.raw(['']);
  }
  while (b.bytes < targetBytes) {
    if (random.chance(0.25)) {
      const fields = [...new Set(Array.from({ length: random.int(2, 8) }, () => pascal(nounPhrase(random))))].map(
        (field) => `\t${field} ${random.pick(['string', 'int64', 'bool', 'time.Time', '[]string', '*Config'])} \`json:"${camel(field.split(/(?=[A-Z])/).map((w) => w.toLowerCase()))},omitempty"\``,
      );
      b.block([`// ${pascal(nounPhrase(random))} ${sentence(random).toLowerCase()}`, `type ${pascal(nounPhrase(random))} struct {`, ...fields, '}']);
    } else {
      const item = camel(nounPhrase(random));
      b.block([
        `// ${pascal(verbPhrase(random))} ${sentence(random).toLowerCase()}`,
        `func ${random.chance(0.3) ? `(s *${pascal([random.pick(NOUNS), 'service'])}) ` : ''}${pascal(verbPhrase(random))}(ctx context.Context, id string) (*${pascal([random.pick(NOUNS)])}, error) {`,
        `\t${item}, err := s.store.${pascal(verbPhrase(random))}(ctx, id)`,
        '\tif err != nil {',
        `\t\treturn nil, fmt.Errorf("${random.pick(NOUNS)} %s: %w", id, err)`,
        '\t}',
        ...(random.chance(0.5) ? [`\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, "${url(random)}", nil)`, '\treq.Header.Set("Accept", "application/json")'] : []),
        `\tslog.InfoContext(ctx, "${sentence(random, 3, 6).toLowerCase()}", "id", id, "request", "${uuid(random)}")`,
        `\treturn ${item}, nil`,
        '}',
      ]);
    }
    b.raw(['']);
  }
  return b.done(path, 'go');
};

export const javaFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  const className = path.split('/').at(-1)?.replace(/\.java$/, '') ?? 'Main';
  const pkg = path.replace(/^.*src\/(?:main|test)\/java\//, '').split('/').slice(0, -1).join('.');
  b.block([`package ${pkg};`, '']);
  b.block([
    ...new Set(
      Array.from({ length: random.int(3, 8) }, () =>
        random.pick([
          'import java.util.List;', 'import java.util.Map;', 'import java.util.Optional;', 'import java.time.Instant;',
          'import org.springframework.beans.factory.annotation.Value;', 'import org.springframework.stereotype.Service;',
          'import org.slf4j.Logger;', 'import org.slf4j.LoggerFactory;', `import com.acme.${random.pick(NOUNS)}.${pascal(nounPhrase(random))};`,
        ]),
      ),
    ),
  ]);
  b.raw(['']);
  b.block(['/**', ` * ${sentence(random)}`, ' */', '@Service', `public class ${className} {`]);
  b.block([
    `  private static final Logger LOG = LoggerFactory.getLogger(${className}.class);`,
    `  private static final String ${upperSnake(['default', random.pick(NOUNS), 'id'])} = "${uuid(random)}";`,
    '',
    `  @Value("\${${random.pick(['stripe', 'github', 'smtp', 'okta'])}.${random.pick(['api-key', 'token', 'password', 'client-secret'])}}")`,
    `  private String ${random.pick(['apiKey', 'token', 'password', 'clientSecret'])};`,
    '',
  ]);
  while (b.bytes < targetBytes) {
    const item = camel(nounPhrase(random));
    b.block([
      `  /** ${sentence(random)} */`,
      `  public ${random.pick(['Optional<String>', 'List<String>', 'boolean', 'void', 'int'])} ${camel(verbPhrase(random))}(String ${camel(nounPhrase(random))}) {`,
      `    var ${item} = repository.${camel(verbPhrase(random))}(${camel(nounPhrase(random))});`,
      `    if (${item} == null) {`,
      `      throw new IllegalStateException("${sentence(random, 3, 6).toLowerCase()}");`,
      '    }',
      `    LOG.info("${random.pick(NOUNS)} {} at {}", ${item}, Instant.now());`,
      `    return ${random.pick(['Optional.empty()', 'List.of()', 'true', String(random.int(0, 100))])};`,
      '  }',
      '',
    ]);
  }
  b.raw(['}']);
  return b.done(path, 'java');
};

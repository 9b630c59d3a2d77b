/**
 * Generic rules: a value that looks generated, assigned to a name that says it is a password or a
 * secret, in code and configuration of any kind (https://cwe.mitre.org/data/definitions/798.html):
 * `name = "value"`, `name: value`, `"name": "value"`, `NAME=value`, `:name => "value"`,
 * `name := "value"`, `name: string = "value"`, `<name>value</name>`, `--name value`, `--name=value`.
 *
 * Most false positives of any scanner come from rules like these, so both halves are strict.
 *
 * The name must END with the secret word (`db_password`, `clientSecret`, `SECRET_KEY_BASE`,
 * `x-api-key`), which by itself rules out `password_hash`, `token_type`, `tokenizer`, `max_tokens`,
 * `secret_name`, `secretKeyRef`, `password_file`, `csrf_token_name`; and it must hold no word that
 * marks a non-secret or a stand-in (`hashed_password`, `publishable_key`, `csrf_token`,
 * `next_page_token`, `fake_token`). A salt is not a secret: it is stored beside the hash it salts,
 * by design (a pepper is one, and would be named `secret`).
 *
 * The value must look generated: at least 8 characters, letters with digits or symbols, Shannon
 * entropy of at least 3.0 bits per character (more for longer values: `entropyFloor`), and none of
 * the shapes of code or configuration that point at a secret or stand in for one: a call or an
 * index (`getPassword()`, `os.environ[…]`, `config.get(…)`), a property path (`req.body.password`),
 * an identifier or constant (`passwordHash`, `PASSWORD_FIELD`), a path or URL, a placeholder or
 * reference (`${DB_PASSWORD}`, `{password}`, `%PASSWORD%`, `*alias`), a boolean, number or date, a
 * password hash (`$2b$…`), a regular expression, a typed run (`123456`, `abcdef`), a dictionary word
 * with digits (`Password123!`) or its base64 (`cGFzc3dvcmQ=`, in a Kubernetes Secret). A comparison
 * (`password == input`) is no assignment and never matches.
 *
 * A value in a specific rule's format (starting with one of its keywords, `xoxb-`, `sk_live_`,
 * `AKIA`, or holding one that has punctuation, `8Q~`) is left to that rule alone: when it found
 * nothing, the value is malformed or a stand-in. Stripe's test-mode and publishable keys, Braintree
 * sandbox tokens and Twilio SIDs are not secrets and are never reported. Where a specific rule
 * reports the same value, the generic finding gives way to it (`generic: true`).
 */
import { shannonEntropy } from '../entropy.ts';
import { defineSecretRule, type SecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

// ---------------------------------------------------------------------------------------------
// Names

/** Characters of a name: `db_password`, `spring.datasource.password`, `x-api-key`. */
const NAME_CHAR = '[A-Za-z0-9_.-]';

/** Words inside a name that mark what it names as no secret, or as a stand-in. */
const NOT_SECRET_NAME =
  'hash|digest|checksum|fingerprint|salt|sha(?:1|224|256|384|512)|md5|public|publishable|csrf|xsrf|example|sample|dummy|fake|mock|placeholder|page_?token|next_?token|continuation|cursor|sync_?token';

/**
 * A name ending with one of `words` (then an optional `_key`, `_value`, `_b64`… and a number), not
 * holding a word of NOT_SECRET_NAME, in the three places a name stands: before an assignment (with
 * an optional closing quote or bracket and an optional string type), after `--` on a command line,
 * or inside an XML tag.
 */
function assignedTo(words: string, suffixes: string): string {
  const name = `(?!${NAME_CHAR}*?(?:${NOT_SECRET_NAME}))${NAME_CHAR}*?(?:${words})(?:[_.-]?(?:${suffixes})){0,2}(?:[_.-]?\\d{1,2})?`;
  const assignment = `(?<![A-Za-z0-9_.-])${name}["'\`]?\\]?(?:\\s*:\\s*(?:string|str|&str|&'static str)\\s*(?==))?\\s*(?:=>|:=|\\?\\?=|\\|\\|=|=(?![=~])|:(?=\\s|["'\`]))\\s*`;
  const flag = `(?<![A-Za-z0-9_-])--${name}(?:=|\\s+)`;
  const element = `<${name}>(?=[^<\\s]{8,256}</)`;
  return `(?:${assignment}|${flag}|${element})`;
}

/**
 * The value, 8 to 256 characters: quoted (any character but a space or a quote, ended by its quote)
 * or bare (ended by a space, a separator or the end of the line). A bare value holds no bracket,
 * `,`, `;`, `&`, `<` or `>`: in code, a bare value is an expression (`getPassword()`,
 * `os.environ["X"]`, `(a, b) => …`, `[x, y]`) and never a literal, and in configuration (.env,
 * YAML, properties, connection strings) those characters end it.
 */
const VALUE = `(?<q>["'\`]?)(?<secret>(?<=["'\`])[^\\s"'\`]{8,256}?|(?<!["'\`])[^\\s"'\`<>;&(){}\\[\\],]{8,256}?)\\k<q>(?=$|[\\s,;&)}\\]<"'\`])`;

const PASSWORD_WORDS = 'password|passwd|passphrase|(?<![a-z])(?:pass|pwd)';
const PASSWORD_SUFFIXES = 'value|str|plain|plaintext|text|b64|base64';
const SECRET_WORDS = 'secret|token|credentials?|api[_.-]?key|access[_.-]?key|private[_.-]?key';
const SECRET_SUFFIXES = 'key|value|str|b64|base64|hex|base';

// ---------------------------------------------------------------------------------------------
// Values

/** Values that are not secrets by their issuer's design: test-mode, publishable, sandbox, identifiers. */
const NOT_SECRET_VALUE =
  /^(?:(?:sk|rk|pk)_test_|pk_live_|FLWPUBK|FLWSECK_TEST|pk\.eyJ|access_token\$sandbox\$|(?:AC|SK|PN|MG|CA|SM)[0-9a-f]{32}$)/;

/** A dictionary word with digits or symbols: test fixtures and documentation, or a default to change. */
const DICTIONARY_PASSWORD =
  /^(?:[a-z]+[-_.]?)?(?:p[a@4]ss(?:w[o0]rd|wd)?|secret|token|changeit|changeme|letmein|qwerty|welcome|admin|root|test|default|example)[-_.!@#$%^*]*\d*[-_.!@#$%^*]*$/i;

/** Values that say where a secret is, or what it would be, rather than being one. */
const NOT_A_VALUE: readonly RegExp[] = [
  /^[a-z][a-z0-9+.-]*:\/\//i, // a URL (credentials inside one are url-credentials' to find)
  /^(?:~|\.{1,2})?\/[\w.@-]+(?:\/[\w.@-]*)*$/, // a path
  /^[A-Za-z]:\\/, // a Windows path
  /\.(?:pem|key|p12|pfx|jks|keystore|json|ya?ml|txt|env|crt|cer|der|gpg|asc|conf|cfg|ini|properties)$/i, // a file name
  /^[\d.,:_+-]+$/, // a number, date, time or version
  /^(?:true|false|null|nil|none|undefined|yes|no|on|off)$/i,
  /^[A-Za-z_$][\w$]*(?:(?:[?!]?\.|::|->)[A-Za-z_$][\w$]*)*[([]/, // a call or an index: getPassword(), ENV[
  /^[A-Za-z_$][\w$]*(?:(?:[?!]?\.|::|->)[A-Za-z_$][\w$]*)+$/, // a property path: req.body.password, result.groups?.password
  /^[A-Z]+(?:_[A-Z0-9]+)+$/, // a constant: PASSWORD_FIELD
  /^[a-z]+\d*(?:[_.-][a-z]+\d*)+$/i, // words joined: same-origin, user_password
  /^[*&!][\w-]+$|^--?[a-z]|^-----/, // a YAML alias, anchor or tag (*db_password, !vault); a command-line flag; a PEM header
  /^\/\^|^\^.*\$$|\[\^?[A-Za-z0-9]-[A-Za-z0-9]|^\/(?![A-Za-z0-9+/]+={0,2}$)/, // a regular expression: /^ghs_[A-Za-z0-9]{36}$/, /d{1,4}|M{1,4}/
  /secret|passw(?:or)?d|token|api_?key/i, // a made-up value that names what it stands for: VERYLONGSECRET…, my-token-1
  /^\{[^{}]*\}$|^%[A-Za-z_]\w*%$|^__\w+__$|^@\w+@$|^\$[a-z_]\w*$/, // {password} %PASSWORD% __PASSWORD__ @password@ $password
  /[$#%]\{|\$\(/, // interpolation: prefix-${SUFFIX}, #{...}, %{...}, $(...)
  /^\$(?:2[abxy]?|argon2(?:id|i|d)|[1567]|pbkdf2[\w-]*|scrypt|sha\d*|y|gy)\$/, // a password hash (crypt formats)
  /^\{(?:bcrypt|pbkdf2|scrypt|sha(?:256|512)?|ssha(?:256|512)?|md5|argon2)\}/i, // a password hash (Spring, LDAP)
  DICTIONARY_PASSWORD,
];

/**
 * An identifier made of words, as code names things: `Uint8Array`, `URLPatternComponentResult`,
 * `passwordHash`, `?NonExpressionParenEnd`. It mixes cases; split at case changes and digits,
 * every part is a word (lower-case letters with a vowel, after an optional capital), a capitalised
 * run, or at most three digits; and one part at least is a word. Generated text seldom splits so.
 */
function madeOfWords(value: string): boolean {
  if (/[^A-Za-z0-9_.$:/?-]/.test(value) || !/[a-z]/.test(value) || !/[A-Z]/.test(value)) return false;
  const parts = value.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [];
  const word = (part: string): boolean => /^(?:[A-Z]?[a-z]{2,}|[A-Z][a-z])$/.test(part) && /[aeiouy]/i.test(part);
  const fits = (part: string): boolean => word(part) || /^\d{1,3}$/.test(part) || (/^[A-Z]+$/.test(part) && (part.length <= 5 || /[AEIOUY]/.test(part)));
  return parts.every(fits) && parts.some(word);
}

/** A base64 value (a Kubernetes Secret's `data`) that decodes to a stand-in: `cGFzc3dvcmQ=` is "password". */
function encodesStandIn(value: string): boolean {
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const text = Buffer.from(value, 'base64').toString('latin1');
  return /^[\x20-\x7e]+$/.test(text) && (DICTIONARY_PASSWORD.test(text) || /example|sample|dummy|placeholder|redacted|xxxx/i.test(text));
}

/** Lower, upper, digit, other (not `_`, `-`, `.`, which join words). */
function characterClasses(value: string): { letters: boolean; classes: number; digitOrSymbol: boolean } {
  const lower = /[a-z]/.test(value);
  const upper = /[A-Z]/.test(value);
  const digit = /[0-9]/.test(value);
  const symbol = /[^A-Za-z0-9_.-]/.test(value);
  return { letters: lower || upper, classes: [lower, upper, digit, symbol].filter(Boolean).length, digitOrSymbol: digit || symbol };
}

/**
 * The least entropy, in bits per character, a value of this length must have: 3.0 up to 15
 * characters (the rule's floor: 8 characters must then all differ), 3.3 up to 23, 3.5 beyond.
 * Hexadecimal has 16 symbols, so random hex scores lower (32 digits: 3.75 on average, and below
 * 3.5 one time in five): its floors are 3.0 up to 23 characters and 3.3 beyond. Measured on random
 * values, these keep 97% or more of generated secrets from 16 characters, and drop words.
 */
function entropyFloor(value: string): number {
  const hex = /^[0-9a-f]+$/i.test(value);
  if (value.length < 16) return 3;
  if (value.length < 24) return hex ? 3 : 3.3;
  return hex ? 3.3 : 3.5;
}

/** True when `value` looks generated and is no pointer to a secret, nor in one of the specific rules' formats. */
function looksGenerated(value: string, markers: ProviderMarkers): boolean {
  if (NOT_SECRET_VALUE.test(value)) return false;
  const folded = value.toLowerCase();
  if (markers.prefixes.some((prefix) => folded.startsWith(prefix))) return false;
  if (markers.infixes.some((infix) => folded.includes(infix))) return false;
  if (NOT_A_VALUE.some((shape) => shape.test(value)) || madeOfWords(value) || hasTypedRun(value) || encodesStandIn(value)) return false;
  const { letters, classes, digitOrSymbol } = characterClasses(value);
  if (!letters || classes < 2) return false;
  if (value.length < 16 && !digitOrSymbol) return false;
  return shannonEntropy(value) >= entropyFloor(value);
}

/**
 * The keywords of the specific rules, folded. A value that starts with one (`xoxb-…`, `AKIA…`), or
 * holds one with punctuation in it anywhere (`…8Q~…`, `…ghp_…`), is in that rule's format: the rule
 * judges it alone. Keywords of letters and digits only are not looked for inside a value, where
 * generated text holds them by chance (`eyJ`, `dapi`).
 */
interface ProviderMarkers {
  prefixes: readonly string[];
  infixes: readonly string[];
}

function markersOf(rules: readonly SecretRule[]): ProviderMarkers {
  const keywords = [...new Set(rules.filter((rule) => rule.generic !== true).flatMap((rule) => rule.keywords.map((keyword) => keyword.toLowerCase())))];
  return { prefixes: keywords, infixes: keywords.filter((keyword) => /[^a-z0-9]/.test(keyword)) };
}

// ---------------------------------------------------------------------------------------------
// Rules

/**
 * The generic rules, given the specific rules they defer to. They go last in the registry: a
 * generic finding gives way to a specific one at the same place wherever it stands, but reading
 * the list top-down should say the same.
 */
export function genericRules(specificRules: readonly SecretRule[]): readonly SecretRule[] {
  const markers = markersOf(specificRules);
  return [genericPassword(markers), genericSecret(markers)];
}

function genericPassword(markers: ProviderMarkers): SecretRule {
  return defineSecretRule({
    id: 'generic-password',
    title: 'Password assigned in code or configuration',
    docs: 'https://cwe.mitre.org/data/definitions/259.html',
    keywords: ['password', 'passwd', 'passphrase', 'pwd', '_pass', 'pass=', 'pass:', 'pass"', "pass'", 'pass ='],
    // The keyword is in the name; the value follows within a few hundred characters.
    around: { before: 128, after: 400, atWordStart: true },
    pattern: new RegExp(assignedTo(PASSWORD_WORDS, PASSWORD_SUFFIXES) + VALUE, 'i'),
    entropy: 3,
    generic: true,
    validate: (secret) => looksGenerated(secret, markers),
    samples: {
      truePositives: [
        sample('DB_PASSWORD=', 'ae9QmBc8', 'PY3A39'),
        sample('  password: ', 'Vq7#mN2p', 'Lx9!'),
        sample('{"username": "svc-reports", "password": "', '6fJAWQaX', '9S5HlM"}'),
        sample('conn = psycopg2.connect(host="db", user="app", password="', 'xSVuzEbP', '7dLJxV")'),
        sample('  :password => "', 'YRpydD3f', 'Ktfvux",'),
        sample('  master_password = "', 'GLnqccer', 'v8wPtB"'),
        sample('      - POSTGRES_PASSWORD=', 'ns1I8nyp', 'HFxNem'),
        sample('docker login registry.acme.io --username ci --password ', 'OzDJ0Bv', 'Waa8T'),
        sample('      <password>', 'i4CPVdqs', 'xYTx</password>'),
        sample('spring.datasource.password=', 'OMrI3hwo', '81Vj'),
        sample('"Server=db;Database=app;User Id=app;Password=', 'Wq8zL3', 'nP5v;"'),
        sample("const adminPassword: string = '", 'Hx4!kQ9z', "Rm2e';"),
        sample('  db-password: ', 'WnQ0eFE5dkwy', 'bVBrV3M='),
      ],
      falsePositives: [
        'password = getPassword()',
        'password = os.environ["DB_PASSWORD"]',
        'const PASSWORD_FIELD = "password";',
        '  password: string;',
        'if (password == confirmPassword) {',
        'hashed_password = "5f4dcc3b5aa765d61d8327deb882cf99"',
        'DB_PASSWORD=${DB_PASSWORD}',
        'password: "{{ vault_db_password }}"',
        'admin_password: "$2b$12$ZfPq1QeA8wB2yT8uW6hN4eJdG0Xy3lKcV5sMnR7aTbQ9oPzLxIuWe"',
        'user.password = req.body.password;',
        'password_file: /run/secrets/db_password',
        'POSTGRES_PASSWORD: changeme',
        'password = "Password123!"',
        'user.password = passwordHash;',
        "password: <%= ENV['DB_PASSWORD'] %>",
        'echo "$REGISTRY_TOKEN" | docker login ghcr.io -u bot --password-stdin',
        'min_password_length = 12',
        'password: *default_db_password',
        'url = f"postgresql://{user}:{password}@{host}/{db}"',
        '  db-password: cGFzc3dvcmQ=',
        '  password: URLPatternComponentResult;',
      ],
    },
  });
}

function genericSecret(markers: ProviderMarkers): SecretRule {
  return defineSecretRule({
    id: 'generic-secret',
    title: 'Secret, token or API key assigned in code or configuration',
    docs: 'https://cwe.mitre.org/data/definitions/798.html',
    keywords: ['secret', 'token', 'credential', 'api_key', 'apikey', 'api-key', 'api.key', 'access_key', 'accesskey', 'access-key', 'private_key', 'privatekey', 'private-key'],
    around: { before: 128, after: 400, atWordStart: true },
    pattern: new RegExp(assignedTo(SECRET_WORDS, SECRET_SUFFIXES) + VALUE, 'i'),
    entropy: 3,
    generic: true,
    validate: (secret) => looksGenerated(secret, markers),
    samples: {
      truePositives: [
        sample('API_KEY=', 'RlSgigCN3D', 'h3c5FR6tEn'),
        sample("SECRET_KEY = '", 'k9#v$2mq!x7@p^z4w', "+l8r*t6y-u=3n%b5c1d'"),
        sample('{"client_id": "reports", "client_secret": "', '584BvZN5BF', 'qcFRXTcCQJ"}'),
        sample('  webhook_secret: ', '5f018e875af4c07b559f', '008ae90c83a8deb31a37'),
        sample('headers = {"X-API-Key": "', 'gAsUI9oSOi', '0Mj3gB1b79"}'),
        sample("const apiKey = '", '6ZLOGYUbhJ', "Ey5msv9Glv';"),
        sample('provider "cloudflare" { api_token = "', 'pLel4Eh6yuX0yICaXIg1', 'pbMkXFQi2swjVdDV0oyg" }'),
        sample('config.secret_key_base = "', '9ce777961c33011e3ea5', '796039f0e2f030479b12"'),
        sample('npx vercel deploy --prod --token ', 'ae9QmBc8PY', '3A396fJAWQ'),
        sample('  <apiKey>', '1fNEzS+5v8y2rAMdZc7w', 'jD3492uRADiK5i7476v9</apiKey>'),
        sample('jwt.secret=', 'xSVuzEbP7d', 'LJxVYRpydD'),
        sample('val authToken: String = "', 'GLnqccerv8', 'wPtBns1I8n"'),
        sample('      JWT_SECRET: ', 'OzDJ0BvWaa', '8Ti4CPVdqs'),
        sample("  :access_token => '", 'OMrI3hwo81', "VjRlSgigCN',"),
      ],
      falsePositives: [
        'token_type = "Bearer"',
        'max_tokens = 4096',
        'csrf_token = "a8f5f167f44f4964e6c998dee827110c"',
        'api_key = os.environ.get("API_KEY")',
        '          secret: ${{ secrets.WEBHOOK_SECRET }}',
        'SECRET_KEY_FILE=/run/secrets/secret_key',
        sample('publishable_key = "', 'pk_live_', '0hbF0P614Sf7s1olBkdZg5E8"'),
        'secretName: db-credentials',
        'protected secret: Uint8Array;',
        '"factors": [{ "id": "f1", "type": "token:software:totp", "status": "ACTIVE" }]',
        '    "token": "IDENTIFIER",',
        'api_key_header = "X-API-Key"',
        sample('STRIPE_SECRET_KEY=', 'sk_test_', '4eC39HqLyjWDarjtT1zdp7dc'),
        'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")',
        "fetch(url, { credentials: 'same-origin' })",
        'sha256_token_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"',
        'private_key = file("~/.ssh/id_ed25519")',
        'access_token = response.json()["access_token"]',
        'next_page_token = "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA3NXNtMWkQARgB"',
        'api_key = "your-api-key-here"',
        'secret_key = SECRET_KEY_FROM_ENVIRONMENT',
        'client_secret: "{client_secret}"',
      ],
    },
  });
}

/**
 * A password in a URL's user information: `scheme://user:password@host`, for any scheme (https,
 * postgres, mysql, mongodb+srv, redis, amqp, ftp, jdbc:…).
 * https://datatracker.ietf.org/doc/html/rfc3986#section-3.2.1 (which deprecates the form).
 * The secret is the password. It is not a finding when it is missing (`user@host`, `user:@host`),
 * a placeholder (`password`, `pass`, `***`, `%s`, `{password}`, `<password>`, `${DB_PASSWORD}`,
 * `$PASS`), the user name again (`postgres:postgres`, `guest:guest`: a product's default), or the
 * host is one reserved for documentation (`example.com`, `*.test`).
 * The rule is generic: when the password is itself a token a specific rule knows
 * (a GitHub App token in `https://x-access-token:<token>@github.com`), that rule's finding stands
 * for both.
 */
import { defineSecretRule } from '../rule.ts';
import { sample } from './sample.ts';

/** Words written where a password goes, in examples and templates. */
const PLACEHOLDER =
  /^(?:pass(?:word|wd)?|pwd|pw|secret|token|mypass(?:word)?|yourpass(?:word)?|userpass(?:word)?|dbpass(?:word)?|p[a@4]ssw[o0]rd|pa\$\$word|x+|\*+|\.+|\?+)$/i;

/** `{password}`, `%PASSWORD%`, `__PASSWORD__`, `$password`, `:password`: a template's slot. */
const SLOT = /^\{.*\}$|^%[A-Za-z_]\w*%$|^__\w+__$|^\$[A-Za-z_]\w*$|^:[A-Za-z_]\w*$/;

/** Hosts reserved for documentation (RFC 2606, RFC 6761): `https://abc:xyz@example.com`. */
const DOCUMENTATION_HOST = /^(?:[\w-]+\.)*(?:example(?:\.(?:com|org|net))?|test|invalid)(?![\w.-])/i;

/** The user name before `:secret@` on the line, and the host after it. */
function around(secret: string, line: string): { user: string; host: string } {
  const at = line.indexOf(`:${secret}@`);
  if (at === -1) return { user: '', host: '' };
  const start = line.lastIndexOf('//', at);
  return { user: start === -1 ? '' : line.slice(start + 2, at), host: line.slice(at + secret.length + 2) };
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export const urlCredentials = defineSecretRule({
  id: 'url-credentials',
  title: 'Password in a URL',
  docs: 'https://datatracker.ietf.org/doc/html/rfc3986#section-3.2.1',
  keywords: ['://'],
  // Most lines with a URL carry no user information: they have no `@` and the pattern never runs.
  requires: ['@'],
  around: { before: 40, after: 800 },
  generic: true,
  pattern: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s:@\/?#[\]"'`<>]*:(?<secret>[^\s@\/?#[\]"'`<>]{1,256})@(?=[A-Za-z0-9[_~%${-])/,
  validate: (secret, line) => {
    const password = decoded(secret);
    if (password.length < 3 || PLACEHOLDER.test(password) || SLOT.test(password)) return false;
    const { user, host } = around(secret, line);
    return password.toLowerCase() !== decoded(user).toLowerCase() && !DOCUMENTATION_HOST.test(host);
  },
  samples: {
    truePositives: [
      sample('DATABASE_URL=postgres://app:', 'Zt4xQ9vL', '2mPkWs@db.internal:5432/app'),
      sample('  uri: "mongodb+srv://reporting:', 'hY7!kP2q', 'Lz9w@cluster0.ab1cd.mongodb.net/analytics?retryWrites=true"'),
      sample("r = redis.Redis.from_url('redis://:", 'c8Vq2WmZ', "5tLr@cache.acme.internal:6379/0')"),
      sample('CELERY_BROKER_URL=amqp://billing:', 'Rb3%40nX', '9qT2@rabbitmq:5672/billing'),
      sample('      - SPRING_DATASOURCE_URL=jdbc:mysql://svc:', 'Wq8zL3', 'nP5v@mysql:3306/orders'),
      sample('curl -T build.tar.gz ftp://deploy:', 'Kx93mQ2', 'ls@files.acme.io/releases/'),
    ],
    falsePositives: [
      'DATABASE_URL=postgres://postgres:postgres@localhost:5432/app_dev',
      'DATABASE_URL=postgres://${DB_USER}:${DB_PASSWORD}@${DB_HOST}/app',
      'url = f"postgresql://{user}:{password}@{host}:{port}/{db}"',
      'MONGO_URL=mongodb://user:password@localhost:27017',
      'REDIS_URL=redis://:<password>@redis:6379',
      'git clone ssh://git@github.com/acme/app.git',
      'BROKER_URL=amqp://guest:guest@rabbitmq:5672/',
      'HTTPS_PROXY=http://proxy-user:***@proxy.acme.io:3128',
      'dsn := fmt.Sprintf("postgres://%s:%s@%s:%d/%s", user, pass, host, port, db)',
      'git clone https://alice@bitbucket.org/acme/app.git',
      'See http://localhost:8080/login and https://example.com:443/path',
      "const myURL = new URL('https://abc:xyz@example.com');",
    ],
  },
});

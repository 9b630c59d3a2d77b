/** Words the templates build identifiers, paths and prose from. */
import type { Random } from './prng.ts';

export const NOUNS = [
  'account', 'address', 'alert', 'approval', 'archive', 'asset', 'audit', 'backup', 'balance', 'batch',
  'billing', 'branch', 'bucket', 'budget', 'build', 'cache', 'campaign', 'cart', 'catalog', 'channel',
  'check', 'client', 'cluster', 'comment', 'config', 'contract', 'control', 'customer', 'dashboard', 'device',
  'document', 'domain', 'draft', 'entry', 'event', 'evidence', 'export', 'feature', 'feed', 'file',
  'filter', 'flag', 'folder', 'group', 'handler', 'health', 'history', 'import', 'incident', 'invoice',
  'issue', 'item', 'job', 'label', 'ledger', 'license', 'limit', 'listing', 'location', 'member',
  'message', 'metric', 'migration', 'module', 'monitor', 'node', 'note', 'notification', 'order', 'owner',
  'package', 'page', 'payment', 'payout', 'permission', 'pipeline', 'plan', 'policy', 'price', 'product',
  'profile', 'project', 'quota', 'queue', 'receipt', 'record', 'refund', 'region', 'release', 'report',
  'repository', 'request', 'resource', 'result', 'review', 'role', 'rule', 'schedule', 'schema', 'search',
  'segment', 'server', 'service', 'session', 'setting', 'shipment', 'snapshot', 'source', 'status', 'step',
  'store', 'subscription', 'summary', 'task', 'team', 'template', 'tenant', 'ticket', 'timeline', 'topic',
  'transfer', 'trigger', 'upload', 'usage', 'user', 'vendor', 'version', 'webhook', 'widget', 'workspace',
] as const;

export const VERBS = [
  'apply', 'archive', 'build', 'cancel', 'check', 'collect', 'compute', 'create', 'decode', 'delete',
  'dispatch', 'emit', 'encode', 'ensure', 'export', 'fetch', 'filter', 'find', 'flush', 'format',
  'get', 'handle', 'import', 'index', 'load', 'list', 'lookup', 'map', 'merge', 'normalize',
  'notify', 'parse', 'patch', 'prepare', 'process', 'publish', 'read', 'record', 'refresh', 'register',
  'reject', 'remove', 'render', 'resolve', 'restore', 'retry', 'save', 'schedule', 'send', 'serialize',
  'set', 'sort', 'start', 'stop', 'submit', 'summarize', 'sync', 'track', 'transform', 'update',
  'upsert', 'validate', 'verify', 'watch', 'write',
] as const;

export const ADJECTIVES = [
  'active', 'archived', 'cached', 'current', 'default', 'draft', 'enabled', 'expired', 'external', 'failed',
  'first', 'global', 'internal', 'last', 'latest', 'local', 'max', 'min', 'new', 'next',
  'old', 'pending', 'primary', 'private', 'public', 'raw', 'recent', 'remote', 'scheduled', 'shared',
  'signed', 'stale', 'total', 'trusted', 'unread', 'valid', 'visible',
] as const;

export const PROSE = [
  'the', 'request', 'is', 'retried', 'when', 'upstream', 'returns', 'a', 'transient', 'error', 'and',
  'each', 'attempt', 'waits', 'longer', 'than', 'last', 'one', 'we', 'keep', 'this', 'behaviour', 'because',
  'some', 'clients', 'still', 'send', 'old', 'format', 'note', 'that', 'value', 'may', 'be', 'empty',
  'during', 'migration', 'see', 'ticket', 'for', 'details', 'results', 'are', 'cached', 'per', 'tenant',
  'until', 'next', 'deploy', 'it', 'runs', 'in', 'background', 'without', 'blocking', 'caller', 'only',
  'admins', 'can', 'change', 'setting', 'from', 'dashboard', 'otherwise', 'default', 'applies', 'records',
  'older', 'than', 'ninety', 'days', 'archived', 'nightly', 'by', 'job', 'all', 'timestamps', 'UTC',
] as const;

export const NPM_PACKAGES = [
  'express', 'zod', 'lodash', 'react', 'react-dom', 'axios', 'pg', 'ioredis', 'dayjs', 'uuid', 'yaml',
  'commander', 'chalk', 'debug', 'pino', 'fastify', 'graphql', 'prisma', '@octokit/rest', '@aws-sdk/client-s3',
  '@aws-sdk/client-sqs', 'jsonwebtoken', 'bcrypt', 'dotenv', 'undici', 'vitest', 'typescript', 'eslint',
  'prettier', 'semver', 'ws', 'nanoid', 'date-fns', 'rxjs', 'tslib', 'minimatch', 'glob', 'fast-glob',
] as const;

export const PY_MODULES = [
  'os', 'sys', 'json', 'logging', 'datetime', 'typing', 'pathlib', 'dataclasses', 'functools', 'itertools',
  'collections', 're', 'hashlib', 'uuid', 'requests', 'sqlalchemy', 'fastapi', 'pydantic', 'boto3', 'click',
  'celery', 'redis', 'pytest', 'httpx', 'yaml',
] as const;

export const GO_IMPORTS = [
  'context', 'fmt', 'errors', 'time', 'strings', 'strconv', 'net/http', 'encoding/json', 'io', 'os',
  'sync', 'log/slog', 'database/sql', 'github.com/acme/platform/internal/store',
  'github.com/acme/platform/internal/auth', 'github.com/google/uuid', 'go.uber.org/zap',
  'github.com/aws/aws-sdk-go-v2/service/s3', 'github.com/prometheus/client_golang/prometheus',
] as const;

export const SERVICES = [
  'api', 'billing', 'gateway', 'auth', 'notifier', 'scheduler', 'ingest', 'reports', 'search', 'web',
  'worker', 'exporter', 'ledger', 'inventory', 'checkout', 'identity', 'audit', 'webhooks',
] as const;

export const HOSTS = [
  'api.example.com', 'docs.example.com', 'registry.npmjs.org', 'github.com', 'pypi.org', 'hub.docker.com',
  'status.example.org', 'cdn.example.net', 'internal.acme.dev', 'grafana.acme.dev', 'storage.googleapis.com',
  'login.example.com', 'hooks.example.com', 'objects.githubusercontent.com',
] as const;

export const FIRST_NAMES = ['ada', 'alan', 'grace', 'linus', 'margaret', 'ken', 'barbara', 'dennis', 'radia', 'frances', 'edsger', 'leslie'] as const;

export function camel(words: readonly string[]): string {
  return words.map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join('');
}

export function pascal(words: readonly string[]): string {
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

export function snake(words: readonly string[]): string {
  return words.join('_');
}

export function kebab(words: readonly string[]): string {
  return words.join('-');
}

export function upperSnake(words: readonly string[]): string {
  return words.join('_').toUpperCase();
}

/** Words for a function name: `listPendingInvoices`, `sync_order`. */
export function verbPhrase(random: Random): string[] {
  const words: string[] = [random.pick(VERBS)];
  if (random.chance(0.4)) words.push(random.pick(ADJECTIVES));
  words.push(random.pick(NOUNS));
  if (random.chance(0.2)) words.push(random.pick(['by', 'for', 'from', 'with']), random.pick(NOUNS));
  return words;
}

/** Words for a value name: `pendingInvoice`, `order_count`. */
export function nounPhrase(random: Random): string[] {
  const words: string[] = [];
  if (random.chance(0.35)) words.push(random.pick(ADJECTIVES));
  words.push(random.pick(NOUNS));
  if (random.chance(0.3)) words.push(random.pick(['id', 'ids', 'count', 'list', 'map', 'name', 'url', 'path', 'key', 'at', 'options', 'state']));
  return words;
}

export function sentence(random: Random, min = 6, max = 16): string {
  const words = Array.from({ length: random.int(min, max) }, () => random.pick(PROSE));
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

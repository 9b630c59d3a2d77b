/** YAML: Kubernetes manifests, GitHub Actions workflows, docker-compose files. */
import { createBuilder, type Template } from './file-builder.ts';
import type { Random } from './prng.ts';
import { certificatePem, dockerDigest, gitSha, ipv4, semver, url } from './values.ts';
import { kebab, NOUNS, SERVICES, sentence, upperSnake } from './vocabulary.ts';

function envEntries(random: Random, indent: string): string[] {
  const lines: string[] = [];
  for (let i = random.int(2, 6); i > 0; i--) {
    const name = upperSnake([random.pick(NOUNS), random.pick(['url', 'timeout', 'level', 'region', 'token', 'password', 'api_key', 'secret'])]);
    lines.push(`${indent}- name: ${name}`);
    if (/TOKEN|PASSWORD|API_KEY|SECRET/.test(name)) {
      lines.push(`${indent}  valueFrom:`, `${indent}    secretKeyRef:`, `${indent}      name: ${kebab([random.pick(SERVICES), 'secrets'])}`, `${indent}      key: ${name.toLowerCase().replace(/_/g, '-')}`);
    } else lines.push(`${indent}  value: "${random.pick([url(random), String(random.int(1, 300)), 'info', 'eu-west-1'])}"`);
  }
  return lines;
}

export const kubernetesFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  const service = random.pick(SERVICES);
  while (b.bytes < targetBytes) {
    const kind = random.pick(['Deployment', 'Service', 'ConfigMap', 'Ingress', 'Secret-ref', 'CronJob']);
    if (b.bytes > 0) b.raw(['---']);
    if (kind === 'Deployment' || kind === 'CronJob') {
      b.block([
        'apiVersion: apps/v1',
        `kind: ${kind === 'CronJob' ? 'CronJob' : 'Deployment'}`,
        'metadata:',
        `  name: ${service}`,
        `  labels: { app: ${service}, tier: ${random.pick(['backend', 'frontend', 'jobs'])} }`,
        '  annotations:',
        `    deploy.acme.dev/commit: "${gitSha(random)}"`,
        'spec:',
        `  replicas: ${random.int(1, 6)}`,
        '  template:',
        '    spec:',
        '      containers:',
        `        - name: ${service}`,
        `          image: ghcr.io/acme/${service}@${dockerDigest(random)}`,
        `          ports: [{ containerPort: ${random.pick([3000, 8080, 8443, 9090])} }]`,
        '          env:',
        ...envEntries(random, '            '),
        '          resources:',
        `            limits: { cpu: "${random.int(1, 4)}", memory: ${random.pick(['256Mi', '512Mi', '1Gi'])} }`,
      ]);
    } else if (kind === 'ConfigMap') {
      b.block([
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        `  name: ${service}-config`,
        'data:',
        `  LOG_LEVEL: ${random.pick(['info', 'debug', 'warn'])}`,
        `  UPSTREAM_URL: ${url(random)}`,
        `  FEATURE_${upperSnake([random.pick(NOUNS)])}: "${random.pick(['true', 'false'])}"`,
        ...(random.chance(0.3) ? ['  ca.crt: |', ...certificatePem(random).map((line) => `    ${line}`)] : []),
      ]);
    } else if (kind === 'Secret-ref') {
      b.block([
        'apiVersion: external-secrets.io/v1beta1',
        'kind: ExternalSecret',
        'metadata:',
        `  name: ${service}-secrets`,
        'spec:',
        '  secretStoreRef: { name: aws-secrets-manager, kind: ClusterSecretStore }',
        '  data:',
        `    - secretKey: ${random.pick(['api-token', 'db-password', 'stripe-key'])}`,
        `      remoteRef: { key: prod/${service}/${random.pick(NOUNS)} }`,
      ]);
    } else {
      b.block([
        'apiVersion: v1',
        `kind: ${kind === 'Ingress' ? 'Ingress' : 'Service'}`,
        'metadata:',
        `  name: ${service}`,
        'spec:',
        `  clusterIP: ${ipv4(random)}`,
        `  ports: [{ port: ${random.pick([80, 443])}, targetPort: ${random.pick([3000, 8080])} }]`,
        `  selector: { app: ${service} }`,
      ]);
    }
  }
  return b.done(path, 'k8s');
};

export const workflowFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  b.block([`name: ${random.pick(['CI', 'Release', 'Deploy', 'Nightly', 'Lint'])}`, '', 'on:', '  push:', '    branches: [main]', '  pull_request:', '', 'permissions:', '  contents: read', '', 'jobs:']);
  while (b.bytes < targetBytes) {
    b.block([
      `  ${kebab([random.pick(['build', 'test', 'deploy', 'lint', 'publish']), random.pick(NOUNS)])}:`,
      `    runs-on: ${random.pick(['ubuntu-latest', 'ubuntu-24.04', 'macos-14'])}`,
      '    steps:',
      `      - uses: actions/checkout@${gitSha(random)} # v4`,
      `      - uses: actions/setup-node@${gitSha(random)} # v4`,
      `        with: { node-version: ${random.pick([20, 22, 24])} }`,
      '      - run: npm ci',
      `      - run: npm run ${random.pick(['build', 'test', 'lint', 'typecheck'])}`,
      `      - name: ${sentence(random, 2, 5).replace(/\.$/, '')}`,
      '        env:',
      `          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}`,
      `          ${upperSnake([random.pick(['npm', 'aws', 'slack', 'sentry']), random.pick(['token', 'secret_access_key', 'webhook_url', 'auth_token'])])}: \${{ secrets.${upperSnake([random.pick(['npm', 'deploy', 'release']), 'token'])} }}`,
      `        run: ./scripts/${kebab([random.pick(['deploy', 'publish', 'notify']), random.pick(NOUNS)])}.sh \${{ github.sha }}`,
      '',
    ]);
  }
  return b.done(path, 'workflow');
};

export const composeFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  b.block(['services:']);
  while (b.bytes < targetBytes) {
    const service = random.pick(SERVICES);
    b.block([
      `  ${service}:`,
      `    image: ${random.pick(['postgres', 'redis', 'node', 'python', 'nginx', 'localstack/localstack'])}:${semver(random)}`,
      `    ports: ["${random.int(3000, 9999)}:${random.pick([5432, 6379, 8080, 80])}"]`,
      '    environment:',
      `      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:-postgres}`,
      `      DATABASE_URL: postgres://app@db:5432/${service}`,
      `      REDIS_URL: redis://cache:6379/${random.int(0, 15)}`,
      `      API_TOKEN: \${${upperSnake([service, 'token'])}}`,
      `      LOG_LEVEL: ${random.pick(['info', 'debug'])}`,
      `    depends_on: [${random.pick(SERVICES)}]`,
      `    healthcheck: { test: ["CMD", "curl", "-f", "http://localhost:${random.pick([3000, 8080])}/health"], interval: 10s }`,
      '',
    ]);
  }
  return b.done(path, 'compose');
};

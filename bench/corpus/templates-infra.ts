/** .env files, Terraform, Dockerfiles, shell scripts and public certificate fixtures. */
import { createBuilder, type Template } from './file-builder.ts';
import { amiId, awsAccountId, certificatePem, dockerDigest, publicKeyPem, semver, sha256Hex, sshPublicKey, url } from './values.ts';
import { kebab, NOUNS, SERVICES, sentence, snake, upperSnake } from './vocabulary.ts';

export const envFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  b.block([`# ${sentence(random)}`, '# Copy to .env and fill in; never commit real values.']);
  while (b.bytes < targetBytes) {
    const prefix = random.pick(['APP', 'DB', 'REDIS', 'STRIPE', 'GITHUB', 'SMTP', 'SENTRY', 'OKTA', 'S3', 'FEATURE']);
    b.block([
      '',
      `# ${prefix.toLowerCase()} ${random.pick(['settings', 'connection', 'integration'])}`,
      `${prefix}_URL=${random.pick([url(random), `postgres://app@localhost:5432/${random.pick(NOUNS)}`, 'redis://localhost:6379/0'])}`,
      `${prefix}_${random.pick(['TOKEN', 'API_KEY', 'SECRET', 'PASSWORD'])}=${random.pick(['', 'changeme', '<your-token>', '${VAULT_VALUE}', 'xxxxxxxx', 'dev'])}`,
      `${prefix}_TIMEOUT_MS=${random.int(100, 60000)}`,
      `${prefix}_ENABLED=${random.pick(['true', 'false'])}`,
    ]);
  }
  return b.done(path, 'env');
};

export const terraformFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  b.block(['terraform {', '  required_providers {', `    aws = { source = "hashicorp/aws", version = "~> ${random.int(4, 6)}.0" }`, '  }', '}', '']);
  while (b.bytes < targetBytes) {
    const name = snake([random.pick(NOUNS), random.pick(NOUNS)]);
    b.block(
      random.pick([
        [`variable "${snake([random.pick(NOUNS), random.pick(['password', 'token', 'api_key'])])}" {`, '  type      = string', '  sensitive = true', `  description = "${sentence(random, 4, 9)}"`, '}', ''],
        [
          `resource "aws_s3_bucket" "${name}" {`,
          `  bucket = "acme-${kebab([random.pick(NOUNS), random.pick(['prod', 'staging', 'logs'])])}-${awsAccountId(random)}"`,
          '  tags = {',
          `    Service = "${random.pick(SERVICES)}"`,
          `    Owner   = "${random.pick(NOUNS)}-team"`,
          '  }',
          '}',
          '',
        ],
        [
          `resource "aws_db_instance" "${name}" {`,
          '  engine         = "postgres"',
          `  instance_class = "db.${random.pick(['t3', 'r6g'])}.${random.pick(['medium', 'large'])}"`,
          `  username       = "${random.pick(NOUNS)}"`,
          `  password       = var.${snake([random.pick(NOUNS), 'password'])}`,
          `  kms_key_id     = aws_kms_key.${name}.arn`,
          '}',
          '',
        ],
        [
          `resource "aws_instance" "${name}" {`,
          `  ami           = "${amiId(random)}"`,
          '  instance_type = "t3.micro"',
          `  user_data     = filebase64("\${path.module}/${random.pick(NOUNS)}.sh")`,
          '}',
          '',
        ],
        [`data "aws_secretsmanager_secret_version" "${name}" {`, `  secret_id = "arn:aws:secretsmanager:eu-west-1:${awsAccountId(random)}:secret:${random.pick(NOUNS)}"`, '}', ''],
        [`resource "aws_key_pair" "${name}" {`, `  key_name   = "${kebab([random.pick(NOUNS), 'deploy'])}"`, `  public_key = "${sshPublicKey(random)}"`, '}', ''],
      ]),
    );
  }
  return b.done(path, 'tf');
};

export const dockerfileFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  const runtime = random.pick(['node:24-slim', 'python:3.13-slim', 'golang:1.24', 'eclipse-temurin:21-jre']);
  b.block([`# syntax=docker/dockerfile:1`, `FROM ${runtime}@${dockerDigest(random)} AS build`, 'WORKDIR /app']);
  while (b.bytes < targetBytes) {
    b.block(
      random.pick([
        ['COPY package.json package-lock.json ./', 'RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci'],
        [`RUN apt-get update && apt-get install -y --no-install-recommends ${random.pick(['curl', 'ca-certificates', 'git', 'libpq5'])} && rm -rf /var/lib/apt/lists/*`],
        [`ENV ${upperSnake([random.pick(NOUNS), random.pick(['port', 'level', 'dir'])])}=${random.pick(['8080', 'info', '/var/lib/app'])}`],
        [`ARG ${upperSnake([random.pick(['github', 'npm']), 'token'])}`, `# ${sentence(random)}`],
        ['COPY . .', `RUN ${random.pick(['npm run build', 'go build -o /out/app ./cmd/app', 'pip install --no-cache-dir -r requirements.txt'])}`],
        [`LABEL org.opencontainers.image.revision="${sha256Hex(random).slice(0, 40)}" org.opencontainers.image.version="${semver(random)}"`],
        [`HEALTHCHECK CMD curl -fsS http://localhost:${random.pick([3000, 8080])}/health || exit 1`],
      ]),
    );
  }
  b.block(['USER 10001', `CMD ["${random.pick(['node', 'python', '/out/app'])}", "${random.pick(['dist/server.js', 'main.py', 'serve'])}"]`]);
  return b.done(path, 'dockerfile');
};

export const shellFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  b.block(['#!/usr/bin/env bash', `# ${sentence(random)}`, 'set -euo pipefail', '']);
  b.block([`: "\${${upperSnake([random.pick(['github', 'deploy', 'registry']), 'token'])}:?set it in the CI secrets}"`, `API_URL="\${API_URL:-${url(random)}}"`]);
  while (b.bytes < targetBytes) {
    b.block(
      random.pick([
        [`${snake([random.pick(['deploy', 'build', 'sync', 'notify']), random.pick(NOUNS)])}() {`, `  local ${random.pick(NOUNS)}="$1"`, `  echo "${sentence(random, 3, 7)}" >&2`, `  curl -fsSL -H "Authorization: Bearer \${GITHUB_TOKEN}" "$API_URL/${random.pick(NOUNS)}"`, '}', ''],
        [`for svc in ${Array.from({ length: 4 }, () => random.pick(SERVICES)).join(' ')}; do`, '  kubectl rollout status "deployment/$svc" --timeout=120s', 'done', ''],
        [`aws s3 cp "dist/${random.pick(NOUNS)}.tar.gz" "s3://acme-${random.pick(NOUNS)}-artifacts/$(git rev-parse HEAD)/"`],
        [`export PASSWORD="$(aws ssm get-parameter --name /prod/${random.pick(NOUNS)}/password --with-decryption --query Parameter.Value --output text)"`],
        [`echo "${sentence(random)}"`, `docker build -t "ghcr.io/acme/${random.pick(SERVICES)}:${semver(random)}" .`, ''],
      ]),
    );
  }
  return b.done(path, 'sh');
};

/** Public material only: CA bundles, public keys, SSH authorized keys. */
export const pemFile: Template = (random, targetBytes, path) => {
  const b = createBuilder();
  while (b.bytes < targetBytes) {
    b.block(random.pick([certificatePem(random), publicKeyPem(random), [sshPublicKey(random)]]));
  }
  return b.done(path, 'pem');
};

#!/usr/bin/env node
/**
 * The app as a plain Node server: `node app/server.ts` (or dist/app/server.js). Probot reads
 * APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, LOG_LEVEL and GHE_HOST from the
 * environment; PORT (0 picks a free one) and HOST say where to listen.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProbot } from 'probot';
import { evidentApp } from './index.ts';
import { createWebhookReceiver } from './webhook-receiver.ts';

const probot = createProbot();
await probot.load(evidentApp());
// evidentApp refused to load without a real WEBHOOK_SECRET, so it is set here.
const receiver = createWebhookReceiver({ probot, secret: process.env.WEBHOOK_SECRET ?? '', path: '/api/github/webhooks' });
const server = createServer((request, response) => {
  void receiver(request, response, () => response.writeHead(404).end());
});
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '0.0.0.0', () => {
  // The port bound, not the one asked for: PORT=0 picks a free port.
  probot.log.info(`Evident app listening on :${(server.address() as AddressInfo).port}/api/github/webhooks`);
});

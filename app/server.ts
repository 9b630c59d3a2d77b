#!/usr/bin/env node
/**
 * The app as a plain Node server: `node app/server.ts` (or dist/app/server.js). Probot reads
 * APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET and PORT from the environment.
 */
import { createServer } from 'node:http';
import { createNodeMiddleware, createProbot } from 'probot';
import { evidentApp } from './index.ts';

const probot = createProbot();
const middleware = await createNodeMiddleware(evidentApp(), { probot, webhooksPath: '/api/github/webhooks' });
const port = Number(process.env.PORT ?? 3000);
createServer((request, response) => {
  void middleware(request, response, () => {
    response.writeHead(404).end();
  });
}).listen(port, process.env.HOST ?? '0.0.0.0', () => probot.log.info(`Evident app listening on :${port}/api/github/webhooks`));

/**
 * `npm run bench`: each benchmark prints one JSON object per line, so runs can be compared and
 * tracked. Timings live here, never in tests.
 */
import { benchApp } from './app.ts';
import { benchEvaluate } from './evaluate.ts';
import { benchEvidence } from './evidence.ts';
import { benchLoadWebhooks } from './load-webhooks.ts';
import { benchScheduled } from './scheduled.ts';
import { benchSecrets } from './secrets.ts';

// The scheduled run first: its memory budget is checked against the process's high-water mark.
for (const bench of [benchScheduled, benchEvaluate, benchEvidence, benchSecrets, benchApp, benchLoadWebhooks]) {
  for (const result of [await bench()].flat()) process.stdout.write(`${JSON.stringify(result)}\n`);
}
// Probot's clients keep timers of their own (rate-limit bookkeeping); the benchmarks are done.
process.exit(0);

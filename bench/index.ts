/**
 * `npm run bench`: each benchmark prints one JSON object per line, so runs can be compared and
 * tracked. Timings live here, never in tests.
 */
import { benchEvaluate } from './evaluate.ts';
import { benchEvidence } from './evidence.ts';

for (const bench of [benchEvaluate, benchEvidence]) {
  process.stdout.write(`${JSON.stringify(await bench())}\n`);
}

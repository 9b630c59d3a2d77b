/**
 * Loads the pass and fail cases kept beside each control (STYLE.md 7):
 * test/fixtures/controls/<control-id>/<pass|fail|error|skipped>[-what].json
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Snapshot, Status } from '../../engine/model.ts';

export const fixturesRoot = new URL('../fixtures/controls/', import.meta.url).pathname;

export const ControlFixture = z.strictObject({
  description: z.string().min(1),
  params: z.record(z.string(), z.unknown()).optional(),
  snapshot: Snapshot,
  expected: z.strictObject({
    status: Status,
    /** Every outcome, in order: the exact findings, not a count. */
    outcomes: z.array(z.strictObject({ resource: z.string(), status: Status })),
    /** Substrings the outcome sentence for a resource must contain. */
    messages: z.record(z.string(), z.string()).optional(),
    /** Substring of the result's summary or reason. */
    summary: z.string().optional(),
  }),
});
export type ControlFixture = z.infer<typeof ControlFixture>;

export function fixtureDirectories(): string[] {
  return readdirSync(fixturesRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function loadFixtures(controlId: string): { file: string; fixture: ControlFixture }[] {
  const dir = join(fixturesRoot, controlId);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, fixture: ControlFixture.parse(JSON.parse(readFileSync(join(dir, file), 'utf8'))) }));
}

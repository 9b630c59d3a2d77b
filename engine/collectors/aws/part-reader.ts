/**
 * How much of a snapshot part was read: its items, the pages (API calls) it took, and why it is
 * incomplete. A part with any error is incomplete, and every control that needs it says `error`:
 * a region or page that could not be read is never silently an empty list that passes.
 */
import type { SnapshotPart } from '../../model.ts';

export interface PartReader<T> {
  items: T[];
  pages: number;
  errors: string[];
}

export function newPart<T>(): PartReader<T> {
  return { items: [], pages: 0, errors: [] };
}

/** One part from per-region parts, in the order given, so the snapshot does not depend on timing. */
export function mergeParts<T>(parts: readonly PartReader<T>[]): PartReader<T> {
  return { items: parts.flatMap((p) => p.items), pages: parts.reduce((sum, p) => sum + p.pages, 0), errors: parts.flatMap((p) => p.errors) };
}

export function toSnapshotPart(part: PartReader<unknown>): SnapshotPart {
  return {
    complete: part.errors.length === 0,
    count: part.items.length,
    pages: part.pages,
    ...(part.errors.length === 0 ? {} : { error: part.errors.join('; ') }),
  };
}

/**
 * Calls `fetchPage` with each NextToken until a response has none, counting pages on `part`.
 * A NextToken seen before would loop forever: that is an error, not the end.
 */
export async function readPages<Out extends { NextToken?: string | undefined }>(
  part: { pages: number },
  fetchPage: (nextToken: string | undefined) => Promise<Out>,
  onPage: (output: Out) => void,
): Promise<void> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const output = await fetchPage(token);
    part.pages += 1;
    onPage(output);
    token = output.NextToken === undefined || output.NextToken === '' ? undefined : output.NextToken;
    if (token !== undefined && seen.has(token)) throw new Error('AWS Config returned the NextToken of an earlier page again');
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
}

/** An AWS call that failed, with the operation it was: the SDK's errors do not name it. */
export class AwsCallError extends Error {
  override name = 'AwsCallError';
  readonly operation: string;
  /** The SDK's error code: `AccessDeniedException`, `ThrottlingException`, `TimeoutError`, … */
  readonly code: string;
  /** HTTP attempts the SDK made, retries included. */
  readonly attempts: number;

  constructor(operation: string, cause: unknown) {
    const e = cause as { name?: string; message?: string; $metadata?: { attempts?: number } };
    super((e.message ?? String(cause)).replace(/\s+/g, ' ').slice(0, 300), { cause });
    this.operation = operation;
    this.code = e.name ?? 'Error';
    this.attempts = e.$metadata?.attempts ?? 1;
  }
}

/** Runs one AWS call, naming its operation in the error if it fails. */
export async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw error instanceof AwsCallError ? error : new AwsCallError(operation, error);
  }
}

/** "AccessDeniedException in eu-west-1 (SelectResourceConfig, 5 attempts): User … is not authorized …" */
export function describeAwsError(error: unknown, where: string): string {
  if (error instanceof AwsCallError) {
    return `${error.code} in ${where} (${error.operation}${error.attempts > 1 ? `, ${error.attempts} attempts` : ''}): ${error.message}`;
  }
  return `${(error as Error).name ?? 'Error'} in ${where}: ${(error as Error).message ?? String(error)}`;
}

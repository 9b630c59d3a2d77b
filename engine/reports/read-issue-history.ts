/** Reads an issue history export (`issues/history.json`), refusing a file that is not one. */
import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../errors.ts';
import { describeZodError } from '../zod-issues.ts';
import { IssueHistory } from './issue-history.ts';

export async function readIssueHistory(file: string): Promise<IssueHistory> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`--history ${file} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass the issue history export, such as issues/history.json`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`--history ${file} is not JSON (${(error as Error).message}); pass the issue history export, such as issues/history.json`);
  }
  const parsed = IssueHistory.safeParse(json);
  if (!parsed.success) throw new ConfigurationError(`--history ${file} is not an Evident issue history: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

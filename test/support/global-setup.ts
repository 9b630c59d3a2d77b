/** Runs once before any test file: the programs the end-to-end tests need from the machine. */
import { ensureSystemTools } from './system-tools.ts';

export default function setup(): void {
  ensureSystemTools();
}

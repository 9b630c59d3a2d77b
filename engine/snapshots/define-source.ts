import type { z } from 'zod';
import type { SourceSpec } from '../model.ts';

/** Declares a source's snapshot schema and the parts whose completeness its collector reports. */
export function defineSource<Data extends z.ZodType>(spec: SourceSpec<Data>): SourceSpec<Data> {
  return spec;
}

/**
 * A tiny evaluator for the AWS Config advanced-query SELECTs the collector sends
 * (https://docs.aws.amazon.com/config/latest/developerguide/querying-AWS-resources.html):
 *
 *   SELECT field, field, … WHERE resourceType = 'AWS::…'
 *
 * and the count the collector reconciles the listings with:
 *
 *   SELECT resourceType, COUNT(*) WHERE resourceType IN ('AWS::…', …) GROUP BY resourceType
 *
 * Only those shapes, and only top-level configuration item fields, are understood. Anything else is
 * refused with InvalidExpressionException, loudly, so a collector change that sends a query the
 * loopback does not evaluate fails its tests instead of reading a wrong answer.
 */
import type { ConfigItem } from './aws-config-world.ts';

/** Configuration item fields a SELECT may name (the top-level ones of the Config resource schema). */
const FIELDS = [
  'accountId',
  'arn',
  'awsRegion',
  'resourceId',
  'resourceName',
  'resourceType',
  'configuration',
  'supplementaryConfiguration',
  'tags',
  'configurationItemStatus',
  'configurationItemCaptureTime',
] as const satisfies readonly (keyof ConfigItem)[];
type Field = (typeof FIELDS)[number];

export interface SelectQuery {
  fields: Field[];
  resourceType: string;
}

export class InvalidExpression extends Error {
  override name = 'InvalidExpressionException';
}

const SHAPE = /^\s*SELECT\s+(.+?)\s+WHERE\s+resourceType\s*=\s*'([A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+)'\s*$/i;

export function parseSelect(expression: string): SelectQuery {
  const match = SHAPE.exec(expression);
  if (match === null) {
    throw new InvalidExpression(`the loopback AWS Config evaluates only "SELECT <fields> WHERE resourceType = '<type>'"; got: ${expression}`);
  }
  const names = (match[1] as string).split(',').map((name) => name.trim());
  const fields: Field[] = [];
  for (const name of names) {
    const field = FIELDS.find((f) => f === name);
    if (field === undefined) throw new InvalidExpression(`the loopback AWS Config does not evaluate the field "${name}" (known: ${FIELDS.join(', ')})`);
    if (fields.includes(field)) throw new InvalidExpression(`the field "${name}" is selected twice`);
    fields.push(field);
  }
  return { fields, resourceType: match[2] as string };
}

/** One result row, serialized as SelectResourceConfig returns it: a JSON string per item. */
export function project(item: ConfigItem, fields: readonly Field[]): string {
  return JSON.stringify(Object.fromEntries(fields.map((field) => [field, item[field]])));
}

export interface CountQuery {
  resourceTypes: string[];
}

const TYPE = `'[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+'`;
const COUNT_SHAPE = new RegExp(`^\\s*SELECT\\s+resourceType\\s*,\\s*COUNT\\(\\*\\)\\s+WHERE\\s+resourceType\\s+IN\\s*\\(\\s*(${TYPE}(?:\\s*,\\s*${TYPE})*)\\s*\\)\\s+GROUP\\s+BY\\s+resourceType\\s*$`, 'i');

/** The count query's resource types, or undefined when the expression is not a count query. */
export function parseCount(expression: string): CountQuery | undefined {
  const match = COUNT_SHAPE.exec(expression);
  if (match === null) return undefined;
  return { resourceTypes: (match[1] as string).split(',').map((type) => type.trim().slice(1, -1)) };
}

/** One row of the count query, as AWS Config returns aggregation results: a JSON string per group. */
export function projectCount(resourceType: string, count: number): string {
  return JSON.stringify({ resourceType, 'COUNT(*)': count });
}

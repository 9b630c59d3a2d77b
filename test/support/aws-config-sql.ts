/**
 * A tiny evaluator for the AWS Config advanced-query SELECTs the collector sends
 * (https://docs.aws.amazon.com/config/latest/developerguide/querying-AWS-resources.html):
 *
 *   SELECT field, field, … WHERE resourceType = 'AWS::…'
 *
 * Only that shape, and only top-level configuration item fields, are understood. Anything else is
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

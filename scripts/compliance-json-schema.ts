import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ComplianceConfig } from '../engine/config/schema.ts';

const controlsDir = fileURLToPath(new URL('../engine/controls/', import.meta.url));

/**
 * The JSON Schema editors use to complete and check compliance.yml (VS Code YAML, JetBrains):
 * `# yaml-language-server: $schema=./compliance.schema.json`. Generated in input mode, so keys
 * with defaults are optional, as they are to the person writing the file. Control parameters are
 * documented by JSDoc in each control's file; those comments become the editor's hover text.
 */
export function complianceJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ComplianceConfig, { io: 'input', target: 'draft-2020-12' }) as JsonSchema;
  const controls = schema.properties?.controls?.properties ?? {};
  const docs = paramDocs();
  for (const [id, settings] of Object.entries(controls)) {
    for (const [param, property] of Object.entries(settings.properties ?? {})) {
      const doc = docs.get(`${id}.${param}`);
      if (doc !== undefined && property.description === undefined) property.description = doc;
    }
  }
  return { ...schema, title: 'Evident compliance.yml' };
}

interface JsonSchema {
  description?: string;
  properties?: Record<string, JsonSchema>;
}

/** `okta-inactive-users.maxInactiveDays` → the JSDoc above that parameter, as one line. */
function paramDocs(): Map<string, string> {
  const docs = new Map<string, string>();
  for (const file of readdirSync(controlsDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(controlsDir, file), 'utf8');
    const id = /\bid: '([a-z0-9-]+)'/.exec(source)?.[1];
    // Parameters are declared inline (`params: z.strictObject({…})`) or as `const Params = z.strictObject({…});`.
    const params = (/params: z\.strictObject\(\{([\s\S]*?)\n {2}\}\),/.exec(source) ?? /const Params = z\.strictObject\(\{([\s\S]*?)\n\}\);/.exec(source))?.[1];
    if (id === undefined || params === undefined) continue;
    for (const match of params.matchAll(/\/\*\*([\s\S]*?)\*\/\s*\n\s*(\w+):/g)) {
      const text = (match[1] ?? '').split('\n').map((line) => line.replace(/^\s*\*\s?/, '').trim()).filter(Boolean).join(' ');
      docs.set(`${id}.${match[2]}`, text);
    }
  }
  return docs;
}

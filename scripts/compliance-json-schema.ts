import { z } from 'zod';
import { ComplianceConfig } from '../engine/config/schema.ts';

/**
 * The JSON Schema editors use to complete and check compliance.yml (VS Code YAML, JetBrains):
 * `# yaml-language-server: $schema=./compliance.schema.json`. Generated in input mode, so keys
 * with defaults are optional, as they are to the person writing the file.
 */
export function complianceJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ComplianceConfig, { io: 'input', target: 'draft-2020-12' }),
    title: 'Evident compliance.yml',
  };
}

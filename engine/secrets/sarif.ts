/**
 * SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`): one result per finding
 * with the rule, the place, the redacted value and the keyed fingerprint as a partial fingerprint;
 * findings allowed inline carry an in-source suppression; skipped files are tool notifications.
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { EVIDENT_VERSION } from '../version.ts';
import type { SecretRule } from './rule.ts';
import type { ScanReport } from './scanner.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function toSarif(report: ScanReport, rules: readonly SecretRule[]): Log {
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const descriptors: ReportingDescriptor[] = rules.map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, char: string) => char.toUpperCase()),
    shortDescription: { text: `${rule.title} in source` },
    fullDescription: { text: `A ${rule.title} is committed in the source. Anyone who can read the repository, its forks or its history can use it until it is rotated.` },
    ...(rule.docs === undefined ? {} : { helpUri: rule.docs }),
    help: {
      text: 'Revoke and rotate the credential, move it to a secret manager, and remove it from the code. If the value is not a secret, add `evident:allow` to the line.',
    },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', 'secret'], precision: rule.generic === true ? 'medium' : 'high', 'security-severity': rule.generic === true ? '7.5' : '9.0' },
  }));
  const results: Result[] = report.findings.map((finding) => {
    const rule = rules[index.get(finding.rule) ?? -1];
    return {
      ruleId: finding.rule,
      ...(index.has(finding.rule) ? { ruleIndex: index.get(finding.rule) } : {}),
      level: 'error',
      message: { text: `${rule?.title ?? finding.rule} ${finding.redacted} (fingerprint ${finding.fingerprint.slice(0, 12)})` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(finding.file), uriBaseId: '%SRCROOT%' },
            region: { startLine: finding.line, startColumn: finding.column },
          },
        },
      ],
      partialFingerprints: { 'evidentSecret/v1': finding.fingerprint },
      ...(finding.allowed ? { suppressions: [{ kind: 'inSource', justification: 'marked evident:allow on the line' }] } : {}),
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Evident', semanticVersion: EVIDENT_VERSION, rules: descriptors } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.skipped.map((skipped) => ({
              level: 'warning',
              message: { text: `${skipped.file} was not scanned: ${skipped.reason}${skipped.bytes === undefined ? '' : ` (${skipped.bytes} bytes)`}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(skipped.file), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

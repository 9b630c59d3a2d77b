import type { ComplianceConfig } from '../config/schema.ts';
import { catalog } from '../controls/index.ts';
import { evaluateControl } from '../evaluate-control.ts';
import type { Snapshot } from '../model.ts';
import type { ControlRun } from '../run.ts';

/** The change-management controls on one pull request, with the organization's settings. */
export function evaluatePullRequest(snapshot: Snapshot, config: ComplianceConfig, overrides: Record<string, Record<string, unknown>> = {}): ControlRun[] {
  const settings = config.controls as Record<string, ({ enabled?: boolean; severity?: ControlRun['result']['severity'] } & Record<string, unknown>) | undefined>;
  return catalog
    .filter((control) => control.source.id === 'github-pull-request' && settings[control.id]?.enabled !== false)
    .map((control) => {
      const { enabled: _enabled, severity, ...params } = settings[control.id] ?? {};
      const result = evaluateControl(control, snapshot, { severity, params: { ...params, ...overrides[control.id] } });
      return { control, snapshot, result };
    });
}

/**
 * Whether AWS Config is recording in an account and region. Without a recording recorder, Config
 * sees no configuration change and its rules stop evaluating, so every rule result there is stale
 * or absent: a coverage gap, not a neutral fact.
 * https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigurationRecorderStatus.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_RecordingGroup.html
 */
import type { Outcome } from '../../model.ts';
import type { AwsRecorderCoverage } from '../../snapshots/aws.ts';

/** Config records changes here: a recorder exists, is on, and its last recording event did not fail. */
export function isRecording(entry: AwsRecorderCoverage): boolean {
  return entry.recorder !== null && entry.recorder.recording && entry.recorder.lastStatus !== 'Failure';
}

export function recorderOutcome(entry: AwsRecorderCoverage, requireAllSupported: boolean): Outcome {
  const where = `${entry.accountId}/${entry.region}`;
  const resource = `config-recorder:${where}`;
  const { recorder } = entry;
  const details = { accountId: entry.accountId, region: entry.region, recorder };
  if (recorder === null) {
    return { status: 'fail', resource, message: `AWS Config has no configuration recorder in ${where}, so no change there is recorded and no rule evaluates it.`, details };
  }
  const label = `AWS Config recorder ${recorder.name} in ${where}`;
  if (!recorder.recording) {
    const since = recorder.lastStopTime ? ` since ${recorder.lastStopTime}` : '';
    return { status: 'fail', resource, message: `${label} is stopped${since} (recording: false), so changes there go unrecorded.`, details };
  }
  if (recorder.lastStatus === 'Failure') {
    const why = [recorder.lastErrorCode, recorder.lastErrorMessage].filter(Boolean).join(': ') || 'no error given';
    return { status: 'fail', resource, message: `${label} is on but its last recording event failed (${why}).`, details };
  }
  if (requireAllSupported && recorder.allSupported === null) {
    return { status: 'error', resource, message: `${label} is recording, but which resource types it records cannot be seen (an aggregator does not report it); read the account directly or set requireAllSupported: false.`, details };
  }
  if (requireAllSupported && recorder.allSupported === false) {
    const types = recorder.resourceTypes.length === 0 ? 'none listed' : recorder.resourceTypes.join(', ');
    return {
      status: 'fail',
      resource,
      message: `${label} records only ${recorder.resourceTypes.length} selected resource types (${types}), not all supported types.`,
      details,
    };
  }
  const scope = recorder.allSupported === true ? 'all supported resource types' : recorder.allSupported === null ? 'resource types that cannot be seen' : `${recorder.resourceTypes.length} selected resource types`;
  return { status: 'pass', resource, message: `${label} is recording ${scope} (last status ${recorder.lastStatus ?? 'none yet'}).`, details };
}

/**
 * The configuration recorder of one account and region, from its status and its definition:
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorderStatus.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorders.html
 * Without arguments both return the customer managed recorder, the one that records the account;
 * service-linked recorders (with a `servicePrincipal`) record only what their service needs.
 * No customer managed recorder is `null`: Config does not record there, a gap the control fails.
 */
import {
  type ConfigServiceClient,
  type ConfigurationRecorder,
  type ConfigurationRecorderStatus,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
} from '@aws-sdk/client-config-service';
import { type AwsConfigRecorder, AwsRecorderLastStatus } from '../../snapshots/aws.ts';
import { AwsCallError, call } from './part-reader.ts';

export interface RegionalRecorder {
  recorder: AwsConfigRecorder | null;
  /** `arn:aws:config:<region>:<account>:configuration-recorder/…`, which names the account. */
  arn?: string | undefined;
}

/** Reads the recorder, counting each call on `part.pages`. */
export async function readRecorder(client: ConfigServiceClient, part: { pages: number }): Promise<RegionalRecorder> {
  const { ConfigurationRecordersStatus: statuses = [] } = await call('DescribeConfigurationRecorderStatus', () =>
    client.send(new DescribeConfigurationRecorderStatusCommand({})),
  );
  part.pages += 1;
  const status = statuses.find((s) => s.servicePrincipal === undefined && s.name !== undefined);
  if (status === undefined) return { recorder: null };
  const { ConfigurationRecorders: recorders = [] } = await call('DescribeConfigurationRecorders', () =>
    client.send(new DescribeConfigurationRecordersCommand({ ConfigurationRecorderNames: [status.name as string] })),
  );
  part.pages += 1;
  const definition = recorders.find((r) => r.name === status.name);
  if (definition === undefined) {
    throw new AwsCallError('DescribeConfigurationRecorders', new Error(`recorder ${status.name} has a status but no definition`));
  }
  return { recorder: toRecorder(status, definition), arn: status.arn ?? definition.arn };
}

export function toRecorder(status: ConfigurationRecorderStatus, definition: ConfigurationRecorder): AwsConfigRecorder {
  const group = definition.recordingGroup;
  // PutConfigurationRecorder: "If the configuration recorder does not have the recordingGroup field
  // specified, the default is to record all supported resource types."
  // https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationRecorder.html
  const allSupported = group === undefined ? true : group.allSupported === true && group.recordingStrategy?.useOnly !== 'EXCLUSION_BY_RESOURCE_TYPES';
  const lastStatus = AwsRecorderLastStatus.safeParse(status.lastStatus);
  const times = Object.fromEntries(
    (['lastStartTime', 'lastStopTime', 'lastStatusChangeTime'] as const).flatMap((key) => (status[key] === undefined ? [] : [[key, status[key].toISOString()]])),
  );
  return {
    name: status.name ?? definition.name ?? 'default',
    // Not told it is recording is read as not recording: a gap, never a pass.
    recording: status.recording === true,
    lastStatus: lastStatus.success ? lastStatus.data : null,
    ...(status.lastErrorCode === undefined ? {} : { lastErrorCode: status.lastErrorCode }),
    ...(status.lastErrorMessage === undefined ? {} : { lastErrorMessage: status.lastErrorMessage }),
    ...times,
    allSupported,
    // With EXCLUSION_BY_RESOURCE_TYPES the recorded types are "all but these": no list to give.
    resourceTypes: allSupported ? [] : (group?.resourceTypes ?? []).map(String),
  };
}

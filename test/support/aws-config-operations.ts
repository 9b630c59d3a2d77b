/**
 * The AWS Config operations the loopback server answers, with the request members, limits, paging
 * and response shapes of the API reference (JSON 1.1: timestamps are epoch seconds):
 * https://docs.aws.amazon.com/config/latest/APIReference/API_Operations.html
 *
 * Each operation reads the world of the calling account and region (non-aggregated calls) or of
 * the sources of the named aggregator (aggregated calls). Unknown members are ignored as AWS does;
 * a missing required member, a Limit above the documented maximum, a NextToken of another request
 * or a query the SQL evaluator does not know are refused with the exception AWS documents.
 */
import type { AwsConfigRecorder, AwsConfigRuleResult } from '../../engine/snapshots/aws.ts';
import { parseCount, parseSelect, project, projectCount } from './aws-config-sql.ts';
import type { ConfigItem, ConfigWorld, WorldAggregator } from './aws-config-world.ts';

export class ServiceError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

export interface CallScope {
  accountId: string;
  region: string;
  world: ConfigWorld;
  /** Caps every page of an operation below what the request asked (AWS may return fewer than Limit). */
  pageCap?: number | undefined;
}

type Input = Record<string, unknown>;
type Operation = (input: Input, scope: CallScope) => unknown;

const seconds = (iso: string | Date | null | undefined) => (iso == null ? undefined : new Date(iso).getTime() / 1000);

/** The page a request asks for: 0 without a NextToken; -1 for a token this server did not issue. */
export function pageOf(input: Input): number {
  if (input.NextToken === undefined || input.NextToken === '') return 0;
  try {
    const token = JSON.parse(Buffer.from(String(input.NextToken), 'base64url').toString('utf8')) as { page: number };
    return typeof token.page === 'number' ? token.page : -1;
  } catch {
    return -1;
  }
}

/**
 * One page of `all`. The token names the request it continues (operation and key), as AWS refuses
 * a NextToken used with other parameters (InvalidNextTokenException).
 */
function paged<T>(operation: string, key: string, all: readonly T[], input: Input, limit: { default: number; max: number }, scope: CallScope) {
  const requested = input.Limit ?? input.MaxResults;
  if (requested !== undefined && (typeof requested !== 'number' || requested < 0 || requested > limit.max)) {
    throw new ServiceError('InvalidLimitException', `Limit ${String(requested)} is not valid for ${operation}; the maximum is ${limit.max}.`);
  }
  const size = Math.min(requested === undefined || requested === 0 ? limit.default : requested, scope.pageCap ?? Infinity);
  let offset = 0;
  let page = 0;
  if (input.NextToken !== undefined && input.NextToken !== '') {
    let token: { operation?: string; key?: string; offset?: number; page?: number } = {};
    try {
      token = JSON.parse(Buffer.from(String(input.NextToken), 'base64url').toString('utf8'));
    } catch {
      // Falls through to the refusal below.
    }
    if (token.operation !== operation || token.key !== key || typeof token.offset !== 'number' || typeof token.page !== 'number') {
      throw new ServiceError('InvalidNextTokenException', 'The specified next token is invalid. Specify the nextToken string that was returned in the previous response to get the next page of results.');
    }
    offset = token.offset;
    page = token.page;
  }
  const items = all.slice(offset, offset + size);
  const next = offset + size < all.length ? Buffer.from(JSON.stringify({ operation, key, offset: offset + size, page: page + 1 })).toString('base64url') : undefined;
  return { items, NextToken: next };
}

function required(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw new ServiceError('ValidationException', `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function recorderOf(scope: CallScope): AwsConfigRecorder | null {
  return scope.world.recorders.get(`${scope.accountId}/${scope.region}`) ?? null;
}

function recorderArn(scope: CallScope, recorder: AwsConfigRecorder): string {
  return `arn:aws:config:${scope.region}:${scope.accountId}:configuration-recorder/${recorder.name}/a1b2c3d4`;
}

function rulesHere(scope: CallScope): AwsConfigRuleResult[] {
  return scope.world.rules.filter((rule) => rule.accountId === scope.accountId && rule.region === scope.region);
}

function aggregatorOf(input: Input, scope: CallScope): WorldAggregator {
  const name = required(input, 'ConfigurationAggregatorName');
  const aggregator = scope.world.aggregators.find((a) => a.name === name && a.accountId === scope.accountId && a.region === scope.region);
  if (aggregator === undefined) {
    throw new ServiceError('NoSuchConfigurationAggregatorException', `The configuration aggregator ${name} does not exist in ${scope.accountId}/${scope.region}. Check the aggregator name and try again.`);
  }
  return aggregator;
}

/** The account/region pairs an aggregator collects from (its ACCOUNT sources). */
function aggregated(aggregator: WorldAggregator): (accountId: string, region: string) => boolean {
  const pairs = new Set(aggregator.sources.filter((s) => s.SourceType === 'ACCOUNT').map((s) => `${s.SourceId}/${s.AwsRegion}`));
  return (accountId, region) => pairs.has(`${accountId}/${region}`);
}

/** https://docs.aws.amazon.com/config/latest/APIReference/API_Compliance.html: a NON_COMPLIANT rule counts its contributors, up to 100. */
function compliance(rule: AwsConfigRuleResult) {
  return {
    ComplianceType: rule.compliance,
    ...(rule.compliance === 'NON_COMPLIANT'
      ? { ComplianceContributorCount: { CappedCount: Math.min(100, rule.nonCompliantResources.length), CapExceeded: rule.nonCompliantResources.length > 100 } }
      : {}),
  };
}

function evaluationResults(rule: AwsConfigRuleResult) {
  return rule.nonCompliantResources.map((resource) => ({
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: { ConfigRuleName: rule.name, ResourceType: resource.type, ResourceId: resource.id, EvaluationMode: 'DETECTIVE' },
      OrderingTimestamp: 1_793_000_000,
    },
    ComplianceType: 'NON_COMPLIANT',
    ResultRecordedTime: 1_793_000_100,
    ConfigRuleInvokedTime: 1_793_000_050,
    ...(resource.annotation === undefined ? {} : { Annotation: resource.annotation }),
  }));
}

/**
 * The items a SELECT reads, per world and scope: computed once, as paging through 50,000 items
 * would otherwise filter them all again for every page.
 */
const selected = new WeakMap<ConfigWorld, Map<string, ConfigItem[]>>();

function select(operation: string, scopeKey: string, inScope: (item: ConfigItem) => boolean, input: Input, scope: CallScope) {
  const expression = required(input, 'Expression');
  const count = parseCount(expression);
  if (count !== undefined) {
    // Aggregation results: one row per group that has items (https://docs.aws.amazon.com/config/latest/developerguide/query-components.html).
    const rows = count.resourceTypes
      .map((type) => ({ type, count: scope.world.items.filter((item) => item.resourceType === type && inScope(item)).length }))
      .filter((row) => row.count > 0)
      .map((row) => projectCount(row.type, row.count));
    const { items: page, NextToken } = paged(operation, expression, rows, input, { default: 500, max: 100 }, scope);
    return {
      Results: page,
      QueryInfo: { SelectFields: [{ Name: 'resourceType' }, { Name: 'COUNT(*)' }] },
      ...(NextToken === undefined ? {} : { NextToken }),
    };
  }
  const query = parseSelect(expression);
  const cache = selected.get(scope.world) ?? new Map<string, ConfigItem[]>();
  selected.set(scope.world, cache);
  const key = `${scopeKey}|${query.resourceType}`;
  const matching = cache.get(key) ?? scope.world.items.filter((item) => item.resourceType === query.resourceType && inScope(item));
  cache.set(key, matching);
  const { items: page, NextToken } = paged(operation, expression, matching, input, { default: 100, max: 100 }, scope);
  return {
    Results: page.map((item) => project(item, query.fields)),
    QueryInfo: { SelectFields: query.fields.map((Name) => ({ Name })) },
    ...(NextToken === undefined ? {} : { NextToken }),
  };
}

export const OPERATIONS: Record<string, Operation> = {
  // https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorderStatus.html
  DescribeConfigurationRecorderStatus(_input, scope) {
    const recorder = recorderOf(scope);
    if (recorder === null) return { ConfigurationRecordersStatus: [] };
    return {
      ConfigurationRecordersStatus: [
        {
          arn: recorderArn(scope, recorder),
          name: recorder.name,
          recording: recorder.recording,
          lastStatus: recorder.lastStatus ?? undefined,
          lastStartTime: seconds(recorder.lastStartTime),
          lastStopTime: seconds(recorder.lastStopTime),
          lastStatusChangeTime: seconds(recorder.lastStatusChangeTime),
          lastErrorCode: recorder.lastErrorCode,
          lastErrorMessage: recorder.lastErrorMessage,
        },
      ],
    };
  },

  // https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorders.html
  DescribeConfigurationRecorders(_input, scope) {
    const recorder = recorderOf(scope);
    if (recorder === null) return { ConfigurationRecorders: [] };
    return {
      ConfigurationRecorders: [
        {
          arn: recorderArn(scope, recorder),
          name: recorder.name,
          roleARN: `arn:aws:iam::${scope.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
          recordingGroup: {
            allSupported: recorder.allSupported,
            includeGlobalResourceTypes: recorder.allSupported,
            resourceTypes: recorder.resourceTypes,
            exclusionByResourceTypes: { resourceTypes: [] },
            recordingStrategy: { useOnly: recorder.allSupported ? 'ALL_SUPPORTED_RESOURCE_TYPES' : 'INCLUSION_BY_RESOURCE_TYPES' },
          },
          recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
        },
      ],
    };
  },

  // https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeComplianceByConfigRule.html (no Limit: the service sets the page size)
  DescribeComplianceByConfigRule(input, scope) {
    const names = input.ConfigRuleNames as string[] | undefined;
    const types = input.ComplianceTypes as string[] | undefined;
    const rules = rulesHere(scope).filter((r) => (names === undefined || names.includes(r.name)) && (types === undefined || types.includes(r.compliance)));
    const { items, NextToken } = paged('DescribeComplianceByConfigRule', JSON.stringify([names, types]), rules, { NextToken: input.NextToken }, { default: 25, max: 25 }, scope);
    return {
      ComplianceByConfigRules: items.map((r) => ({
        ConfigRuleName: r.name,
        Compliance: compliance(r),
      })),
      ...(NextToken === undefined ? {} : { NextToken }),
    };
  },

  // https://docs.aws.amazon.com/config/latest/APIReference/API_GetComplianceDetailsByConfigRule.html (Limit default 10, max 100)
  GetComplianceDetailsByConfigRule(input, scope) {
    const name = required(input, 'ConfigRuleName');
    const rule = rulesHere(scope).find((r) => r.name === name);
    if (rule === undefined) throw new ServiceError('NoSuchConfigRuleException', `The ConfigRule '${name}' provided in the request is invalid. Please check the configRule name.`);
    const types = (input.ComplianceTypes as string[] | undefined) ?? ['COMPLIANT', 'NON_COMPLIANT'];
    const results = types.includes('NON_COMPLIANT') ? evaluationResults(rule) : [];
    const { items, NextToken } = paged('GetComplianceDetailsByConfigRule', `${name}:${types.join()}`, results, input, { default: 10, max: 100 }, scope);
    return { EvaluationResults: items, ...(NextToken === undefined ? {} : { NextToken }) };
  },

  // https://docs.aws.amazon.com/config/latest/APIReference/API_SelectResourceConfig.html (Limit max 100)
  SelectResourceConfig(input, scope) {
    return select('SelectResourceConfig', `${scope.accountId}/${scope.region}`, (item) => item.accountId === scope.accountId && item.awsRegion === scope.region, input, scope);
  },

  // https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationAggregatorSourcesStatus.html (Limit max 100)
  DescribeConfigurationAggregatorSourcesStatus(input, scope) {
    const aggregator = aggregatorOf(input, scope);
    const statuses = input.UpdateStatus as string[] | undefined;
    const sources = aggregator.sources.filter((s) => statuses === undefined || statuses.includes(s.LastUpdateStatus));
    const { items, NextToken } = paged('DescribeConfigurationAggregatorSourcesStatus', `${aggregator.name}:${statuses?.join() ?? ''}`, sources, input, { default: 100, max: 100 }, scope);
    return {
      AggregatedSourceStatusList: items.map((s) => ({ ...s, LastUpdateTime: seconds(s.LastUpdateTime) })),
      ...(NextToken === undefined ? {} : { NextToken }),
    };
  },

  // https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeAggregateComplianceByConfigRules.html (Limit max 1000)
  DescribeAggregateComplianceByConfigRules(input, scope) {
    const aggregator = aggregatorOf(input, scope);
    const inScope = aggregated(aggregator);
    const f = (input.Filters ?? {}) as Record<string, string | undefined>;
    const rules = scope.world.rules.filter(
      (r) =>
        inScope(r.accountId, r.region) &&
        (f.ConfigRuleName === undefined || f.ConfigRuleName === r.name) &&
        (f.ComplianceType === undefined || f.ComplianceType === r.compliance) &&
        (f.AccountId === undefined || f.AccountId === r.accountId) &&
        (f.AwsRegion === undefined || f.AwsRegion === r.region),
    );
    const { items, NextToken } = paged('DescribeAggregateComplianceByConfigRules', `${aggregator.name}:${JSON.stringify(f)}`, rules, input, { default: 1000, max: 1000 }, scope);
    return {
      AggregateComplianceByConfigRules: items.map((r) => ({ ConfigRuleName: r.name, Compliance: compliance(r), AccountId: r.accountId, AwsRegion: r.region })),
      ...(NextToken === undefined ? {} : { NextToken }),
    };
  },

  // https://docs.aws.amazon.com/config/latest/APIReference/API_GetAggregateComplianceDetailsByConfigRule.html (Limit default 50, max 100)
  GetAggregateComplianceDetailsByConfigRule(input, scope) {
    const aggregator = aggregatorOf(input, scope);
    const name = required(input, 'ConfigRuleName');
    const accountId = required(input, 'AccountId');
    const region = required(input, 'AwsRegion');
    const rule = aggregated(aggregator)(accountId, region) ? scope.world.rules.find((r) => r.name === name && r.accountId === accountId && r.region === region) : undefined;
    if (rule === undefined) throw new ServiceError('NoSuchConfigRuleException', `The ConfigRule '${name}' is not in ${accountId}/${region} of aggregator ${aggregator.name}.`);
    const type = input.ComplianceType as string | undefined;
    const results = type === undefined || type === 'NON_COMPLIANT' ? evaluationResults(rule).map((r) => ({ ...r, AccountId: accountId, AwsRegion: region })) : [];
    const { items, NextToken } = paged('GetAggregateComplianceDetailsByConfigRule', `${aggregator.name}:${name}:${accountId}:${region}:${type ?? ''}`, results, input, { default: 50, max: 100 }, scope);
    return { AggregateEvaluationResults: items, ...(NextToken === undefined ? {} : { NextToken }) };
  },

  // https://docs.aws.amazon.com/config/latest/APIReference/API_SelectAggregateResourceConfig.html (Limit max 100)
  SelectAggregateResourceConfig(input, scope) {
    const aggregator = aggregatorOf(input, scope);
    const inScope = aggregated(aggregator);
    return select('SelectAggregateResourceConfig', `aggregator/${aggregator.name}`, (item) => inScope(item.accountId, item.awsRegion), input, scope);
  },
};

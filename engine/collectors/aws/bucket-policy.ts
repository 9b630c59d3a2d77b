/**
 * Whether a bucket policy is public, read conservatively from its text. AWS Config records the
 * policy (`supplementaryConfiguration.BucketPolicy.policyText`) but not S3's own verdict
 * (GetBucketPolicyStatus `IsPublic`), so the verdict is derived here where it is certain and left
 * unknown (null) where it is not:
 *
 * - no policy: not public (false), as GetBucketPolicyStatus reports for a bucket without one;
 * - an Allow statement for every principal ("*", {"AWS": "*"}) with no Condition: public (true);
 * - an Allow for every principal narrowed by a Condition, or any Allow with NotPrincipal: S3 calls
 *   it public unless the condition fixes values such as aws:SourceIp or aws:SourceVpc, which Evident
 *   does not evaluate: unknown (null);
 * - Allow statements only for named principals: not public (false).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 */

export function policyIsPublic(policyText: unknown): boolean | null {
  if (policyText === null || policyText === undefined || policyText === '') return false;
  let document: unknown;
  try {
    document = typeof policyText === 'string' ? JSON.parse(policyText) : policyText;
  } catch {
    return null;
  }
  const raw = (document as { Statement?: unknown } | null)?.Statement;
  if (raw === undefined) return null;
  const statements = (Array.isArray(raw) ? raw : [raw]) as Record<string, unknown>[];
  let unknown = false;
  for (const statement of statements) {
    if (statement?.Effect !== 'Allow') continue;
    if ('NotPrincipal' in statement) {
      unknown = true;
      continue;
    }
    if (!grantsEveryone(statement.Principal)) continue;
    const condition = statement.Condition;
    if (condition === undefined || (typeof condition === 'object' && condition !== null && Object.keys(condition).length === 0)) return true;
    unknown = true;
  }
  return unknown ? null : false;
}

function grantsEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = (principal as { AWS?: unknown }).AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

/**
 * The compliance.yml of the sample organization. The demo writes it next to its output and loads
 * it through the same validator as a real one, so it is also an example to copy.
 */
export const SAMPLE_CONFIG = `version: 1
organization: Acme (sample)
evidence: { store: filesystem, path: evidence }
sources:
  github: { org: acme, complianceRepo: compliance }
  okta: { orgUrl: "https://acme.okta.com" }
  aws: { regions: [us-east-1, eu-west-1], accountIds: ["123456789012"] }
controls:
  pr-approved: { minApprovals: 1, dismissStaleApprovals: true }
  pr-ticket-linked: { jiraProjects: [SEC, ENG, OPS] }
  okta-mfa-enrolled: { exemptUsers: [svc-ci@acme.example] }
  okta-inactive-users: { maxInactiveDays: 90, exemptGroups: [break-glass, service-accounts] }
  aws-sg-no-open-ingress: { ports: [22, 3389, 3306, 5432, 6379] }
  aws-config-rules-compliant:
    rules:
      restricted-ssh: [CC6.6, A.8.20]
      s3-bucket-public-read-prohibited: [CC6.1, A.8.3]
  github-default-branch-protected: { excludeRepositories: ["acme/*-sandbox"] }
triage:
  sla: { critical: 24, high: 72, medium: 168, low: 720 }
# The sample's workflow runs daily; a longer silence is reported as a gap.
schedule: { everyHours: 24 }
`;

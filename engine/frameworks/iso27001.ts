/**
 * ISO/IEC 27001:2022 Annex A (Table A.1): the 93 information security controls, with their titles
 * as the standard gives them, in four themes: organizational (A.5), people (A.6), physical (A.7)
 * and technological (A.8).
 *
 * `controls` lists the Evident controls whose results an auditor can take as evidence for the
 * Annex A control; most Annex A controls are met by policies and procedures and list none.
 *
 * `aliases` accepts ISO/IEC 27001:2013 Annex A identifiers, following the correspondence of
 * ISO/IEC 27002:2022 Annex B (Table B.2, 2013 → 2022).
 */
import { type Criterion, defineFramework } from './define-framework.ts';

const criteria: readonly Criterion[] = [
  // A.5 Organizational controls
  { id: 'A.5.1', title: 'Policies for information security', controls: [] },
  { id: 'A.5.2', title: 'Information security roles and responsibilities', controls: [] },
  // A reviewer other than the author, required and then verified, is segregation of duties in development.
  { id: 'A.5.3', title: 'Segregation of duties', controls: ['pr-approved', 'github-default-branch-protected'] },
  { id: 'A.5.4', title: 'Management responsibilities', controls: [] },
  { id: 'A.5.5', title: 'Contact with authorities', controls: [] },
  { id: 'A.5.6', title: 'Contact with special interest groups', controls: [] },
  { id: 'A.5.7', title: 'Threat intelligence', controls: [] },
  { id: 'A.5.8', title: 'Information security in project management', controls: [] },
  { id: 'A.5.9', title: 'Inventory of information and other associated assets', controls: [] },
  { id: 'A.5.10', title: 'Acceptable use of information and other associated assets', controls: [] },
  { id: 'A.5.11', title: 'Return of assets', controls: [] },
  { id: 'A.5.12', title: 'Classification of information', controls: [] },
  { id: 'A.5.13', title: 'Labelling of information', controls: [] },
  { id: 'A.5.14', title: 'Information transfer', controls: [] },
  { id: 'A.5.15', title: 'Access control', controls: ['okta-inactive-users', 'github-outside-collaborators-no-admin'] },
  // Identities no longer needed are to be disabled (the identity life cycle).
  { id: 'A.5.16', title: 'Identity management', controls: ['okta-inactive-users'] },
  // MFA enrolment and secrets kept out of code are both the management of authentication information.
  { id: 'A.5.17', title: 'Authentication information', controls: ['github-org-2fa-required', 'okta-mfa-enrolled', 'okta-admin-mfa', 'pr-no-secrets', 'github-secret-scanning-enabled'] },
  { id: 'A.5.18', title: 'Access rights', controls: ['okta-inactive-users', 'github-outside-collaborators-no-admin'] },
  { id: 'A.5.19', title: 'Information security in supplier relationships', controls: [] },
  { id: 'A.5.20', title: 'Addressing information security within supplier agreements', controls: [] },
  { id: 'A.5.21', title: 'Managing information security in the information and communication technology (ICT) supply chain', controls: [] },
  { id: 'A.5.22', title: 'Monitoring, review and change management of supplier services', controls: [] },
  { id: 'A.5.23', title: 'Information security for use of cloud services', controls: [] },
  { id: 'A.5.24', title: 'Information security incident management planning and preparation', controls: [] },
  { id: 'A.5.25', title: 'Assessment and decision on information security events', controls: [] },
  { id: 'A.5.26', title: 'Response to information security incidents', controls: [] },
  { id: 'A.5.27', title: 'Learning from information security incidents', controls: [] },
  { id: 'A.5.28', title: 'Collection of evidence', controls: [] },
  { id: 'A.5.29', title: 'Information security during disruption', controls: [] },
  { id: 'A.5.30', title: 'ICT readiness for business continuity', controls: [] },
  { id: 'A.5.31', title: 'Legal, statutory, regulatory and contractual requirements', controls: [] },
  { id: 'A.5.32', title: 'Intellectual property rights', controls: [] },
  { id: 'A.5.33', title: 'Protection of records', controls: [] },
  { id: 'A.5.34', title: 'Privacy and protection of PII', controls: [] },
  { id: 'A.5.35', title: 'Independent review of information security', controls: [] },
  // Config rules are automated technical compliance reviews (2013 A.18.2.3 became 5.36 and 8.8).
  { id: 'A.5.36', title: 'Compliance with policies, rules and standards for information security', controls: ['aws-config-rules-compliant'] },
  { id: 'A.5.37', title: 'Documented operating procedures', controls: [] },

  // A.6 People controls
  { id: 'A.6.1', title: 'Screening', controls: [] },
  { id: 'A.6.2', title: 'Terms and conditions of employment', controls: [] },
  { id: 'A.6.3', title: 'Information security awareness, education and training', controls: [] },
  { id: 'A.6.4', title: 'Disciplinary process', controls: [] },
  { id: 'A.6.5', title: 'Responsibilities after termination or change of employment', controls: [] },
  { id: 'A.6.6', title: 'Confidentiality or non-disclosure agreements', controls: [] },
  { id: 'A.6.7', title: 'Remote working', controls: [] },
  { id: 'A.6.8', title: 'Information security event reporting', controls: [] },

  // A.7 Physical controls
  { id: 'A.7.1', title: 'Physical security perimeters', controls: [] },
  { id: 'A.7.2', title: 'Physical entry', controls: [] },
  { id: 'A.7.3', title: 'Securing offices, rooms and facilities', controls: [] },
  { id: 'A.7.4', title: 'Physical security monitoring', controls: [] },
  { id: 'A.7.5', title: 'Protecting against physical and environmental threats', controls: [] },
  { id: 'A.7.6', title: 'Working in secure areas', controls: [] },
  { id: 'A.7.7', title: 'Clear desk and clear screen', controls: [] },
  { id: 'A.7.8', title: 'Equipment siting and protection', controls: [] },
  { id: 'A.7.9', title: 'Security of assets off-premises', controls: [] },
  { id: 'A.7.10', title: 'Storage media', controls: [] },
  { id: 'A.7.11', title: 'Supporting utilities', controls: [] },
  { id: 'A.7.12', title: 'Cabling security', controls: [] },
  { id: 'A.7.13', title: 'Equipment maintenance', controls: [] },
  { id: 'A.7.14', title: 'Secure disposal or re-use of equipment', controls: [] },

  // A.8 Technological controls
  { id: 'A.8.1', title: 'User end point devices', controls: [] },
  { id: 'A.8.2', title: 'Privileged access rights', controls: ['okta-admin-mfa', 'github-outside-collaborators-no-admin'] },
  { id: 'A.8.3', title: 'Information access restriction', controls: ['aws-s3-public-access-blocked'] },
  // Write access to the default branch only through reviewed pull requests.
  { id: 'A.8.4', title: 'Access to source code', controls: ['github-default-branch-protected', 'github-outside-collaborators-no-admin'] },
  { id: 'A.8.5', title: 'Secure authentication', controls: ['github-org-2fa-required', 'okta-mfa-enrolled', 'okta-admin-mfa'] },
  { id: 'A.8.6', title: 'Capacity management', controls: [] },
  { id: 'A.8.7', title: 'Protection against malware', controls: [] },
  { id: 'A.8.8', title: 'Management of technical vulnerabilities', controls: [] },
  { id: 'A.8.9', title: 'Configuration management', controls: ['aws-config-rules-compliant'] },
  { id: 'A.8.10', title: 'Information deletion', controls: [] },
  { id: 'A.8.11', title: 'Data masking', controls: [] },
  { id: 'A.8.12', title: 'Data leakage prevention', controls: ['aws-s3-public-access-blocked', 'github-secret-scanning-enabled'] },
  { id: 'A.8.13', title: 'Information backup', controls: [] },
  { id: 'A.8.14', title: 'Redundancy of information processing facilities', controls: [] },
  { id: 'A.8.15', title: 'Logging', controls: [] },
  { id: 'A.8.16', title: 'Monitoring activities', controls: ['aws-config-rules-compliant'] },
  { id: 'A.8.17', title: 'Clock synchronization', controls: [] },
  { id: 'A.8.18', title: 'Use of privileged utility programs', controls: [] },
  { id: 'A.8.19', title: 'Installation of software on operational systems', controls: [] },
  { id: 'A.8.20', title: 'Networks security', controls: ['aws-sg-no-open-ingress'] },
  { id: 'A.8.21', title: 'Security of network services', controls: [] },
  { id: 'A.8.22', title: 'Segregation of networks', controls: ['aws-sg-no-open-ingress'] },
  { id: 'A.8.23', title: 'Web filtering', controls: [] },
  // Secret keys belong in key management, not in source code.
  { id: 'A.8.24', title: 'Use of cryptography', controls: ['pr-no-secrets', 'github-secret-scanning-enabled'] },
  { id: 'A.8.25', title: 'Secure development life cycle', controls: [] },
  { id: 'A.8.26', title: 'Application security requirements', controls: [] },
  { id: 'A.8.27', title: 'Secure system architecture and engineering principles', controls: [] },
  // ISO/IEC 27002:2022 8.28 names hard-coded passwords as an insecure technique to prohibit.
  { id: 'A.8.28', title: 'Secure coding', controls: ['pr-no-secrets'] },
  { id: 'A.8.29', title: 'Security testing in development and acceptance', controls: [] },
  { id: 'A.8.30', title: 'Outsourced development', controls: [] },
  { id: 'A.8.31', title: 'Separation of development, test and production environments', controls: [] },
  { id: 'A.8.32', title: 'Change management', controls: ['pr-approved', 'pr-ticket-linked', 'github-default-branch-protected'] },
  { id: 'A.8.33', title: 'Test information', controls: [] },
  { id: 'A.8.34', title: 'Protection of information systems during audit testing', controls: [] },
];

/**
 * ISO/IEC 27002:2022 Table B.2: each of the 114 ISO/IEC 27001:2013 Annex A controls and the 2022
 * control(s) it became. One line per 2013 category; only A.18.2.3 was split in two.
 */
const controls2013: Readonly<Record<string, readonly string[]>> = {
  // A.5 Information security policies
  'A.5.1.1': ['A.5.1'], 'A.5.1.2': ['A.5.1'],
  // A.6 Organization of information security
  'A.6.1.1': ['A.5.2'], 'A.6.1.2': ['A.5.3'], 'A.6.1.3': ['A.5.5'], 'A.6.1.4': ['A.5.6'], 'A.6.1.5': ['A.5.8'],
  'A.6.2.1': ['A.8.1'], 'A.6.2.2': ['A.6.7'],
  // A.7 Human resource security
  'A.7.1.1': ['A.6.1'], 'A.7.1.2': ['A.6.2'],
  'A.7.2.1': ['A.5.4'], 'A.7.2.2': ['A.6.3'], 'A.7.2.3': ['A.6.4'],
  'A.7.3.1': ['A.6.5'],
  // A.8 Asset management
  'A.8.1.1': ['A.5.9'], 'A.8.1.2': ['A.5.9'], 'A.8.1.3': ['A.5.10'], 'A.8.1.4': ['A.5.11'],
  'A.8.2.1': ['A.5.12'], 'A.8.2.2': ['A.5.13'], 'A.8.2.3': ['A.5.10'],
  'A.8.3.1': ['A.7.10'], 'A.8.3.2': ['A.7.10'], 'A.8.3.3': ['A.7.10'],
  // A.9 Access control
  'A.9.1.1': ['A.5.15'], 'A.9.1.2': ['A.5.15'],
  'A.9.2.1': ['A.5.16'], 'A.9.2.2': ['A.5.18'], 'A.9.2.3': ['A.8.2'], 'A.9.2.4': ['A.5.17'], 'A.9.2.5': ['A.5.18'], 'A.9.2.6': ['A.5.18'],
  'A.9.3.1': ['A.5.17'],
  'A.9.4.1': ['A.8.3'], 'A.9.4.2': ['A.8.5'], 'A.9.4.3': ['A.5.17'], 'A.9.4.4': ['A.8.18'], 'A.9.4.5': ['A.8.4'],
  // A.10 Cryptography
  'A.10.1.1': ['A.8.24'], 'A.10.1.2': ['A.8.24'],
  // A.11 Physical and environmental security
  'A.11.1.1': ['A.7.1'], 'A.11.1.2': ['A.7.2'], 'A.11.1.3': ['A.7.3'], 'A.11.1.4': ['A.7.5'], 'A.11.1.5': ['A.7.6'], 'A.11.1.6': ['A.7.2'],
  'A.11.2.1': ['A.7.8'], 'A.11.2.2': ['A.7.11'], 'A.11.2.3': ['A.7.12'], 'A.11.2.4': ['A.7.13'], 'A.11.2.5': ['A.7.10'],
  'A.11.2.6': ['A.7.9'], 'A.11.2.7': ['A.7.14'], 'A.11.2.8': ['A.8.1'], 'A.11.2.9': ['A.7.7'],
  // A.12 Operations security
  'A.12.1.1': ['A.5.37'], 'A.12.1.2': ['A.8.32'], 'A.12.1.3': ['A.8.6'], 'A.12.1.4': ['A.8.31'],
  'A.12.2.1': ['A.8.7'],
  'A.12.3.1': ['A.8.13'],
  'A.12.4.1': ['A.8.15'], 'A.12.4.2': ['A.8.15'], 'A.12.4.3': ['A.8.15'], 'A.12.4.4': ['A.8.17'],
  'A.12.5.1': ['A.8.19'],
  'A.12.6.1': ['A.8.8'], 'A.12.6.2': ['A.8.19'],
  'A.12.7.1': ['A.8.34'],
  // A.13 Communications security
  'A.13.1.1': ['A.8.20'], 'A.13.1.2': ['A.8.21'], 'A.13.1.3': ['A.8.22'],
  'A.13.2.1': ['A.5.14'], 'A.13.2.2': ['A.5.14'], 'A.13.2.3': ['A.5.14'], 'A.13.2.4': ['A.6.6'],
  // A.14 System acquisition, development and maintenance
  'A.14.1.1': ['A.5.8'], 'A.14.1.2': ['A.8.26'], 'A.14.1.3': ['A.8.26'],
  'A.14.2.1': ['A.8.25'], 'A.14.2.2': ['A.8.32'], 'A.14.2.3': ['A.8.32'], 'A.14.2.4': ['A.8.32'], 'A.14.2.5': ['A.8.27'],
  'A.14.2.6': ['A.8.31'], 'A.14.2.7': ['A.8.30'], 'A.14.2.8': ['A.8.29'], 'A.14.2.9': ['A.8.29'],
  'A.14.3.1': ['A.8.33'],
  // A.15 Supplier relationships
  'A.15.1.1': ['A.5.19'], 'A.15.1.2': ['A.5.20'], 'A.15.1.3': ['A.5.21'],
  'A.15.2.1': ['A.5.22'], 'A.15.2.2': ['A.5.22'],
  // A.16 Information security incident management
  'A.16.1.1': ['A.5.24'], 'A.16.1.2': ['A.6.8'], 'A.16.1.3': ['A.6.8'], 'A.16.1.4': ['A.5.25'], 'A.16.1.5': ['A.5.26'],
  'A.16.1.6': ['A.5.27'], 'A.16.1.7': ['A.5.28'],
  // A.17 Information security aspects of business continuity management
  'A.17.1.1': ['A.5.29'], 'A.17.1.2': ['A.5.29'], 'A.17.1.3': ['A.5.29'],
  'A.17.2.1': ['A.8.14'],
  // A.18 Compliance
  'A.18.1.1': ['A.5.31'], 'A.18.1.2': ['A.5.32'], 'A.18.1.3': ['A.5.33'], 'A.18.1.4': ['A.5.34'], 'A.18.1.5': ['A.5.31'],
  'A.18.2.1': ['A.5.35'], 'A.18.2.2': ['A.5.36'], 'A.18.2.3': ['A.5.36', 'A.8.8'],
};

/**
 * The 2013 controls, plus each 2013 category (`A.9.2`) and clause (`A.9`) resolving to the union of
 * what its controls became, de-duplicated and in 2022 order.
 *
 * Current 2022 ids win over 2013 ones. A 2013 control (`A.9.4.2`) has three numeric levels and a
 * clause (`A.9`) one, so neither can be mistaken for a 2022 control (always two: `A.8.5`); but the
 * 2013 categories A.5.1, A.6.1, A.6.2, A.7.1–A.7.3 and A.8.1–A.8.3 have the form of 2022 controls
 * (2013 A.8.1 "Responsibility for assets" vs 2022 A.8.1 "User end point devices"). Those keys are
 * left out rather than shadowed: resolveCriterion looks at criteria first anyway, and a table that
 * held them would claim a meaning the identifier no longer has.
 */
function aliasesFrom2013(controls: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  const current = new Map(criteria.map((criterion, index) => [criterion.id, index]));
  const groups = new Map<string, Set<string>>();
  for (const [control, targets] of Object.entries(controls)) {
    const [clause, category] = control.split('.').slice(1);
    for (const key of [control, `A.${clause}.${category}`, `A.${clause}`]) {
      if (current.has(key)) continue;
      const union = groups.get(key) ?? new Set<string>();
      for (const target of targets) union.add(target);
      groups.set(key, union);
    }
  }
  // Natural order of the 2022 ids (A.5.2 before A.5.10), which is the order of `criteria`.
  const order = (id: string) => current.get(id) ?? Number.POSITIVE_INFINITY;
  return Object.fromEntries([...groups].map(([key, targets]) => [key, [...targets].sort((a, b) => order(a) - order(b))]));
}

export const iso27001 = defineFramework({
  id: 'iso27001',
  name: 'ISO/IEC 27001:2022 Annex A',
  labelPrefix: 'iso27001',
  criteria,
  aliases: aliasesFrom2013(controls2013),
});

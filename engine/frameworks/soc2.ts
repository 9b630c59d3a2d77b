/**
 * SOC 2: the AICPA Trust Services Criteria (TSC section 100, 2017, with revised points of focus 2022).
 * Titles are the criteria as the AICPA states them; CC1–CC5 restate COSO 2013 principles and keep
 * the principle's number, as the TSC does. The common criteria (Security) are complete, plus the
 * additional criteria for Availability (A1) and Confidentiality (C1); Processing Integrity and
 * Privacy are out of Evident's scope.
 *
 * `controls` lists the Evident controls whose results an auditor can take as evidence for the
 * criterion; a criterion no control tests has none (it is met by policies and procedures).
 */
import { defineFramework } from './define-framework.ts';

export const soc2 = defineFramework({
  id: 'soc2',
  name: 'SOC 2 Trust Services Criteria (2017, revised points of focus 2022)',
  labelPrefix: 'soc2',
  criteria: [
    // CC1 Control environment
    { id: 'CC1.1', title: 'COSO Principle 1: The entity demonstrates a commitment to integrity and ethical values.', controls: [] },
    {
      id: 'CC1.2',
      title: 'COSO Principle 2: The board of directors demonstrates independence from management and exercises oversight of the development and performance of internal control.',
      controls: [],
    },
    {
      id: 'CC1.3',
      title: 'COSO Principle 3: Management establishes, with board oversight, structures, reporting lines, and appropriate authorities and responsibilities in the pursuit of objectives.',
      controls: [],
    },
    {
      id: 'CC1.4',
      title: 'COSO Principle 4: The entity demonstrates a commitment to attract, develop, and retain competent individuals in alignment with objectives.',
      controls: [],
    },
    {
      id: 'CC1.5',
      title: 'COSO Principle 5: The entity holds individuals accountable for their internal control responsibilities in the pursuit of objectives.',
      controls: [],
    },

    // CC2 Communication and information
    {
      id: 'CC2.1',
      title: 'COSO Principle 13: The entity obtains or generates and uses relevant, quality information to support the functioning of internal control.',
      controls: [],
    },
    {
      id: 'CC2.2',
      title: 'COSO Principle 14: The entity internally communicates information, including objectives and responsibilities for internal control, necessary to support the functioning of internal control.',
      controls: [],
    },
    {
      id: 'CC2.3',
      title: 'COSO Principle 15: The entity communicates with external parties regarding matters affecting the functioning of internal control.',
      controls: [],
    },

    // CC3 Risk assessment
    {
      id: 'CC3.1',
      title: 'COSO Principle 6: The entity specifies objectives with sufficient clarity to enable the identification and assessment of risks relating to objectives.',
      controls: [],
    },
    {
      id: 'CC3.2',
      title: 'COSO Principle 7: The entity identifies risks to the achievement of its objectives across the entity and analyzes risks as a basis for determining how the risks should be managed.',
      controls: [],
    },
    {
      id: 'CC3.3',
      title: 'COSO Principle 8: The entity considers the potential for fraud in assessing risks to the achievement of objectives.',
      controls: [],
    },
    {
      id: 'CC3.4',
      title: 'COSO Principle 9: The entity identifies and assesses changes that could significantly impact the system of internal control.',
      controls: [],
    },

    // CC4 Monitoring activities
    {
      id: 'CC4.1',
      title: 'COSO Principle 16: The entity selects, develops, and performs ongoing and/or separate evaluations to ascertain whether the components of internal control are present and functioning.',
      // Config rules re-evaluated continuously are an ongoing evaluation of configuration controls.
      controls: ['aws-config-rules-compliant'],
    },
    {
      id: 'CC4.2',
      title: 'COSO Principle 17: The entity evaluates and communicates internal control deficiencies in a timely manner to those parties responsible for taking corrective action, including senior management and the board of directors, as appropriate.',
      controls: [],
    },

    // CC5 Control activities
    {
      id: 'CC5.1',
      title: 'COSO Principle 10: The entity selects and develops control activities that contribute to the mitigation of risks to the achievement of objectives to acceptable levels.',
      controls: [],
    },
    {
      id: 'CC5.2',
      title: 'COSO Principle 11: The entity also selects and develops general control activities over technology to support the achievement of objectives.',
      controls: [],
    },
    {
      id: 'CC5.3',
      title: 'COSO Principle 12: The entity deploys control activities through policies that establish what is expected and in procedures that put policies into action.',
      controls: [],
    },

    // CC6 Logical and physical access controls
    {
      id: 'CC6.1',
      title: "The entity implements logical access security software, infrastructure, and architectures over protected information assets to protect them from security events to meet the entity's objectives.",
      // Points of focus: authentication (MFA), credential management, restricting access to data stores and points of access.
      // Outside admins: access to points of access restricted; secret scanning: credentials kept out of code.
      controls: [
        'github-org-2fa-required',
        'github-outside-collaborators-no-admin',
        'github-secret-scanning-enabled',
        'okta-mfa-enrolled',
        'okta-admin-mfa',
        'pr-no-secrets',
        'aws-s3-public-access-blocked',
        'aws-sg-no-open-ingress',
      ],
    },
    {
      id: 'CC6.2',
      title: 'Prior to issuing system credentials and granting system access, the entity registers and authorizes new internal and external users whose access is administered by the entity. For those users whose access is administered by the entity, user system credentials are removed when user access is no longer authorized.',
      // An account unused for 90 days is the usual sign of credentials that should have been removed.
      controls: ['okta-inactive-users'],
    },
    {
      id: 'CC6.3',
      title: "The entity authorizes, modifies, or removes access to data, software, functions, and other protected information assets based on roles, responsibilities, or the system design and changes, giving consideration to the concepts of least privilege and segregation of duties, to meet the entity's objectives.",
      // Least privilege: people outside the organization do not administer its repositories.
      controls: ['okta-inactive-users', 'github-outside-collaborators-no-admin'],
    },
    {
      id: 'CC6.4',
      title: "The entity restricts physical access to facilities and protected information assets (for example, data center facilities, back-up media storage, and other sensitive locations) to authorized personnel to meet the entity's objectives.",
      controls: [],
    },
    {
      id: 'CC6.5',
      title: "The entity discontinues logical and physical protections over physical assets only after the ability to read or recover data and software from those assets has been diminished and is no longer required to meet the entity's objectives.",
      controls: [],
    },
    {
      id: 'CC6.6',
      title: 'The entity implements logical access security measures to protect against threats from sources outside its system boundaries.',
      // Internet-facing exposure: buckets readable by anyone, admin and database ports open to the world.
      controls: ['aws-s3-public-access-blocked', 'aws-sg-no-open-ingress'],
    },
    {
      id: 'CC6.7',
      title: "The entity restricts the transmission, movement, and removal of information to authorized internal and external users and processes, and protects it during transmission, movement, or removal to meet the entity's objectives.",
      controls: [],
    },
    {
      id: 'CC6.8',
      title: "The entity implements controls to prevent or detect and act upon the introduction of unauthorized or malicious software to meet the entity's objectives.",
      controls: [],
    },

    // CC7 System operations
    {
      id: 'CC7.1',
      title: 'To meet its objectives, the entity uses detection and monitoring procedures to identify (1) changes to configurations that result in the introduction of new vulnerabilities, and (2) susceptibilities to newly discovered vulnerabilities.',
      // Secret scanning detects credentials pushed to code, a vulnerability introduced by a change.
      controls: ['aws-config-rules-compliant', 'github-secret-scanning-enabled'],
    },
    {
      id: 'CC7.2',
      title: "The entity monitors system components and the operation of those components for anomalies that are indicative of malicious acts, natural disasters, and errors affecting the entity's ability to meet its objectives; anomalies are analyzed to determine whether they represent security events.",
      controls: [],
    },
    {
      id: 'CC7.3',
      title: 'The entity evaluates security events to determine whether they could or have resulted in a failure of the entity to meet its objectives (security incidents) and, if so, takes actions to prevent or address such failures.',
      controls: [],
    },
    {
      id: 'CC7.4',
      title: 'The entity responds to identified security incidents by executing a defined incident response program to understand, contain, remediate, and communicate security incidents, as appropriate.',
      controls: [],
    },
    {
      id: 'CC7.5',
      title: 'The entity identifies, develops, and implements activities to recover from identified security incidents.',
      controls: [],
    },

    // CC8 Change management
    {
      id: 'CC8.1',
      title: 'The entity authorizes, designs, develops or acquires, configures, documents, tests, approves, and implements changes to infrastructure, data, software, and procedures to meet its objectives.',
      // Authorized (ticket), approved by someone else (review), tested before it lands (secret scan),
      // and no path around the process (branch protection).
      controls: ['pr-approved', 'pr-ticket-linked', 'pr-no-secrets', 'github-default-branch-protected'],
    },

    // CC9 Risk mitigation
    {
      id: 'CC9.1',
      title: 'The entity identifies, selects, and develops risk mitigation activities for risks arising from potential business disruptions.',
      controls: [],
    },
    { id: 'CC9.2', title: 'The entity assesses and manages risks associated with vendors and business partners.', controls: [] },

    // A1 Additional criteria for Availability
    {
      id: 'A1.1',
      title: 'The entity maintains, monitors, and evaluates current processing capacity and use of system components (infrastructure, data, and software) to manage capacity demand and to enable the implementation of additional capacity to help meet its objectives.',
      controls: [],
    },
    {
      id: 'A1.2',
      title: 'The entity authorizes, designs, develops or acquires, implements, operates, approves, maintains, and monitors environmental protections, software, data back-up processes, and recovery infrastructure to meet its objectives.',
      controls: [],
    },
    { id: 'A1.3', title: 'The entity tests recovery plan procedures supporting system recovery to meet its objectives.', controls: [] },

    // C1 Additional criteria for Confidentiality
    {
      id: 'C1.1',
      title: "The entity identifies and maintains confidential information to meet the entity's objectives related to confidentiality.",
      controls: [],
    },
    { id: 'C1.2', title: "The entity disposes of confidential information to meet the entity's objectives related to confidentiality.", controls: [] },
  ],
  // SOC 2 identifiers have not changed since the 2017 criteria; resolveCriterion already ignores case.
  aliases: {},
});

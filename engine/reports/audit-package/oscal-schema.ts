/**
 * A zod schema of the parts of an OSCAL 1.1.2 Assessment Results document that Evident writes,
 * used to check `oscal-assessment-results.json` before it is written.
 *
 * THIS IS NOT THE OFFICIAL NIST SCHEMA. The official JSON Schema (oscal_assessment-results_schema.json,
 * published with each OSCAL release) cannot be fetched where Evident is built and is not copied into
 * this repository. This one follows the model reference,
 * https://pages.nist.gov/OSCAL-Reference/models/v1.1.2/assessment-results/json-reference/,
 * for every object Evident emits: required fields, cardinalities (an array present has at least one
 * item), closed objects, and the data type formats (uuid, date-time-with-timezone, token, string,
 * uri, uri-reference). Objects Evident never writes (parties, risks, attestations, assessment logs…)
 * are left out, so the schema rejects them rather than half-check them. Validate against the
 * official schema too when submitting the document to a system that requires it.
 */
import { z } from 'zod';

/** OSCAL `uuid`: RFC 4122 version 4 or 5. */
export const OscalUuid = z.string().regex(/^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/, 'expected an RFC 4122 version 4 or 5 UUID');

/** OSCAL `token`: a letter or underscore, then letters, digits, `.`, `-` or `_`. */
export const OscalToken = z.string().regex(/^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u, 'expected an OSCAL token (a letter or _, then letters, digits, ".", "-" or "_")');

/** OSCAL `string`: no leading or trailing whitespace, no line breaks, not empty. */
export const OscalString = z.string().regex(/^\S(.*\S)?$/, 'expected a non-empty single-line string without surrounding whitespace');

/** `markup-line`: one line of Markdown. */
export const MarkupLine = z.string().regex(/^[^\n]+$/, 'expected one non-empty line');

/** `markup-multiline`: Markdown. */
export const MarkupMultiline = z.string();

/** `date-time-with-timezone`: an RFC 3339 date-time that names its offset (`Z` or `±hh:mm`). */
export const DateTimeWithTimezone = z.iso
  .datetime({ offset: true })
  // The OSCAL pattern accepts years 1900–2999 only, and only offsets that exist somewhere.
  .regex(/^(19|2\d)\d{2}-/, 'expected a year from 1900 to 2999')
  .regex(/(Z|-((0\d|1[0-2]):00|0[39]:30)|\+((0\d|1[0-4]):00|(0[34569]|10):30|(0[58]|12):45))$/, 'expected Z or a real-world offset from -12:00 to +14:00');

/** `uri`: absolute, with a scheme. */
export const OscalUri = z.string().regex(/^[a-zA-Z][a-zA-Z0-9+\-.]+:.+$/, 'expected an absolute URI');

/**
 * `uri-reference`: an absolute URI or a relative reference (RFC 3986 section 4.1): only the
 * characters RFC 3986 allows, `%` only as a percent-encoding, at most one `#`.
 */
export const UriReference = z
  .string()
  // `[` and `]` are left out: RFC 3986 allows them only around an IPv6 host, which Evident never writes.
  .regex(/^([A-Za-z0-9\-._~:/?#@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/, 'expected a URI reference (RFC 3986): percent-encode spaces and other characters')
  .refine((value) => value.split('#').length <= 2, 'a URI reference has at most one "#"');

const optionalList = <T extends z.ZodType>(item: T) => z.array(item).min(1).optional();

export const Property = z.strictObject({
  name: OscalToken,
  uuid: OscalUuid.optional(),
  ns: OscalUri.optional(),
  value: OscalString,
  class: OscalToken.optional(),
  group: OscalToken.optional(),
  remarks: MarkupMultiline.optional(),
});

export const Link = z.strictObject({
  href: UriReference,
  rel: OscalToken.optional(),
  'media-type': OscalString.optional(),
  'resource-fragment': OscalString.optional(),
  text: MarkupLine.optional(),
});

export const Metadata = z.strictObject({
  title: MarkupLine,
  published: DateTimeWithTimezone.optional(),
  'last-modified': DateTimeWithTimezone,
  version: OscalString,
  'oscal-version': z.string().regex(/^1\.1\.\d+$/, 'expected an OSCAL 1.1 version, such as 1.1.2'),
  props: optionalList(Property),
  links: optionalList(Link),
  remarks: MarkupMultiline.optional(),
});

export const ImportAp = z.strictObject({ href: UriReference, remarks: MarkupMultiline.optional() });

export const SelectControlById = z.strictObject({
  'control-id': OscalToken,
  'statement-ids': optionalList(OscalToken),
});

export const ControlSelection = z
  .strictObject({
    description: MarkupMultiline.optional(),
    props: optionalList(Property),
    links: optionalList(Link),
    'include-all': z.strictObject({}).optional(),
    'include-controls': optionalList(SelectControlById),
    'exclude-controls': optionalList(SelectControlById),
    remarks: MarkupMultiline.optional(),
  })
  .refine((selection) => !(selection['include-all'] !== undefined && selection['include-controls'] !== undefined), 'include-all and include-controls are alternatives');

export const ReviewedControls = z.strictObject({
  description: MarkupMultiline.optional(),
  props: optionalList(Property),
  links: optionalList(Link),
  'control-selections': z.array(ControlSelection).min(1),
  remarks: MarkupMultiline.optional(),
});

export const RelevantEvidence = z.strictObject({
  href: UriReference.optional(),
  description: MarkupMultiline,
  props: optionalList(Property),
  links: optionalList(Link),
  remarks: MarkupMultiline.optional(),
});

export const ObservationMethod = z.enum(['EXAMINE', 'INTERVIEW', 'TEST', 'UNKNOWN']);

export const Observation = z.strictObject({
  uuid: OscalUuid,
  title: MarkupLine.optional(),
  description: MarkupMultiline,
  props: optionalList(Property),
  links: optionalList(Link),
  methods: z.array(ObservationMethod).min(1),
  types: optionalList(OscalToken),
  'relevant-evidence': optionalList(RelevantEvidence),
  collected: DateTimeWithTimezone,
  expires: DateTimeWithTimezone.optional(),
  remarks: MarkupMultiline.optional(),
});

export const FindingTarget = z.strictObject({
  type: z.enum(['statement-id', 'objective-id']),
  'target-id': OscalToken,
  title: MarkupLine.optional(),
  description: MarkupMultiline.optional(),
  props: optionalList(Property),
  links: optionalList(Link),
  status: z.strictObject({
    state: z.enum(['satisfied', 'not-satisfied']),
    reason: OscalToken.optional(),
    remarks: MarkupMultiline.optional(),
  }),
  remarks: MarkupMultiline.optional(),
});

export const Finding = z.strictObject({
  uuid: OscalUuid,
  title: MarkupLine,
  description: MarkupMultiline,
  props: optionalList(Property),
  links: optionalList(Link),
  target: FindingTarget,
  'related-observations': optionalList(z.strictObject({ 'observation-uuid': OscalUuid })),
  remarks: MarkupMultiline.optional(),
});

export const Result = z
  .strictObject({
    uuid: OscalUuid,
    title: MarkupLine,
    description: MarkupMultiline,
    props: optionalList(Property),
    links: optionalList(Link),
    start: DateTimeWithTimezone,
    end: DateTimeWithTimezone.optional(),
    'reviewed-controls': ReviewedControls,
    observations: optionalList(Observation),
    findings: optionalList(Finding),
    remarks: MarkupMultiline.optional(),
  })
  .refine((result) => result.end === undefined || Date.parse(result.end) >= Date.parse(result.start), { message: 'end is before start', path: ['end'] });

export const Resource = z.strictObject({
  uuid: OscalUuid,
  title: MarkupLine.optional(),
  description: MarkupMultiline.optional(),
  props: optionalList(Property),
  rlinks: optionalList(
    z.strictObject({
      href: UriReference,
      'media-type': OscalString.optional(),
      hashes: optionalList(z.strictObject({ algorithm: OscalString, value: z.string().regex(/^[0-9A-Fa-f]+$/) })),
    }),
  ),
  remarks: MarkupMultiline.optional(),
});

export const AssessmentResults = z.strictObject({
  uuid: OscalUuid,
  metadata: Metadata,
  'import-ap': ImportAp,
  results: z.array(Result).min(1),
  'back-matter': z.strictObject({ resources: optionalList(Resource) }).optional(),
});

/**
 * The document, with the reference checks the OSCAL constraints add to the JSON schema: every UUID
 * is unique, related observations exist, and a `#uuid` href names a back-matter resource.
 */
export const AssessmentResultsDocument = z
  .strictObject({ $schema: z.string().optional(), 'assessment-results': AssessmentResults })
  .superRefine((document, context) => {
    const ar = document['assessment-results'];
    const seen = new Set<string>();
    const unique = (uuid: string, path: PropertyKey[]) => {
      if (seen.has(uuid)) context.addIssue({ code: 'custom', message: `UUID ${uuid} is used twice`, path });
      seen.add(uuid);
    };
    unique(ar.uuid, ['assessment-results', 'uuid']);
    const resources = new Set((ar['back-matter']?.resources ?? []).map((r) => r.uuid));
    for (const [i, resource] of (ar['back-matter']?.resources ?? []).entries()) unique(resource.uuid, ['assessment-results', 'back-matter', 'resources', i, 'uuid']);
    const fragment = /^#(.+)$/.exec(ar['import-ap'].href)?.[1];
    if (fragment !== undefined && !resources.has(fragment)) context.addIssue({ code: 'custom', message: `import-ap points at #${fragment}, which is not a back-matter resource`, path: ['assessment-results', 'import-ap', 'href'] });
    ar.results.forEach((result, r) => {
      const base = ['assessment-results', 'results', r];
      unique(result.uuid, [...base, 'uuid']);
      const observations = new Set<string>();
      result.observations?.forEach((o, i) => {
        unique(o.uuid, [...base, 'observations', i, 'uuid']);
        observations.add(o.uuid);
      });
      result.findings?.forEach((finding, i) => {
        unique(finding.uuid, [...base, 'findings', i, 'uuid']);
        finding['related-observations']?.forEach((related, j) => {
          if (!observations.has(related['observation-uuid'])) {
            context.addIssue({ code: 'custom', message: `related observation ${related['observation-uuid']} is not in this result`, path: [...base, 'findings', i, 'related-observations', j] });
          }
        });
      });
    });
  });
export type AssessmentResultsDocument = z.infer<typeof AssessmentResultsDocument>;

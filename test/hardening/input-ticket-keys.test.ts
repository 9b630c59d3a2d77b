/**
 * Issue #8, case 10: a ticket key that only looks like one (Cyrillic or Greek letters, zero-width and
 * bidi characters inside or around it, fullwidth or other scripts' digits) is never counted as a ticket
 * reference: pr-ticket-linked fails and its message names the look-alike and what is wrong with it,
 * while the same key typed in ASCII still counts. The parsing is engine/controls/github-pr/ticket-references.ts.
 */
import { describe, expect, it } from 'vitest';
import { control as prTicketLinked } from '../../engine/controls/github-pr/pr-ticket-linked.ts';
import { findTicketReferences } from '../../engine/controls/github-pr/ticket-references.ts';
import { evaluateControl } from '../../engine/evaluate-control.ts';
import type { Snapshot } from '../../engine/model.ts';
import { loadFixtures } from '../support/control-fixtures.ts';

type Field = 'title' | 'body' | 'headRefName';

/** The passing fixture's pull request with no ticket anywhere, then `text` put in one field. */
function pullRequest(field: Field, text: string): Snapshot {
  const pass = loadFixtures('pr-ticket-linked').find((f) => f.file === 'pass.json');
  if (pass === undefined) throw new Error('pr-ticket-linked/pass.json is missing');
  const snapshot = structuredClone(pass.fixture.snapshot);
  const data = snapshot.data as Record<string, unknown>;
  Object.assign(data, { title: 'Rate-limit the login endpoint', body: 'Adds a token bucket in front of POST /login.', headRefName: 'rate-limit-login', closingIssues: [] });
  data[field] = field === 'headRefName' ? text : `Fixes ${text} for good`;
  return snapshot;
}

function evaluate(field: Field, text: string, params: Record<string, unknown> = {}) {
  const result = evaluateControl(prTicketLinked, pullRequest(field, text), { params });
  return { status: result.status, message: result.outcomes[0]?.message ?? '' };
}

const WHERE: Record<Field, string> = { title: 'the title', body: 'the description', headRefName: 'the branch name' };

/** [what, as written, what it reads as, how it is shown, the reason given]. */
const LOOKALIKES: [name: string, text: string, reads: string, shown: string, reason: string][] = [
  ['all-Cyrillic АВС-123', '\u0410\u0412\u0421-123', 'ABC-123', '\u0410\u0412\u0421-123', 'Cyrillic letters in place of Latin: \u0410 U+0410 for A, \u0412 U+0412 for B, \u0421 U+0421 for C'],
  ['one Cyrillic Е in ENG-311', '\u0415NG-311', 'ENG-311', '\u0415NG-311', 'Cyrillic letters in place of Latin: \u0415 U+0415 for E'],
  ['Greek Ε and Ν in ENG-311', '\u0395\u039DG-311', 'ENG-311', '\u0395\u039DG-311', 'Greek letters in place of Latin: \u0395 U+0395 for E, \u039D U+039D for N'],
  ['U+200B zero-width space inside', 'EN\u200BG-311', 'ENG-311', 'EN<U+200B>G-311', 'invisible characters: U+200B zero-width space'],
  ['U+200C zero-width non-joiner before the hyphen', 'ENG\u200C-311', 'ENG-311', 'ENG<U+200C>-311', 'invisible characters: U+200C zero-width non-joiner'],
  ['U+200D zero-width joiner in the number', 'ENG-3\u200D11', 'ENG-311', 'ENG-3<U+200D>11', 'invisible characters: U+200D zero-width joiner'],
  ['U+2060 word joiner after', 'ENG-311\u2060', 'ENG-311', 'ENG-311<U+2060>', 'invisible characters: U+2060 word joiner'],
  ['U+FEFF byte order mark before', '\uFEFFENG-311', 'ENG-311', '<U+FEFF>ENG-311', 'invisible characters: U+FEFF byte order mark'],
  ['U+202E right-to-left override around', '\u202EENG-311\u202C', 'ENG-311', '<U+202E>ENG-311<U+202C>', 'invisible characters: U+202E right-to-left override, U+202C pop directional formatting'],
  ['U+202A left-to-right embedding around', '\u202AENG-311\u202C', 'ENG-311', '<U+202A>ENG-311<U+202C>', 'invisible characters: U+202A left-to-right embedding, U+202C pop directional formatting'],
  ['U+202B right-to-left embedding inside', 'EN\u202BG-311', 'ENG-311', 'EN<U+202B>G-311', 'invisible characters: U+202B right-to-left embedding'],
  ['U+202D left-to-right override before', '\u202DENG-311', 'ENG-311', '<U+202D>ENG-311', 'invisible characters: U+202D left-to-right override'],
  ['U+2066 and U+2069 isolates around', '\u2066ENG-311\u2069', 'ENG-311', '<U+2066>ENG-311<U+2069>', 'invisible characters: U+2066 left-to-right isolate, U+2069 pop directional isolate'],
  ['U+2067 right-to-left isolate inside', 'ENG-\u2067311', 'ENG-311', 'ENG-<U+2067>311', 'invisible characters: U+2067 right-to-left isolate'],
  ['U+2068 first strong isolate inside', 'E\u2068NG-311', 'ENG-311', 'E<U+2068>NG-311', 'invisible characters: U+2068 first strong isolate'],
  ['fullwidth digits', 'ENG-\uFF13\uFF11\uFF11', 'ENG-311', 'ENG-\uFF13\uFF11\uFF11', 'fullwidth characters'],
  ['fullwidth letters and digits', '\uFF25\uFF2E\uFF27-\uFF13\uFF11\uFF11', 'ENG-311', '\uFF25\uFF2E\uFF27-\uFF13\uFF11\uFF11', 'fullwidth characters'],
  ['Arabic-Indic digits', 'ENG-\u0663\u0661\u0661', 'ENG-311', 'ENG-\u0663\u0661\u0661', 'digits of another script in place of ASCII digits: \u0663 U+0663 for 3, \u0661 U+0661 for 1'],
  ['Devanagari digits', 'ENG-\u0969\u0967\u0967', 'ENG-311', 'ENG-\u0969\u0967\u0967', 'digits of another script in place of ASCII digits: \u0969 U+0969 for 3, \u0967 U+0967 for 1'],
  ['one Extended Arabic-Indic digit at the end', 'ENG-31\u06F1', 'ENG-311', 'ENG-31\u06F1', 'digits of another script in place of ASCII digits: \u06F1 U+06F1 for 1'],
  ['Thai digits', 'ENG-\u0E53\u0E51\u0E51', 'ENG-311', 'ENG-\u0E53\u0E51\u0E51', 'digits of another script in place of ASCII digits: \u0E53 U+0E53 for 3, \u0E51 U+0E51 for 1'],
  ['mathematical bold digits', 'ENG-\u{1D7D1}\u{1D7CF}\u{1D7CF}', 'ENG-311', 'ENG-\u{1D7D1}\u{1D7CF}\u{1D7CF}', 'mathematical alphanumeric characters'],
  ['superscript digits', 'ENG-\u00B3\u00B9\u00B9', 'ENG-311', 'ENG-\u00B3\u00B9\u00B9', 'compatibility characters: \u00B3 U+00B3, \u00B9 U+00B9'],
];

describe('[case 10] look-alike ticket keys are not counted, and the failure says why', () => {
  for (const [name, text, reads, display, reason] of LOOKALIKES) {
    it(`[case 10] ${name}: not a ticket reference in the title, description or branch name`, () => {
      for (const field of ['title', 'body', 'headRefName'] as const) {
        const { status, message } = evaluate(field, text);
        expect({ field, status }).toEqual({ field, status: 'fail' });
        expect(message).toContain(`acme/api#42 references no ticket in its title, description, branch name or closing references`);
        expect(message).toContain(`ignored a look-alike reference: "${display}" in ${WHERE[field]} reads as ${reads} but has ${reason}`);
      }
    });
  }

  it('[case 10] a look-alike of a listed Jira project is not counted either, lowercase Cyrillic in a branch included', () => {
    const params = { jiraProjects: ['ENG'] };
    expect(evaluate('title', '\u0415NG-311', params)).toEqual({
      status: 'fail',
      message: expect.stringContaining('"\u0415NG-311" in the title reads as ENG-311 but has Cyrillic letters in place of Latin: \u0415 U+0415 for E'),
    });
    // Linear names branches in lowercase (eng-311-…), which counts for a listed project; a Cyrillic е must not.
    expect(evaluate('headRefName', 'ana/\u0435ng-311-rate-limit', params)).toEqual({
      status: 'fail',
      message: expect.stringContaining('"\u0435ng-311" in the branch name reads as ENG-311 but has Cyrillic letters in place of Latin: \u0435 U+0435 for e'),
    });
  });

  it('[case 10] a look-alike inside a Linear URL or a GitHub reference is not counted', () => {
    expect(evaluate('body', 'https://linear.app/acme/issue/\u0415NG-311/rate-limit')).toMatchObject({ status: 'fail' });
    const scan = findTicketReferences(
      { repository: 'acme/api', number: 42, title: '', body: 'Fixes #1\u200B2, #\u0661\u0662 and \uFF0312', headRefName: 'topic', closingIssues: [] },
      { jiraProjects: [], allowGithubIssues: true },
    );
    expect(scan.references).toEqual([]);
  });
});

describe('[case 10] real ASCII keys still count', () => {
  it('[case 10] ENG-311 typed in ASCII passes in the title, the description and the branch name', () => {
    for (const field of ['title', 'body', 'headRefName'] as const) {
      expect(evaluate(field, 'ENG-311')).toEqual({
        status: 'pass',
        message: `acme/api#42 references ENG-311 in ${WHERE[field]} (any project key accepted: set jiraProjects to restrict).`,
      });
      expect(evaluate(field, 'ENG-311', { jiraProjects: ['ENG'] })).toEqual({ status: 'pass', message: `acme/api#42 references ENG-311 in ${WHERE[field]}.` });
    }
  });

  it('[case 10] an ASCII key next to a look-alike counts, and the look-alike is still reported', () => {
    expect(evaluate('title', 'ENG-311 (also \u0415NG-312 and ENG-\u0663\u0661\u0663)')).toEqual({
      status: 'pass',
      message:
        'acme/api#42 references ENG-311 in the title (any project key accepted: set jiraProjects to restrict); ignored 2 look-alike references: ' +
        '"\u0415NG-312" in the title reads as ENG-312 but has Cyrillic letters in place of Latin: \u0415 U+0415 for E, ' +
        '"ENG-\u0663\u0661\u0663" in the title reads as ENG-313 but has digits of another script in place of ASCII digits: \u0663 U+0663 for 3, \u0661 U+0661 for 1.',
    });
  });

  it('[case 10] ordinary punctuation and line breaks around an ASCII key do not stop it counting', () => {
    for (const text of ['(ENG-311)', '[ENG-311]', '"ENG-311",', 'ENG-311.', 'x\nENG-311\n', 'ENG-311\u2028']) {
      expect(evaluate('body', text).status, JSON.stringify(text)).toBe('pass');
    }
  });
});

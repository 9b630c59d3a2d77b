import { describe, expect, it } from 'vitest';
import {
  display,
  findTicketReferences,
  judgeKey,
  skeletonOf,
  type TicketOptions,
  type TicketScan,
  type TicketSubject,
} from '../../engine/controls/github-pr/ticket-references.ts';

const ANY: TicketOptions = { jiraProjects: [], allowGithubIssues: true };
const LISTED: TicketOptions = { jiraProjects: ['SEC', 'ENG'], allowGithubIssues: true };

function scan(fields: Partial<TicketSubject>, options: TicketOptions = ANY): TicketScan {
  return findTicketReferences({ repository: 'acme/api', number: 42, title: '', body: '', headRefName: 'topic', closingIssues: [], ...fields }, options);
}

const none: TicketScan = { references: [], lookalikes: [], ignored: [] };

describe('findTicketReferences: keys written in ASCII', () => {
  it('finds a Jira key in the branch name', () => {
    expect(scan({ headRefName: 'feature/ENG-123-fix-login' })).toEqual({
      ...none,
      references: [{ kind: 'issue-key', id: 'ENG-123', where: 'branch' }],
    });
  });

  it('finds keys in the title, the body and the branch, in that order, once per place', () => {
    expect(scan({ title: '[ENG-1] Fix', body: 'See ENG-1 and https://acme.atlassian.net/browse/SEC-77.', headRefName: 'ENG-1' })).toEqual({
      ...none,
      references: [
        { kind: 'issue-key', id: 'ENG-1', where: 'title' },
        { kind: 'issue-key', id: 'ENG-1', where: 'body' },
        { kind: 'issue-key', id: 'SEC-77', where: 'body' },
        { kind: 'issue-key', id: 'ENG-1', where: 'branch' },
      ],
    });
  });

  it('requires the shape of a project key when no project is configured', () => {
    // A number starting with 0, a one-letter project, an 11-character project, a key glued to a word.
    expect(scan({ title: 'ENG-0123 A-1 ABCDEFGHIJK-1 fooENG-1 ENG-12abc 9ENG-1' })).toEqual(none);
    expect(scan({ title: 'A1-9 and X9Y-12' }).references).toEqual([
      { kind: 'issue-key', id: 'A1-9', where: 'title' },
      { kind: 'issue-key', id: 'X9Y-12', where: 'title' },
    ]);
  });

  it('does not take names of standards for tickets when no project is configured, and says so', () => {
    expect(scan({ title: 'Use UTF-8, SHA-256 and TLS-1.3; fixes CVE-2024-12345' })).toEqual({
      ...none,
      ignored: [
        { where: 'title', id: 'UTF-8', reason: 'UTF-8 names a standard or an algorithm, not a ticket' },
        { where: 'title', id: 'SHA-256', reason: 'SHA-256 names a standard or an algorithm, not a ticket' },
        { where: 'title', id: 'TLS-1', reason: 'TLS-1 names a standard or an algorithm, not a ticket' },
        { where: 'title', id: 'CVE-2024', reason: 'CVE-2024 names a standard or an algorithm, not a ticket' },
      ],
    });
  });

  it('counts only listed projects when jiraProjects is set', () => {
    expect(scan({ title: 'UTF-8 SHA-256 OPS-12 SEC-4' }, LISTED)).toEqual({
      ...none,
      references: [{ kind: 'issue-key', id: 'SEC-4', where: 'title' }],
      ignored: [
        { where: 'title', id: 'UTF-8', reason: 'UTF is not one of the jiraProjects (SEC, ENG)' },
        { where: 'title', id: 'SHA-256', reason: 'SHA is not one of the jiraProjects (SEC, ENG)' },
        { where: 'title', id: 'OPS-12', reason: 'OPS is not one of the jiraProjects (SEC, ENG)' },
      ],
    });
  });

  it('takes an underscore or a slash as a separator', () => {
    expect(scan({ headRefName: 'bugfix_ENG-12_login' }).references).toEqual([{ kind: 'issue-key', id: 'ENG-12', where: 'branch' }]);
    expect(scan({ headRefName: 'ana/SEC-3/login' }).references).toEqual([{ kind: 'issue-key', id: 'SEC-3', where: 'branch' }]);
  });

  it('accepts a lowercase key (Linear branch names) only for a listed project', () => {
    expect(scan({ headRefName: 'ana/eng-311-rate-limit' })).toEqual(none);
    expect(scan({ headRefName: 'ana/eng-311-rate-limit' }, LISTED).references).toEqual([{ kind: 'issue-key', id: 'ENG-311', where: 'branch' }]);
    expect(scan({ headRefName: 'release-2026' }, LISTED)).toEqual(none);
  });
});

describe('findTicketReferences: Linear', () => {
  it('counts a Linear issue URL once, as Linear', () => {
    expect(scan({ body: 'https://linear.app/acme/issue/ENG-123/fix-the-login-page' })).toEqual({
      ...none,
      references: [{ kind: 'linear', id: 'ENG-123', where: 'body' }],
    });
  });

  it('applies jiraProjects to Linear team keys too', () => {
    expect(scan({ body: 'https://linear.app/acme/issue/OPS-9/x' }, LISTED)).toEqual({
      ...none,
      ignored: [{ where: 'body', id: 'OPS-9', reason: 'OPS is not one of the jiraProjects (SEC, ENG)' }],
    });
  });
});

describe('findTicketReferences: GitHub issues', () => {
  it('counts #12, owner/repo#12 and issue URLs in the body, but not this pull request itself', () => {
    expect(scan({ body: 'Fixes #12, part of acme/web#7 and https://github.com/acme/infra/issues/9; follow-up to #42' })).toEqual({
      ...none,
      references: [
        { kind: 'github-issue', id: 'acme/api#12', where: 'body' },
        { kind: 'github-issue', id: 'acme/web#7', where: 'body' },
        { kind: 'github-issue', id: 'acme/infra#9', where: 'body' },
      ],
      ignored: [{ where: 'body', id: 'acme/api#42', reason: 'refers to this pull request itself' }],
    });
  });

  it('does not read HTML entities, anchors, pull request URLs or the title as issue references', () => {
    expect(scan({ title: 'Fix login (#12)', body: '&#123; page#4 https://github.com/acme/api/pull/5#issuecomment-1 #0' })).toEqual(none);
  });

  it('counts closing references', () => {
    expect(scan({ closingIssues: [{ repository: 'acme/security', number: 7 }] })).toEqual({
      ...none,
      references: [{ kind: 'github-issue', id: 'acme/security#7', where: 'closing-issue' }],
    });
  });

  it('ignores every GitHub reference when allowGithubIssues is off', () => {
    expect(scan({ body: 'Fixes #12', closingIssues: [{ repository: 'acme/api', number: 12 }] }, { jiraProjects: [], allowGithubIssues: false })).toEqual(none);
  });
});

describe('findTicketReferences: look-alikes never count and are reported', () => {
  const cases: [name: string, title: string, id: string, text: string, reasons: string[]][] = [
    ['fullwidth', 'Fix ＡＢＣ-１２３', 'ABC-123', 'ＡＢＣ-１２３', ['fullwidth characters']],
    ['fullwidth hyphen only', 'Fix ABC－123', 'ABC-123', 'ABC－123', ['fullwidth characters']],
    ['mathematical bold', 'Fix 𝐀𝐁𝐂-𝟏𝟐𝟑', 'ABC-123', '𝐀𝐁𝐂-𝟏𝟐𝟑', ['mathematical alphanumeric characters']],
    ['zero-width space inside', 'Fix AB\u200BC-123', 'ABC-123', 'AB<U+200B>C-123', ['invisible characters: U+200B zero-width space']],
    ['zero-width space in front', 'Fix \u200BABC-123', 'ABC-123', '<U+200B>ABC-123', ['invisible characters: U+200B zero-width space']],
    ['zero-width joiner in the number', 'Fix ABC-12\u200D3', 'ABC-123', 'ABC-12<U+200D>3', ['invisible characters: U+200D zero-width joiner']],
    ['soft hyphen', 'Fix ABC\u00AD-123', 'ABC-123', 'ABC<U+00AD>-123', ['invisible characters: U+00AD soft hyphen']],
    ['word joiner', 'Fix ABC\u2060-123', 'ABC-123', 'ABC<U+2060>-123', ['invisible characters: U+2060 word joiner']],
    ['byte order mark', 'Fix A\uFEFFBC-123', 'ABC-123', 'A<U+FEFF>BC-123', ['invisible characters: U+FEFF byte order mark']],
    ['bidi override', 'Fix \u202EABC-123\u202C', 'ABC-123', '<U+202E>ABC-123<U+202C>', ['invisible characters: U+202E right-to-left override, U+202C pop directional formatting']],
    ['Cyrillic A', 'Fix \u0410BC-123', 'ABC-123', '\u0410BC-123', ['Cyrillic letters in place of Latin: \u0410 U+0410 for A']],
    [
      'Cyrillic E, K, M, T',
      'Fix \u0415\u041A\u041C\u0422-7', 'EKMT-7', '\u0415\u041A\u041C\u0422-7',
      ['Cyrillic letters in place of Latin: \u0415 U+0415 for E, \u041A U+041A for K, \u041C U+041C for M, \u0422 U+0422 for T'],
    ],
    ['Greek omicron', 'Fix \u039FPS-5', 'OPS-5', '\u039FPS-5', ['Greek letters in place of Latin: \u039F U+039F for O']],
    ['Unicode hyphen', 'Fix ABC\u2010123', 'ABC-123', 'ABC\u2010123', ['a dash other than the ASCII hyphen: U+2010']],
  ];
  for (const [name, title, id, text, reasons] of cases) {
    it(name, () => {
      expect(scan({ title })).toEqual({ ...none, lookalikes: [{ where: 'title', id, text, reasons }] });
    });
  }

  it('does not let a zero-width space split off a shorter key (E<U+200B>NG-1 is not NG-1)', () => {
    expect(scan({ title: 'E\u200BNG-1' }).references).toEqual([]);
    expect(scan({ title: 'E\u0301NG-1' }).references).toEqual([]);
  });

  it('reports a look-alike only when it would count: not for an unlisted project or a standard', () => {
    expect(scan({ title: 'ＯＰＳ-１ ＵＴＦ-８' }, LISTED)).toEqual(none);
    expect(scan({ title: 'ＵＴＦ-８' })).toEqual(none);
  });

  it('still counts an ASCII key next to a look-alike, and reports the look-alike', () => {
    expect(scan({ title: 'ＥＮＧ-１ Fix', headRefName: 'ENG-2-fix' })).toEqual({
      ...none,
      references: [{ kind: 'issue-key', id: 'ENG-2', where: 'branch' }],
      lookalikes: [{ where: 'title', id: 'ENG-1', text: 'ＥＮＧ-１', reasons: ['fullwidth characters'] }],
    });
  });

  it('finds look-alikes in the branch name and inside a Linear URL', () => {
    expect(scan({ headRefName: 'ＳＥＣ-９-fix', body: 'https://linear.app/acme/issue/\u0415NG-4/x' })).toEqual({
      ...none,
      lookalikes: [
        { where: 'body', id: 'ENG-4', text: '\u0415NG-4', reasons: ['Cyrillic letters in place of Latin: \u0415 U+0415 for E'] },
        { where: 'branch', id: 'SEC-9', text: 'ＳＥＣ-９', reasons: ['fullwidth characters'] },
      ],
    });
  });
});

describe('judgeKey', () => {
  it('gives the canonical id and the reason', () => {
    expect(judgeKey('ENG', '12', { jiraProjects: [] })).toEqual({ counts: true, id: 'ENG-12' });
    expect(judgeKey('eng', '12', { jiraProjects: [] })).toBeUndefined();
    expect(judgeKey('eng', '12', { jiraProjects: ['ENG'] })).toEqual({ counts: true, id: 'ENG-12' });
    expect(judgeKey('SHA', '256', { jiraProjects: [] })).toEqual({ counts: false, id: 'SHA-256', reason: 'SHA-256 names a standard or an algorithm, not a ticket' });
  });
});

describe('display and skeletonOf', () => {
  it('shows invisible characters by code point', () => {
    expect(display('A\u200BB\uFEFFC\u{E0041}')).toBe('A<U+200B>B<U+FEFF>C<U+E0041>');
  });

  it('normalizes, drops invisible characters, maps look-alikes, and traces each character back', () => {
    expect(skeletonOf('Ａ\u200B\u0412𝐂‐1')).toEqual({ text: 'ABC-1', origin: [0, 2, 3, 5, 6] });
  });
});

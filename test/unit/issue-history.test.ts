import { describe, expect, it } from 'vitest';
import { IssueHistory, remediationCycles, type FindingIssue, type IssueEvent } from '../../engine/reports/issue-history.ts';

const BOT = 'evident[bot]';
const HOUR = 3_600_000;

/** An event; Evident's own when the actor is its bot account. */
const event = (kind: IssueEvent['kind'], at: string, actor = BOT, detail?: string): IssueEvent => ({
  kind,
  at,
  actor,
  byEvident: actor === BOT,
  ...(detail === undefined ? {} : { detail }),
});

/** An issue with these events; `slaHours` null for an issue without an SLA label. */
function issue(events: IssueEvent[], slaHours: number | null = 24, partial: Partial<FindingIssue> = {}): FindingIssue {
  return {
    fingerprint: 'f'.repeat(24),
    controlId: 'okta-mfa-enrolled',
    scope: 'acme.okta.com',
    number: 7,
    url: 'https://github.com/acme/compliance/issues/7',
    title: 'CC6.1 okta-mfa-enrolled: 1 of 4 users without MFA (acme.okta.com)',
    state: events.at(-1)?.kind === 'closed' ? 'closed' : 'open',
    ...(slaHours === null ? {} : { slaHours }),
    assignees: [],
    events,
    ...partial,
  };
}

/** Long after every event below: closed cycles do not depend on it. */
const LATER = new Date('2027-01-01T00:00:00Z');

describe('remediationCycles: one cycle per opening', () => {
  it('makes one cycle from an opening to its closing, with the closing time and reason', () => {
    const cycles = remediationCycles(issue([event('opened', '2026-10-01T09:00:00Z'), event('closed', '2026-10-01T20:00:00Z', BOT, 'completed')]), LATER);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatchObject({ openedAt: '2026-10-01T09:00:00Z', closedAt: '2026-10-01T20:00:00Z', closedAs: 'completed' });
    expect(cycles[0]?.issue.number).toBe(7);
  });

  it('makes no cycle for an issue whose history has no opening', () => {
    expect(remediationCycles(issue([event('commented', '2026-10-01T09:00:00Z', 'alice'), event('closed', '2026-10-02T09:00:00Z', BOT, 'completed')]), LATER)).toEqual([]);
  });

  it('starts a new cycle on a reopening, with its own due time, response and SLA outcome', () => {
    const cycles = remediationCycles(
      issue(
        [
          event('opened', '2026-10-01T09:00:00Z'),
          event('commented', '2026-10-01T10:00:00Z', 'alice'),
          event('closed', '2026-10-01T18:00:00Z', BOT, 'completed'),
          // Between a closing and the next reopening nothing belongs to a cycle.
          event('commented', '2026-10-03T08:00:00Z', 'bob'),
          event('reopened', '2026-10-05T09:00:00Z'),
          event('assigned', '2026-10-05T12:00:00Z', 'carol'),
          event('closed', '2026-10-07T09:00:00Z', BOT, 'completed'),
        ],
        24,
      ),
      LATER,
    );
    expect(cycles.map((c) => [c.openedAt, c.firstResponseAt, c.dueAt, c.closedAt, c.slaMet])).toEqual([
      ['2026-10-01T09:00:00Z', '2026-10-01T10:00:00Z', '2026-10-02T09:00:00.000Z', '2026-10-01T18:00:00Z', true],
      ['2026-10-05T09:00:00Z', '2026-10-05T12:00:00Z', '2026-10-06T09:00:00.000Z', '2026-10-07T09:00:00Z', false],
    ]);
  });

  it('does not carry a response of an earlier cycle into a reopened one', () => {
    const cycles = remediationCycles(
      issue([
        event('opened', '2026-10-01T09:00:00Z'),
        event('commented', '2026-10-01T10:00:00Z', 'alice'),
        event('closed', '2026-10-01T18:00:00Z', BOT, 'completed'),
        event('reopened', '2026-10-05T09:00:00Z'),
        event('commented', '2026-10-05T09:30:00Z', BOT),
      ]),
      new Date('2026-10-05T10:00:00Z'),
    );
    expect(cycles).toHaveLength(2);
    expect(cycles[1]?.firstResponseAt).toBeUndefined();
    expect(cycles[1]?.closedAt).toBeUndefined();
  });

  it('sorts events given out of order before splitting them into cycles', () => {
    const ordered = [
      event('opened', '2026-10-01T09:00:00Z'),
      event('labeled', '2026-10-01T09:00:01Z', BOT, 'severity:high'),
      event('commented', '2026-10-01T11:00:00Z', 'alice'),
      event('closed', '2026-10-02T08:00:00Z', 'alice', 'completed'),
      event('reopened', '2026-10-10T09:00:00Z'),
      event('assigned', '2026-10-10T10:00:00Z', 'bob'),
      event('closed', '2026-10-12T09:00:00Z', BOT, 'completed'),
    ];
    const shuffled = [ordered[5], ordered[2], ordered[6], ordered[0], ordered[4], ordered[3], ordered[1]] as IssueEvent[];
    const fromShuffled = remediationCycles(issue(shuffled), LATER);
    const strip = (cycles: ReturnType<typeof remediationCycles>) => cycles.map(({ issue: _issue, ...moments }) => moments);
    expect(strip(fromShuffled)).toEqual(strip(remediationCycles(issue(ordered), LATER)));
    expect(fromShuffled.map((c) => [c.openedAt, c.firstResponseAt, c.closedAt])).toEqual([
      ['2026-10-01T09:00:00Z', '2026-10-01T11:00:00Z', '2026-10-02T08:00:00Z'],
      ['2026-10-10T09:00:00Z', '2026-10-10T10:00:00Z', '2026-10-12T09:00:00Z'],
    ]);
    // The caller's array is left as it was.
    expect(shuffled[0]?.kind).toBe('assigned');
  });

  it('orders events by instant when they carry different UTC offsets', () => {
    // Opened at 08:00 UTC (written as 10:00+02:00); alice commented an hour later, at 09:00 UTC.
    // As strings the comment ("…T09:00:00Z") sorts before the opening ("…T10:00:00+02:00").
    const [cycle] = remediationCycles(issue([event('opened', '2026-10-01T10:00:00+02:00'), event('commented', '2026-10-01T09:00:00Z', 'alice')]), new Date('2026-10-01T12:00:00Z'));
    expect(cycle?.firstResponseAt).toBe('2026-10-01T09:00:00Z');
  });
});

describe('remediationCycles: first response', () => {
  it.each([
    ['commented', undefined],
    ['assigned', undefined],
    ['labeled', 'severity:low'],
  ] as const)('counts a human %s event as the first response', (kind, detail) => {
    const [cycle] = remediationCycles(issue([event('opened', '2026-10-01T09:00:00Z'), event(kind, '2026-10-01T13:00:00Z', 'alice', detail)]), LATER);
    expect(cycle?.firstResponseAt).toBe('2026-10-01T13:00:00Z');
  });

  it('takes the earliest human comment, assignment or label change after opening', () => {
    const [cycle] = remediationCycles(
      issue([
        event('opened', '2026-10-01T09:00:00Z'),
        event('labeled', '2026-10-01T10:00:00Z', 'alice', 'severity:medium'),
        event('commented', '2026-10-01T11:00:00Z', 'bob'),
        event('assigned', '2026-10-01T12:00:00Z', 'carol'),
      ]),
      LATER,
    );
    expect(cycle?.firstResponseAt).toBe('2026-10-01T10:00:00Z');
  });

  it("never counts Evident's own comments, assignments or labels as a response", () => {
    const [cycle] = remediationCycles(
      issue([
        event('opened', '2026-10-01T09:00:00Z'),
        event('labeled', '2026-10-01T09:00:00Z', BOT, 'evident'),
        event('commented', '2026-10-01T10:00:00Z', BOT),
        event('assigned', '2026-10-01T11:00:00Z', BOT),
        event('commented', '2026-10-02T10:00:00Z', BOT),
        event('commented', '2026-10-02T15:00:00Z', 'alice'),
      ]),
      LATER,
    );
    expect(cycle?.firstResponseAt).toBe('2026-10-02T15:00:00Z');
  });

  it('goes by byEvident, not by the login: an event marked byEvident is never a response', () => {
    const [cycle] = remediationCycles(issue([event('opened', '2026-10-01T09:00:00Z'), { kind: 'commented', at: '2026-10-01T10:00:00Z', actor: 'acme-evident[bot]', byEvident: true }]), LATER);
    expect(cycle?.firstResponseAt).toBeUndefined();
  });

  it('does not count a human closing as a response', () => {
    const [cycle] = remediationCycles(issue([event('opened', '2026-10-01T09:00:00Z'), event('closed', '2026-10-01T10:00:00Z', 'alice', 'completed')]), LATER);
    expect(cycle?.firstResponseAt).toBeUndefined();
    expect(cycle?.closedAt).toBe('2026-10-01T10:00:00Z');
  });
});

describe('remediationCycles: due time and SLA', () => {
  it('sets dueAt to the opening plus slaHours, as a UTC ISO time', () => {
    const [cycle] = remediationCycles(issue([event('opened', '2026-10-01T09:05:00Z')], 72), new Date('2026-10-01T10:00:00Z'));
    expect(cycle?.dueAt).toBe('2026-10-04T09:05:00.000Z');
    expect(Date.parse(cycle?.dueAt ?? '') - Date.parse('2026-10-01T09:05:00Z')).toBe(72 * HOUR);
  });

  it('computes dueAt from the instant of an opening written with a UTC offset', () => {
    const [cycle] = remediationCycles(issue([event('opened', '2026-10-01T11:00:00+02:00')], 24), new Date('2026-10-01T10:00:00Z'));
    expect(cycle?.dueAt).toBe('2026-10-02T09:00:00.000Z');
  });

  it('meets the SLA when closed as completed before the due time', () => {
    const [cycle] = remediationCycles(issue([event('opened', '2026-10-01T09:00:00Z'), event('closed', '2026-10-01T23:00:00Z', 'alice', 'completed')], 24), LATER);
    expect(cycle?.slaMet).toBe(true);
  });

  it('meets the SLA when closed as completed exactly at the due time', () => {
    const [cycle] = remediationCycles(issue([event('opened', '2026-10-01T09:00:00.000Z'), event('closed', '2026-10-02T09:00:00.000Z', 'alice', 'completed')], 24), LATER);
    expect(cycle?.slaMet).toBe(true);
  });

  it("meets the SLA when closed exactly at the due time in GitHub's format (seconds, no milliseconds)", () => {
    // GitHub's timestamps have no milliseconds; dueAt is written with them (".000Z").
    const [cycle] = remediationCycles(issue([event('opened', '2026-10-01T09:00:00Z'), event('closed', '2026-10-02T09:00:00Z', 'alice', 'completed')], 24), LATER);
    expect(cycle?.dueAt).toBe('2026-10-02T09:00:00.000Z');
    expect(cycle?.slaMet).toBe(true);
  });

  it('meets the SLA when a closing before the due time is written with a UTC offset', () => {
    // Closed at 2026-10-02T08:30Z (written 10:30+02:00), half an hour before the 09:00Z due time.
    const [cycle] = remediationCycles(issue([event('opened', '2026-10-01T09:00:00Z'), event('closed', '2026-10-02T10:30:00+02:00', 'alice', 'completed')], 24), LATER);
    expect(cycle?.dueAt).toBe('2026-10-02T09:00:00.000Z');
    expect(cycle?.slaMet).toBe(true);
  });

  it('misses the SLA when closed as completed after the due time', () => {
    const [cycle] = remediationCycles(issue([event('opened', '2026-10-01T09:00:00Z'), event('closed', '2026-10-02T09:00:01Z', 'alice', 'completed')], 24), LATER);
    expect(cycle?.slaMet).toBe(false);
  });

  it('misses the SLA when closed as not planned, even within the due time', () => {
    const [cycle] = remediationCycles(issue([event('opened', '2026-10-01T09:00:00Z'), event('closed', '2026-10-01T10:00:00Z', 'alice', 'not_planned')], 24), LATER);
    expect(cycle).toMatchObject({ closedAs: 'not_planned', slaMet: false });
  });

  it('misses the SLA when still open after the due time at `now`', () => {
    const [cycle] = remediationCycles(issue([event('opened', '2026-10-01T09:00:00Z'), event('commented', '2026-10-01T10:00:00Z', 'alice')], 24), new Date('2026-10-02T09:00:01Z'));
    expect(cycle?.closedAt).toBeUndefined();
    expect(cycle?.slaMet).toBe(false);
  });

  it('leaves slaMet undefined while open and not yet due at `now` (due exactly now is not yet missed)', () => {
    const events = [event('opened', '2026-10-01T09:00:00Z')];
    expect(remediationCycles(issue(events, 24), new Date('2026-10-01T20:00:00Z'))[0]?.slaMet).toBeUndefined();
    expect(remediationCycles(issue(events, 24), new Date('2026-10-02T09:00:00Z'))[0]?.slaMet).toBeUndefined();
  });

  it('judges an open cycle against the `now` it is given, not the wall clock', () => {
    // Opened in 2020: by the wall clock long overdue; as of a `now` in its first day, not yet due.
    const events = [event('opened', '2020-01-01T00:00:00Z')];
    expect(remediationCycles(issue(events, 24), new Date('2020-01-01T12:00:00Z'))[0]?.slaMet).toBeUndefined();
    expect(remediationCycles(issue(events, 24), new Date('2020-01-03T00:00:00Z'))[0]?.slaMet).toBe(false);
  });

  it('has no due time and no SLA outcome without slaHours, open or closed', () => {
    const open = remediationCycles(issue([event('opened', '2020-01-01T00:00:00Z')], null), LATER);
    const closed = remediationCycles(issue([event('opened', '2026-10-01T09:00:00Z'), event('closed', '2026-12-01T09:00:00Z', 'alice', 'not_planned')], null), LATER);
    for (const [cycle] of [open, closed]) {
      expect(cycle?.dueAt).toBeUndefined();
      expect(cycle?.slaMet).toBeUndefined();
      expect(cycle && 'dueAt' in cycle).toBe(false);
    }
  });
});

describe('IssueHistory schema', () => {
  const valid = (): Record<string, unknown> => ({
    schema: 'https://evident.dev/schemas/issue-history/v1',
    repository: 'acme/compliance',
    exportedAt: '2026-11-01T00:00:00Z',
    issues: [
      {
        ...issue([event('opened', '2026-10-01T09:00:00Z'), event('labeled', '2026-10-01T10:00:00+02:00', 'alice', 'severity:high')], 72),
        severity: 'high',
      },
    ],
  });
  const firstIssue = (history: Record<string, unknown>) => (history.issues as Record<string, unknown>[])[0] as Record<string, unknown>;

  it('accepts a complete history, with UTC offsets on times', () => {
    const parsed = IssueHistory.safeParse(valid());
    expect(parsed.success).toBe(true);
    expect(parsed.data?.issues[0]?.events[1]?.at).toBe('2026-10-01T10:00:00+02:00');
  });

  it('rejects a history without its repository', () => {
    const history = valid();
    delete history.repository;
    const parsed = IssueHistory.safeParse(history);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path)).toEqual([['repository']]);
  });

  it("rejects an issue without its assignees, or an event without byEvident", () => {
    const noAssignees = valid();
    delete firstIssue(noAssignees).assignees;
    expect(IssueHistory.safeParse(noAssignees).error?.issues.map((i) => i.path)).toEqual([['issues', 0, 'assignees']]);

    const noByEvident = valid();
    delete ((firstIssue(noByEvident).events as Record<string, unknown>[])[0] as Record<string, unknown>).byEvident;
    expect(IssueHistory.safeParse(noByEvident).error?.issues.map((i) => i.path)).toEqual([['issues', 0, 'events', 0, 'byEvident']]);
  });

  it.each(['2026-10-01 09:00:00Z', '2026-10-01T09:00:00', '2026-10-01', 'yesterday'])('rejects the event time %j (not an ISO date-time with Z or an offset)', (at) => {
    const history = valid();
    ((firstIssue(history).events as Record<string, unknown>[])[0] as Record<string, unknown>).at = at;
    const parsed = IssueHistory.safeParse(history);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path)).toEqual([['issues', 0, 'events', 0, 'at']]);
  });

  it('rejects a bad exportedAt, an unknown schema, an unknown event kind and an unknown field', () => {
    expect(IssueHistory.safeParse({ ...valid(), exportedAt: 'now' }).error?.issues.map((i) => i.path)).toEqual([['exportedAt']]);
    expect(IssueHistory.safeParse({ ...valid(), schema: 'https://evident.dev/schemas/issue-history/v2' }).error?.issues.map((i) => i.path)).toEqual([['schema']]);
    const badKind = valid();
    ((firstIssue(badKind).events as Record<string, unknown>[])[0] as Record<string, unknown>).kind = 'transferred';
    expect(IssueHistory.safeParse(badKind).error?.issues.map((i) => i.path)).toEqual([['issues', 0, 'events', 0, 'kind']]);
    expect(IssueHistory.safeParse({ ...valid(), extra: true }).success).toBe(false);
  });

  it('rejects a non-positive or fractional slaHours', () => {
    for (const slaHours of [0, -1, 1.5]) {
      const history = valid();
      firstIssue(history).slaHours = slaHours;
      expect(IssueHistory.safeParse(history).error?.issues.map((i) => i.path)).toEqual([['issues', 0, 'slaHours']]);
    }
  });
});

import { DomainError } from '../shared/errors.ts';

// ───────────────────────────── Incidents ─────────────────────────────
// 152-FZ art. 21 part 3.1: after an unlawful or accidental transfer (leak) of personal data is found,
// the operator notifies Roskomnadzor within 24 hours (the incident, its presumed causes, the harm,
// the measures taken, a contact) and within 72 hours (the results of its own investigation).

export const INITIAL_NOTICE_HOURS = 24;
export const FOLLOW_UP_HOURS = 72;
const HOUR = 3_600_000;

export const incidentKinds = ['leak', 'unauthorized-access', 'loss', 'other'] as const;
export type IncidentKind = (typeof incidentKinds)[number];

export type NoticeStage = 'initial' | 'follow-up';

export type IncidentClock = {
  initialDueAt: number;
  followUpDueAt: number;
  initialNotifiedAt: number | null;
  followUpNotifiedAt: number | null;
};

export type DeadlineView = { dueAt: string; done: boolean; hoursLeft: number; overdue: boolean };

export const incidentDeadlines = (detectedAt: number): Pick<IncidentClock, 'initialDueAt' | 'followUpDueAt'> => ({
  initialDueAt: detectedAt + INITIAL_NOTICE_HOURS * HOUR,
  followUpDueAt: detectedAt + FOLLOW_UP_HOURS * HOUR,
});

const view = (dueAt: number, doneAt: number | null, now: number): DeadlineView => ({
  dueAt: new Date(dueAt).toISOString(),
  done: doneAt !== null,
  hoursLeft: Math.round(((dueAt - now) / HOUR) * 10) / 10,
  overdue: doneAt === null ? now > dueAt : doneAt > dueAt,
});

export const deadlineViews = (clock: IncidentClock, now: number) => ({
  initial: view(clock.initialDueAt, clock.initialNotifiedAt, now),
  followUp: view(clock.followUpDueAt, clock.followUpNotifiedAt, now),
});

/** The follow-up reports the investigation of a notified incident, so it cannot come first. */
export const assertNotifiable = (clock: IncidentClock, stage: NoticeStage) => {
  if (stage === 'initial' && clock.initialNotifiedAt !== null) {
    throw new DomainError('ILLEGAL_TRANSITION', 'The initial notice was already recorded');
  }
  if (stage === 'follow-up') {
    if (clock.initialNotifiedAt === null) throw new DomainError('ILLEGAL_TRANSITION', 'Record the initial notice first');
    if (clock.followUpNotifiedAt !== null) throw new DomainError('ILLEGAL_TRANSITION', 'The follow-up was already recorded');
  }
};

import type { Pool } from 'pg';
import { getCards, type BoardCard } from '../../projections/board/queries.ts';
import { LIVE_CHANGES_CHANNEL } from '../../projections/apply.ts';
import type { Notifications } from '../../core/database/notifications.ts';
import { TASK_CHANGES_CHANNEL, type Tasks, type TaskView } from '../../core/tasks/tasks.ts';
import { INBOX_CHANGES_CHANNEL } from '../../core/inbox/inbox.ts';

export type LiveMessage =
  | { type: 'hello'; position: number }
  | { type: 'booking'; position: number; booking: BoardCard }
  | { type: 'task'; task: TaskView }
  | { type: 'inbox'; clientId: string };

export type Subscriber = {
  orgId: string;
  /** null: every branch of the organization. */
  branchIds: readonly string[] | null;
  /**
   * Set for someone whose task list shows only the tasks given to them (a mechanic): task frames then
   * carry only those, since a title is staff's free words about a client («Перезвонить Иванову +7 916…»).
   */
  ownTasksOf?: string;
  send: (message: LiveMessage) => void;
};

type Change = { position: number; org_id: string; branch_id: string; booking_id: string };

/**
 * Pushes read-model changes to connected panels. Positions come from live_changes, written in
 * the projection's own transaction, so they only grow and a reconnecting panel can ask for
 * everything after the last one it saw. It looks for them when this process's runner committed a
 * batch, when any process's runner did (PostgreSQL NOTIFY from that commit, when `notifications`
 * are given), and once a second in case a notification was lost.
 */
export const createLiveHub = (
  pool: Pool,
  onError: (error: unknown) => void,
  notifications?: Notifications,
  tasks?: Pick<Tasks, 'one'>,
) => {
  const subscribers = new Set<Subscriber>();
  let last = 0;
  // Pushes and a reconnecting panel's catch-up take turns, so no change falls between the two.
  let turn: Promise<unknown> = Promise.resolve();
  const exclusively = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work);
    turn = result.catch(() => undefined);
    return result;
  };
  let queued = false;

  const changesAfter = async (position: number, orgId?: string) =>
    (
      await pool.query<Change>(
        `SELECT position::float8 AS position, org_id, branch_id, booking_id FROM live_changes
          WHERE position > $1 AND ($2::uuid IS NULL OR org_id = $2) ORDER BY position LIMIT 5000`,
        [position, orgId ?? null],
      )
    ).rows;

  const canSee = (subscriber: Subscriber, change: Change) =>
    subscriber.orgId === change.org_id && (subscriber.branchIds === null || subscriber.branchIds.includes(change.branch_id));

  const deliver = async (changes: Change[], targets: Iterable<Subscriber>) => {
    const latest = new Map<string, Change>();
    for (const change of changes) latest.set(change.booking_id, change);
    const byOrg = new Map<string, Change[]>();
    for (const change of latest.values()) byOrg.set(change.org_id, [...(byOrg.get(change.org_id) ?? []), change]);
    const recipients = [...targets];
    for (const [orgId, orgChanges] of byOrg) {
      if (!recipients.some((subscriber) => subscriber.orgId === orgId)) continue;
      const cards = new Map(
        (
          await getCards(
            pool,
            orgId,
            orgChanges.map((c) => c.booking_id),
          )
        ).map((card) => [card.id, card]),
      );
      for (const change of orgChanges.sort((a, b) => a.position - b.position)) {
        const booking = cards.get(change.booking_id);
        if (!booking) continue;
        for (const subscriber of recipients) {
          if (canSee(subscriber, change)) subscriber.send({ type: 'booking', position: change.position, booking });
        }
      }
    }
  };

  const flushOnce = async () => {
    const changes = await changesAfter(last);
    if (changes.length === 0) return;
    last = changes.at(-1)!.position;
    await deliver(changes, subscribers);
  };

  /** At most one push waits behind the running one; it reads everything new when its turn comes. */
  const flush = (): Promise<void> => {
    if (queued) return turn.then(() => undefined);
    queued = true;
    return exclusively(async () => {
      queued = false;
      await flushOnce().catch(onError);
    });
  };

  const start = async () => {
    const { rows } = await pool.query<{ position: number }>(
      'SELECT coalesce(max(position), 0)::float8 AS position FROM live_changes',
    );
    last = rows[0]!.position;
  };

  // Changes projected by another process reach this one's panels through the table: at once when
  // its commit notifies, else on this timer (no listening connection, or a notification lost).
  const timer = setInterval(() => void flush(), 1000);
  timer.unref();
  // A task's change is pushed as it stands when heard (no position: a reconnecting panel reloads its tasks).
  const pushTask = async (payload: string) => {
    const [orgId, branchId, taskId] = payload.split('/');
    if (!orgId || !branchId || !taskId || !tasks) return;
    const targets = [...subscribers].filter(
      (subscriber) => subscriber.orgId === orgId && (subscriber.branchIds === null || subscriber.branchIds.includes(branchId)),
    );
    if (targets.length === 0) return;
    const task = await tasks.one(orgId, taskId);
    if (!task) return;
    for (const subscriber of targets.filter((s) => s.ownTasksOf === undefined || s.ownTasksOf === task.assigneeId)) {
      subscriber.send({ type: 'task', task });
    }
  };
  const unlisten = [
    notifications?.on(LIVE_CHANGES_CHANNEL, () => void flush()),
    notifications?.onConnected(() => void flush()),
    notifications?.on(TASK_CHANGES_CHANNEL, (payload) => void pushTask(payload).catch(onError)),
    // A conversation changed: only its client id goes out, the panel loads the rest with its session.
    notifications?.on(INBOX_CHANGES_CHANNEL, (payload) => {
      const [orgId, clientId] = payload.split('/');
      if (!orgId || !clientId) return;
      for (const subscriber of subscribers) if (subscriber.orgId === orgId) subscriber.send({ type: 'inbox', clientId });
    }),
  ];

  return {
    start,
    notify: () => void flush(),
    position: () => last,
    subscribe: (subscriber: Subscriber, since?: number) =>
      exclusively(async () => {
        subscriber.send({ type: 'hello', position: last });
        if (since !== undefined && since < last) {
          await deliver(
            (await changesAfter(since, subscriber.orgId)).filter((c) => c.position <= last),
            [subscriber],
          );
        }
        subscribers.add(subscriber);
        return () => subscribers.delete(subscriber);
      }),
    stop: () => {
      clearInterval(timer);
      for (const stopListening of unlisten) stopListening?.();
    },
  };
};

export type LiveHub = ReturnType<typeof createLiveHub>;

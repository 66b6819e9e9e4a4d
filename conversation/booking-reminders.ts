import type { Pool } from 'pg';
import type { CatalogRepository } from '../core/catalog/catalog-repository.ts';
import { silencedAmong } from '../core/compliance/silenced.ts';
import { createInstanceLock } from '../core/followers/instance-lock.ts';
import type { BookingEvent } from '../domain/booking/booking.ts';
import { startPollLoop } from '../projections/poll-loop.ts';
import type { RecordedEvent } from '../projections/recorded-event.ts';
import { encode } from './callback-data.ts';
import type { BotLog } from './context.ts';
import { whenLabel, zoned } from './format.ts';
import { Buttons } from './port.ts';
import { placeOf, stationContacts } from './station-facts.ts';
import type { DeliveryRoute, MessageFor } from './status-cascade.ts';
import { textsFor } from './texts.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_BEFORE_MS = 24 * HOUR;
const TWO_HOURS_MS = 2 * HOUR;

type Kind = 'day_before' | 'two_hours';

/**
 * «Today» or «tomorrow» for a visit where the branch is, at `nowMs`: a reminder sent late (after a
 * restart, or held until a channel was connected) may go out on the visit's own day. Null for neither.
 */
export const visitDay = (startMs: number, nowMs: number, timeZone: string): 'today' | 'tomorrow' | null => {
  const day = zoned(startMs, timeZone).toPlainDate();
  const today = zoned(nowMs, timeZone).toPlainDate();
  if (day.equals(today)) return 'today';
  return day.equals(today.add({ days: 1 })) ? 'tomorrow' : null;
};

/**
 * Whole minutes left before the start, to the nearest five so that a reminder sent on time (a tick
 * after its moment) still says «2 часа»; the last few minutes exactly, and never none.
 */
export const minutesLeft = (startMs: number, nowMs: number): number => {
  const exact = (startMs - nowMs) / MINUTE;
  return exact < 5 ? Math.max(1, Math.ceil(exact)) : Math.round(exact / 5) * 5;
};

/**
 * Plans reminders from booking events into bot_reminders (a persisted schedule): the day before
 * and two hours before the start. A move re-plans them (a sent one is sent again for the new
 * time); a cancellation, start or completion drops them. Idempotent, so the reactor that feeds it
 * may start from the beginning of the log and may repeat an event.
 */
export const createReminderPlanner = (pool: Pool) => {
  type Target = { bookingId: string; orgId: string; branchId: string; clientId: string; serviceIds: string[] };

  /** Plans both reminders for `start`; one whose moment is not after `at` (the event's time) is not planned. */
  const plan = async (target: Target, start: string, at: number, replan: boolean) => {
    const startMs = Date.parse(start);
    const reminders: [Kind, number][] = [
      ['day_before', startMs - DAY_BEFORE_MS],
      ['two_hours', startMs - TWO_HOURS_MS],
    ];
    for (const [kind, due] of reminders) {
      if (due <= at) {
        await pool.query('DELETE FROM bot_reminders WHERE booking_id = $1 AND kind = $2', [target.bookingId, kind]);
        continue;
      }
      await pool.query(
        `INSERT INTO bot_reminders (booking_id, kind, org_id, branch_id, client_id, service_ids, due_at, starts_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (booking_id, kind) DO UPDATE SET due_at = EXCLUDED.due_at, starts_at = EXCLUDED.starts_at,
           sent_at = CASE WHEN $9 AND bot_reminders.starts_at <> EXCLUDED.starts_at THEN NULL ELSE bot_reminders.sent_at END`,
        [
          target.bookingId,
          kind,
          target.orgId,
          target.branchId,
          target.clientId,
          target.serviceIds,
          new Date(due),
          new Date(startMs),
          replan,
        ],
      );
    }
  };

  /** True when the schedule changed. */
  const handle = async (recorded: RecordedEvent): Promise<boolean> => {
    if (!recorded.streamName.startsWith('booking-')) return false;
    const event = { type: recorded.type, data: recorded.data } as BookingEvent;
    switch (event.type) {
      case 'BookingRequested': {
        const { bookingId, orgId, branchId, clientId, serviceIds, start, requestedAt } = event.data;
        await plan({ bookingId, orgId, branchId, clientId, serviceIds }, start, Date.parse(requestedAt), false);
        return true;
      }
      case 'BookingRescheduled': {
        const { rows } = await pool.query<{ org_id: string; branch_id: string; client_id: string; service_ids: string[] }>(
          'SELECT org_id, branch_id, client_id, service_ids FROM bot_reminders WHERE booking_id = $1 LIMIT 1',
          [event.data.bookingId],
        );
        const row = rows[0];
        if (!row) return false;
        const target = {
          bookingId: event.data.bookingId,
          orgId: row.org_id,
          branchId: row.branch_id,
          clientId: row.client_id,
          serviceIds: row.service_ids,
        };
        await plan(target, event.data.start, Date.parse(event.data.rescheduledAt), true);
        return true;
      }
      case 'BookingCancelled':
      case 'BookingStarted':
      case 'BookingCompleted':
        await pool.query('DELETE FROM bot_reminders WHERE booking_id = $1', [event.data.bookingId]);
        return false;
      default:
        return false;
    }
  };

  return { handle };
};

type DueRow = {
  booking_id: string;
  kind: Kind;
  org_id: string;
  branch_id: string;
  client_id: string;
  service_ids: string[];
  starts_at: Date;
};

/**
 * Sends due reminders through the first channel that takes them, in the station's order (the
 * messengers with one-tap buttons under the day-before one, then SMS, then e-mail), except to
 * blocked clients. SMS and e-mail carry the day-before reminder only: a second paid SMS two hours
 * later is more than a station wants to pay for each visit. A reminder is marked sent right after its
 * message went out (never before, so a crash cannot lose one; the window for a repeat is the one
 * message in flight). One sender runs per installation (advisory lock); it wakes on a timer, and on `poke`.
 */
export const startReminderSender = (deps: {
  pool: Pool;
  catalog: CatalogRepository;
  /** The channels this installation has now, in the station's order, asked at each step: the owner may connect a bot later. */
  routes: () => readonly DeliveryRoute[];
  now: () => number;
  log: BotLog;
  intervalMs?: number;
}) => {
  const { pool, catalog, now, log } = deps;
  const lock = createInstanceLock(pool, 'reminder-sender');

  /** The words follow the time actually left at `nowMs`, not the moment the reminder was planned for. */
  const send = async (row: DueRow, nowMs: number) => {
    const found = await catalog.forBranch(row.org_id, row.branch_id);
    if (!found) return;
    const service = row.service_ids.map((id) => found.services.find((candidate) => candidate.id === id)?.name ?? '').join(', ');
    const place = placeOf(found.branch.name, await stationContacts(pool, row.org_id, row.branch_id));
    const messageFor: MessageFor = (lang) => {
      const t = textsFor(lang);
      const startMs = row.starts_at.getTime();
      const when = whenLabel(t, startMs, found.branch.timeZone);
      if (row.kind === 'two_hours')
        return { text: t.remindTwoHours(service, when, place, t.timeLeft(minutesLeft(startMs, nowMs))) };
      const buttons = new Buttons()
        .text(t.remindComing, encode({ kind: 'booking', action: 'coming', bookingId: row.booking_id }))
        .row()
        .text(t.remindMove, encode({ kind: 'booking', action: 'move', bookingId: row.booking_id }))
        .text(t.remindCancel, encode({ kind: 'booking', action: 'cancel', bookingId: row.booking_id }));
      return {
        text: t.remindDayBefore(service, when, place, visitDay(startMs, nowMs, found.branch.timeZone)),
        buttons: buttons.rows,
      };
    };
    for (const route of deps.routes()) {
      if (row.kind === 'two_hours' && (route.channel === 'sms' || route.channel === 'email')) continue;
      const outcome = await route.deliver({ orgId: row.org_id, clientId: row.client_id }, messageFor).catch((error: unknown) => {
        log.warn({ channel: route.channel, name: (error as Error).name, kind: row.kind }, 'reminder route failed');
        return 'failed' as const;
      });
      if (outcome === 'sent') return;
    }
  };

  const tick = async (isStopped: () => boolean): Promise<number> => {
    const nowDate = new Date(now());
    // Reminders whose moment passed unsent while the booking has not started yet; a day-before
    // reminder that is already inside the two-hour window is dropped in favour of the later one.
    const { rows } = await pool.query<DueRow>(
      `SELECT booking_id, kind, org_id, branch_id, client_id, service_ids, starts_at FROM bot_reminders
        WHERE sent_at IS NULL AND due_at <= $1 AND starts_at > $1
        ORDER BY due_at LIMIT 50`,
      [nowDate],
    );
    // A blocked or withdrawn client's reminder is dropped, not held back: it would be stale by the time
    // they could be written to again.
    const silenced = await silencedAmong(
      pool,
      rows.map((row) => row.client_id),
    );
    for (const row of rows) {
      if (isStopped()) break;
      const late = row.kind === 'day_before' && row.starts_at.getTime() - nowDate.getTime() <= TWO_HOURS_MS;
      // One reminder that cannot be sent is dropped with a log line, never retried ahead of the others for ever.
      if (!late && !silenced.has(row.client_id)) {
        await send(row, nowDate.getTime()).catch((error: unknown) =>
          log.error({ name: (error as Error).name, kind: row.kind }, 'reminder failed'),
        );
      }
      await pool.query('UPDATE bot_reminders SET sent_at = $3 WHERE booking_id = $1 AND kind = $2', [
        row.booking_id,
        row.kind,
        nowDate,
      ]);
    }
    return rows.length;
  };

  const loop = startPollLoop({
    // With no channel at all, reminders wait (while still due) for one to be connected rather than
    // be marked sent unsent; and another sender on the same database may be the one that has channels.
    step: async (isStopped) => (deps.routes().length > 0 && (await lock.acquire()) ? tick(isStopped) : 0),
    onError: (error) => log.error({ name: (error as Error).name, message: (error as Error).message }, 'reminder sender failed'),
    idleMs: deps.intervalMs ?? 30_000,
  });

  return {
    poke: loop.poke,
    stop: async () => {
      await loop.stop();
      await lock.release();
    },
  };
};

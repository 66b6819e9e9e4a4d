import { randomUUID } from 'node:crypto';
import type { StreamAppend } from '../../core/event-store/event-store.ts';
import { OWNER, startTestServer, type TestServer } from './test-server.ts';

/**
 * A scripted week at the demo branch (Europe/Moscow, UTC+3 all year): bookings with known
 * confirmation delays (across closing time, the lunch break, a Saturday and a closed Sunday),
 * cancellations with reasons, repeat clients, refused overlaps, and a previous week to compare with.
 * Every step is written at its scripted instant: the log's `created` is set to it, as if the week
 * had really happened, so an as-of replay sees exactly the steps taken by then.
 * `expectedKpis` recounts everything from the script itself, minute by minute, sharing no code with
 * the projection.
 */

export const WEEK = { from: '2026-09-07', to: '2026-09-13' } as const;
export const PREVIOUS = { from: '2026-08-31', to: '2026-09-06' } as const;
/** The clock when the report is read: Monday after the week, noon. */
export const NOW = '2026-09-14T12:00+03:00';
export const TARGET_MINUTES = 30;
export const FORMULA_NAME = '=HYPERLINK("http://evil.example","x")';

/** Monday–Friday 09:00–20:00 with lunch 13:00–14:00, Saturday 10:00–16:00, Sunday closed. */
const weekday = { open: '09:00', close: '20:00', breaks: [{ from: '13:00', to: '14:00' }] };
export const HOURS = {
  '1': weekday,
  '2': weekday,
  '3': weekday,
  '4': weekday,
  '5': weekday,
  '6': { open: '10:00', close: '16:00', breaks: [] },
};
const OPEN_MINUTES: Record<number, [number, number][]> = {
  1: [
    [540, 780],
    [840, 1200],
  ],
  2: [
    [540, 780],
    [840, 1200],
  ],
  3: [
    [540, 780],
    [840, 1200],
  ],
  4: [
    [540, 780],
    [840, 1200],
  ],
  5: [
    [540, 780],
    [840, 1200],
  ],
  6: [[600, 960]],
  0: [],
};

/** '2026-09-07 09:30' in Moscow → an ISO instant. */
export const msk = (local: string) => `${local.replace(' ', 'T')}+03:00`;

type Who = 'A' | 'B' | 'owner' | null;
type Step = { at: string; by: Who };
export type ScriptBooking = {
  name: string;
  channel: 'telegram' | 'phone' | 'panel' | 'web';
  client: string;
  requested: Step;
  confirmed?: Step;
  started?: Step;
  done?: Step;
  cancelled?: Step & { reason: 'client_request' | 'no_show' | 'station' | 'duplicate' | 'other' };
  /** Made through the API with the test clock instead of appended. */
  viaApi?: boolean;
};
export type ScriptRefusal = { at: string; channel: 'telegram' | 'panel'; by: Who; viaApi: boolean };

const s = (at: string, by: Who): Step => ({ at: msk(at), by });

export const BOOKINGS: ScriptBooking[] = [
  // The previous week.
  {
    name: 'P1',
    channel: 'telegram',
    client: 'P',
    requested: s('2026-09-01 10:00', null),
    confirmed: s('2026-09-01 10:10', 'A'),
    started: s('2026-09-02 10:00', 'A'),
    done: s('2026-09-02 11:00', 'A'),
  },
  {
    name: 'P2',
    channel: 'phone',
    client: 'Q',
    requested: s('2026-09-02 11:00', 'A'),
    confirmed: s('2026-09-02 11:05', 'A'),
    cancelled: { ...s('2026-09-03 12:00', 'B'), reason: 'client_request' },
  },
  // The week.
  {
    name: 'B1',
    channel: 'telegram',
    client: 'C1',
    requested: s('2026-09-07 09:30', null),
    confirmed: s('2026-09-07 09:40', 'A'),
    started: s('2026-09-07 11:00', 'A'),
    done: s('2026-09-07 12:00', 'A'),
  },
  // 19:50 Monday → 09:20 Tuesday: 10 + 20 = 30 working minutes, exactly the target.
  {
    name: 'B2',
    channel: 'telegram',
    client: 'C1',
    requested: s('2026-09-07 19:50', null),
    confirmed: s('2026-09-08 09:20', 'A'),
    started: s('2026-09-10 10:00', 'A'),
    done: s('2026-09-10 11:00', 'A'),
  },
  // Over lunch: 12:50 → 14:15 is 10 + 15 = 25 working minutes.
  {
    name: 'B3',
    channel: 'phone',
    client: 'C2',
    requested: s('2026-09-07 12:50', 'B'),
    confirmed: s('2026-09-07 14:15', 'B'),
    cancelled: { ...s('2026-09-09 15:00', 'B'), reason: 'no_show' },
  },
  // 60 minutes: an SLA miss on Tuesday, by B who confirmed it.
  {
    name: 'B4',
    channel: 'panel',
    client: 'C3',
    requested: s('2026-09-08 10:00', 'A'),
    confirmed: s('2026-09-08 11:00', 'B'),
    started: s('2026-09-09 10:00', 'B'),
    done: s('2026-09-09 11:00', 'B'),
  },
  {
    name: 'B11',
    channel: 'panel',
    client: 'C3',
    requested: s('2026-09-08 15:00', 'B'),
    confirmed: s('2026-09-08 15:10', 'B'),
    started: s('2026-09-11 14:00', 'B'),
    done: s('2026-09-11 15:00', 'B'),
  },
  // Never confirmed, cancelled by the station after 60 minutes: an SLA miss.
  {
    name: 'B7',
    channel: 'telegram',
    client: 'C6',
    requested: s('2026-09-09 10:00', null),
    cancelled: { ...s('2026-09-09 11:00', 'B'), reason: 'station' },
  },
  // Through the API at 10:00 Wednesday, confirmed by the owner 20 minutes later.
  {
    name: 'B12',
    channel: 'panel',
    client: 'C9',
    requested: s('2026-09-09 10:00', 'owner'),
    confirmed: s('2026-09-09 10:20', 'owner'),
    viaApi: true,
  },
  {
    name: 'B9',
    channel: 'phone',
    client: 'C2',
    requested: s('2026-09-10 09:00', 'A'),
    confirmed: s('2026-09-10 09:01', 'A'),
    started: s('2026-09-11 10:00', 'A'),
    done: s('2026-09-11 10:30', 'A'),
  },
  // Still New on Monday: missed since 16:30 Thursday.
  { name: 'B8', channel: 'telegram', client: 'C7', requested: s('2026-09-10 16:00', null) },
  // 19:30 Friday → 10:20 Saturday: 30 + 20 = 50 minutes; the target ran out at Saturday's opening.
  {
    name: 'B5',
    channel: 'telegram',
    client: 'C4',
    requested: s('2026-09-11 19:30', null),
    confirmed: s('2026-09-12 10:20', 'A'),
  },
  // Confirmed the next Monday: 10 minutes on Saturday, none on Sunday, 5 on Monday.
  { name: 'B6', channel: 'web', client: 'C5', requested: s('2026-09-12 15:50', null), confirmed: s('2026-09-14 09:05', 'A') },
  // Requested and confirmed on a closed Sunday: no working time passed.
  {
    name: 'B10',
    channel: 'telegram',
    client: 'C8',
    requested: s('2026-09-13 12:00', null),
    confirmed: s('2026-09-13 12:30', 'A'),
  },
];

export const REFUSALS: ScriptRefusal[] = [
  { at: msk('2026-09-04 12:00'), channel: 'telegram', by: null, viaApi: false },
  { at: msk('2026-09-09 10:05'), channel: 'panel', by: 'owner', viaApi: true },
  { at: msk('2026-09-09 10:10'), channel: 'telegram', by: 'owner', viaApi: true },
];

// ───────────────────────────── Running the script ─────────────────────────────

export type Week = {
  server: TestServer;
  clock: { now: number };
  users: Record<'A' | 'B' | 'owner', string>;
  bookingIds: Record<string, string>;
  managerTokens: Record<'A' | 'B', string>;
};

type Action = { at: string; run: () => Promise<void> };

/** Starts a server on the test clock, sets the branch up and writes the week into its log. */
export const startWeek = async (): Promise<Week> => {
  const clock = { now: Date.parse(NOW) };
  const server = await startTestServer({ now: () => clock.now });
  const patched = await server.api('PATCH', `/api/branches/${server.branch.id}`, {
    hours: HOURS,
    confirmTargetMinutes: TARGET_MINUTES,
  });
  if (patched.status !== 200) throw new Error(`PATCH branch: ${patched.status} ${JSON.stringify(patched.body)}`);
  const a = await server.addUser('manager', [server.branch.id]);
  const b = await server.addUser('manager', [server.branch.id]);
  await server.runtime.pool.query('UPDATE users SET name = $2 WHERE id = $1', [a.id, FORMULA_NAME]);
  await server.runtime.pool.query('UPDATE users SET name = $2 WHERE id = $1', [b.id, 'Борис']);
  const owner = (await server.runtime.pool.query('SELECT id FROM users WHERE email = $1', [OWNER.email])).rows[0].id as string;
  const users = { A: a.id, B: b.id, owner };
  const userOf = (who: Who) => (who === null ? null : users[who]);
  const { store } = server.runtime.deps;
  const pool = server.runtime.pool;
  const bookingIds: Record<string, string> = {};
  const versions = new Map<string, number>();
  const orgId = server.branch.orgId;
  const tyreBay = server.bays.find((bay) => bay.kinds.includes('tyre'))!;
  const liftBay = server.bays.find((bay) => bay.kinds.includes('lift'))!;
  const clients = new Map<string, string>();
  const clientId = (name: string) => {
    if (!clients.has(name)) clients.set(name, randomUUID());
    return clients.get(name)!;
  };

  const append = async (stream: string, event: { type: string; data: Record<string, unknown> }, by: Who) => {
    const expected = versions.get(stream) ?? 0;
    versions.set(stream, expected + 1);
    const batch: StreamAppend = { stream, expected, events: [event], metadata: { orgId, userId: userOf(by) } };
    await store.appendMany([batch]);
  };

  const apiBooking = {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    bayId: liftBay.id,
    start: msk('2026-09-10 11:00'),
  };
  const actions: Action[] = [];
  for (const [i, booking] of BOOKINGS.entries()) {
    const id = randomUUID();
    bookingIds[booking.name] = id;
    const stream = `booking-${id}`;
    if (booking.viaApi) {
      actions.push({
        at: booking.requested.at,
        run: async () => {
          const placed = await server.api('POST', '/api/bookings', {
            ...apiBooking,
            client: { name: 'Вера', phone: '+79161112233' },
            channel: 'panel',
          });
          if (placed.status !== 201) throw new Error(`API booking: ${placed.status} ${JSON.stringify(placed.body)}`);
          bookingIds[booking.name] = placed.body.id;
        },
      });
      actions.push({
        at: booking.confirmed!.at,
        run: async () => {
          const confirmed = await server.api('POST', `/api/bookings/${bookingIds[booking.name]}/status`, { status: 'Confirmed' });
          if (confirmed.status !== 200) throw new Error(`API confirm: ${confirmed.status}`);
        },
      });
      continue;
    }
    // Each on its own day and hour in a later week, on the tyre bay: the calendar stays free of overlaps.
    const startIso = new Date(Date.parse(msk('2026-09-21 10:00')) + i * 86_400_000).toISOString();
    const endIso = new Date(Date.parse(startIso) + 3_600_000).toISOString();
    actions.push({
      at: booking.requested.at,
      run: () =>
        append(
          stream,
          {
            type: 'BookingRequested',
            data: {
              bookingId: id,
              orgId,
              branchId: server.branch.id,
              bayId: tyreBay.id,
              serviceIds: [server.service('Шиномонтаж').id],
              start: startIso,
              end: endIso,
              segments: [
                { date: new Date(Date.parse(startIso) + 3 * 3_600_000).toISOString().slice(0, 10), from: startIso, to: endIso },
              ],
              clientId: clientId(booking.client),
              channel: booking.channel,
              details: null,
              requestedBy: userOf(booking.requested.by),
              requestedAt: new Date(booking.requested.at).toISOString(),
            },
          },
          booking.requested.by,
        ),
    });
    const step = (at: Step | undefined, type: string, data: (by: string | null, iso: string) => Record<string, unknown>) => {
      if (at)
        actions.push({
          at: at.at,
          run: () =>
            append(stream, { type, data: { bookingId: id, ...data(userOf(at.by), new Date(at.at).toISOString()) } }, at.by),
        });
    };
    step(booking.confirmed, 'BookingConfirmed', (by, iso) => ({ confirmedBy: by, confirmedAt: iso }));
    step(booking.started, 'BookingStarted', (by, iso) => ({ startedBy: by, startedAt: iso }));
    step(booking.done, 'BookingCompleted', (by, iso) => ({ completedBy: by, completedAt: iso }));
    step(booking.cancelled, 'BookingCancelled', (by, iso) => ({
      reason: booking.cancelled!.reason,
      cancelledBy: by,
      cancelledAt: iso,
    }));
  }
  for (const refusal of REFUSALS) {
    actions.push({
      at: refusal.at,
      run: async () => {
        if (refusal.viaApi) {
          const refused = await server.api('POST', '/api/bookings', {
            ...apiBooking,
            client: { name: 'Опоздавший', phone: '+79164445566' },
            channel: refusal.channel,
          });
          if (refused.status !== 409) throw new Error(`expected a refusal, got ${refused.status}`);
          return;
        }
        const refusalId = randomUUID();
        await append(
          `refusal-${refusalId}`,
          {
            type: 'BookingRefused',
            data: {
              refusalId,
              orgId,
              branchId: server.branch.id,
              channel: refusal.channel,
              reason: 'slot_taken',
              requestedStart: msk('2026-09-05 10:00'),
              refusedBy: userOf(refusal.by),
              refusedAt: new Date(refusal.at).toISOString(),
            },
          },
          refusal.by,
        );
      },
    });
  }

  // In time order; each step's events get its instant as their append time.
  actions.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
  for (const action of actions) {
    const { rows } = await pool.query('SELECT coalesce(max(global_position), 0)::text AS mark FROM emt_messages');
    clock.now = Date.parse(action.at);
    await action.run();
    await pool.query('UPDATE emt_messages SET created = $2 WHERE global_position > $1', [rows[0].mark, action.at]);
  }
  clock.now = Date.parse(NOW);
  await server.waitForProjection();
  return {
    server,
    clock,
    users,
    bookingIds,
    managerTokens: { A: a.token, B: b.token },
  };
};

// ───────────────────────────── The figures, recounted ─────────────────────────────

const MINUTE = 60_000;
const MSK = 3 * 3_600_000;
const dayOf = (iso: string) => new Date(Date.parse(iso) + MSK).toISOString().slice(0, 10);
const isOpen = (ms: number) => {
  const local = new Date(ms + MSK);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return OPEN_MINUTES[local.getUTCDay()]!.some(([from, to]) => minute >= from && minute < to);
};
export const workingMinutes = (from: string, to: string) => {
  let count = 0;
  for (let ms = Date.parse(from); ms < Date.parse(to); ms += MINUTE) if (isOpen(ms)) count++;
  return count;
};
/** The start of the first open minute after the target's worth of open minutes. */
const deadline = (from: string) => {
  let used = 0;
  for (let ms = Date.parse(from); ; ms += MINUTE) {
    if (!isOpen(ms)) continue;
    if (used === TARGET_MINUTES) return ms;
    used++;
  }
};
/** PostgreSQL's percentile_cont: linear between the closest ranks. */
export const percentile = (values: number[], p: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
};
const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

type Options = { from: string; to: string; now: string; managerId?: string | null; users: Week['users']; asOf?: string };

/** The period's figures, counted from the script: steps taken by `asOf` (all when absent), seen at `now`. */
export const expectedKpis = (options: Options) => {
  const cutoff = options.asOf ? Date.parse(options.asOf) : Infinity;
  const seen = (step: Step | undefined) => (step && Date.parse(step.at) <= cutoff ? step : undefined);
  const actorOf = (step: Step) => (step.by === null ? null : options.users[step.by]);
  const counts = (step: Step | undefined, from: string, to: string) =>
    step !== undefined &&
    dayOf(step.at) >= from &&
    dayOf(step.at) <= to &&
    (!options.managerId || actorOf(step) === options.managerId);
  const period = (from: string, to: string) => {
    const visible = BOOKINGS.filter((booking) => seen(booking.requested));
    const requested = visible.filter((booking) => counts(booking.requested, from, to));
    const confirmed = visible.filter((booking) => counts(seen(booking.confirmed), from, to));
    const done = visible.filter((booking) => counts(seen(booking.done), from, to));
    const cancelled = visible.filter((booking) => counts(seen(booking.cancelled), from, to));
    const minutes = confirmed.map((booking) => workingMinutes(booking.requested.at, booking.confirmed!.at));
    const slaMisses = visible.filter((booking) => {
      const left = [seen(booking.confirmed), seen(booking.cancelled)]
        .filter(Boolean)
        .sort((x, y) => Date.parse(x!.at) - Date.parse(y!.at))[0];
      const due = deadline(booking.requested.at);
      const end = left ? Date.parse(left.at) : Date.parse(options.now);
      if (!(end > due)) return false;
      const day = new Date(due + MSK).toISOString().slice(0, 10);
      const actor = left ? actorOf(left) : null;
      return day >= from && day <= to && (!options.managerId || actor === options.managerId);
    });
    const visitsByClient = new Map<string, number>();
    for (const booking of done) visitsByClient.set(booking.client, (visitsByClient.get(booking.client) ?? 0) + 1);
    const repeat = [...visitsByClient.values()].filter((visits) => visits >= 2).length;
    const refused = REFUSALS.filter((refusal) => Date.parse(refusal.at) <= cutoff).filter((refusal) =>
      counts({ at: refusal.at, by: refusal.by }, from, to),
    );
    const byChannel = (channel: string) => requested.filter((booking) => booking.channel === channel).length;
    return {
      tiles: {
        newBookings: requested.length,
        botShare: pct(byChannel('telegram') + byChannel('max'), requested.length),
        confirmed: confirmed.length,
        done: done.length,
        cancelled: cancelled.length,
        noShows: cancelled.filter((booking) => booking.cancelled!.reason === 'no_show').length,
        medianConfirmMinutes: round1(percentile(minutes, 0.5)),
        p90ConfirmMinutes: round1(percentile(minutes, 0.9)),
        slaMisses: slaMisses.length,
        repeatClients: repeat,
        returningRate: pct(repeat, visitsByClient.size),
        refusedOverlaps: refused.length,
      },
      newByChannel: Object.fromEntries(
        ['telegram', 'panel', 'phone', 'web', 'import', 'max'].map((channel) => [channel, byChannel(channel)]),
      ),
      cancelledByReason: Object.fromEntries(
        ['client_request', 'no_show', 'station', 'duplicate', 'other'].map((reason) => [
          reason,
          cancelled.filter((booking) => booking.cancelled!.reason === reason).length,
        ]),
      ),
      funnel: {
        requested: requested.length,
        confirmed: requested.filter((booking) => seen(booking.confirmed)).length,
        started: requested.filter((booking) => seen(booking.started)).length,
        done: requested.filter((booking) => seen(booking.done)).length,
        cancelled: requested.filter((booking) => seen(booking.cancelled)).length,
        stillNew: requested.filter((booking) => !seen(booking.confirmed) && !seen(booking.cancelled)).length,
      },
      minutes,
      confirmedOn: (day: string) =>
        confirmed
          .filter((booking) => dayOf(booking.confirmed!.at) === day)
          .map((booking) => workingMinutes(booking.requested.at, booking.confirmed!.at)),
      requestedOn: (day: string) => requested.filter((booking) => dayOf(booking.requested.at) === day),
    };
  };
  const days = Math.round((Date.parse(options.to) - Date.parse(options.from)) / 86_400_000) + 1;
  const shift = (date: string, by: number) => new Date(Date.parse(`${date}T00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);
  return {
    current: period(options.from, options.to),
    previous: period(shift(options.from, -days), shift(options.from, -1)),
  };
};

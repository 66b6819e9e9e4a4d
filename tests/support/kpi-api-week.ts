import type { Pool } from 'pg';
import { startTestServer, type TestServer } from './test-server.ts';
import { FORMULA_NAME, HOURS, msk, percentile, TARGET_MINUTES, workingMinutes } from './kpi-week.ts';

/**
 * A fortnight at two branches, made only through the HTTP API on a test clock, as the panel and the
 * bot would: bookings by channel, confirmations at known delays by the owner and by a manager (whose
 * name is a spreadsheet formula), cancellations with reasons, a repeat client, a refused overlap,
 * and a client whose name is a formula too. Each step's events get its instant as their append time,
 * so a history built as of an instant holds exactly the steps taken by then.
 * `expectedFigures` recounts the tiles from the script itself, sharing no code with the projection.
 */

export const API_NOW = '2026-09-14T12:00+03:00';
export const API_WEEK = { from: '2026-09-07', to: '2026-09-13' } as const;
export const API_MID_WEEK = '2026-09-09T12:00+03:00';
export const SECOND_TARGET_MINUTES = 45;

type Who = 'owner' | 'M';
type Step = { at: string; by: Who };
type Reason = 'client_request' | 'no_show' | 'station';

export type ApiBooking = {
  name: string;
  branch: 1 | 2;
  channel: 'telegram' | 'phone' | 'panel' | 'web';
  client: { name: string; phone: string };
  requested: Step;
  confirmed?: Step;
  started?: Step;
  done?: Step;
  cancelled?: Step & { reason: Reason };
};

const at = (local: string, by: Who): Step => ({ at: msk(local), by });
const ANNA = { name: 'Анна Соколова', phone: '+79160000001' };

export const API_BOOKINGS: ApiBooking[] = [
  // The previous week, at the first branch.
  {
    name: 'P1',
    branch: 1,
    channel: 'telegram',
    client: { name: 'Павел', phone: '+79160000101' },
    requested: at('2026-09-01 10:00', 'owner'),
    confirmed: at('2026-09-01 10:10', 'owner'),
  },
  {
    name: 'P2',
    branch: 1,
    channel: 'phone',
    client: { name: 'Пётр', phone: '+79160000102' },
    requested: at('2026-09-02 11:00', 'owner'),
    confirmed: at('2026-09-02 11:05', 'M'),
    cancelled: { ...at('2026-09-03 12:00', 'M'), reason: 'client_request' },
  },
  // The week, at the first branch.
  {
    name: 'W1',
    branch: 1,
    channel: 'telegram',
    client: ANNA,
    requested: at('2026-09-07 09:30', 'owner'),
    confirmed: at('2026-09-07 09:40', 'M'),
    started: at('2026-09-08 10:00', 'M'),
    done: at('2026-09-08 11:00', 'M'),
  },
  // 45 minutes against a 30-minute target: an SLA miss.
  {
    name: 'W2',
    branch: 1,
    channel: 'phone',
    client: { name: 'Борис', phone: '+79160000002' },
    requested: at('2026-09-07 11:00', 'owner'),
    confirmed: at('2026-09-07 11:45', 'owner'),
  },
  {
    name: 'W3',
    branch: 1,
    channel: 'panel',
    client: { name: FORMULA_NAME, phone: '+79160000003' },
    requested: at('2026-09-08 10:00', 'owner'),
    cancelled: { ...at('2026-09-08 10:05', 'owner'), reason: 'client_request' },
  },
  {
    name: 'W4',
    branch: 1,
    channel: 'telegram',
    client: { name: 'Дмитрий', phone: '+79160000004' },
    requested: at('2026-09-08 12:00', 'M'),
    confirmed: at('2026-09-08 12:20', 'M'),
    cancelled: { ...at('2026-09-09 15:00', 'M'), reason: 'no_show' },
  },
  // Anna's second visit: a repeat client.
  {
    name: 'W5',
    branch: 1,
    channel: 'web',
    client: ANNA,
    requested: at('2026-09-09 10:00', 'owner'),
    confirmed: at('2026-09-09 10:30', 'owner'),
    started: at('2026-09-10 10:00', 'owner'),
    done: at('2026-09-10 11:00', 'owner'),
  },
  // Never confirmed: still New past its target when the report is read.
  {
    name: 'W6',
    branch: 1,
    channel: 'telegram',
    client: { name: 'Елена', phone: '+79160000006' },
    requested: at('2026-09-09 15:00', 'owner'),
  },
  // The week, at the second branch.
  {
    name: 'X1',
    branch: 2,
    channel: 'phone',
    client: { name: 'Фёдор', phone: '+79160000201' },
    requested: at('2026-09-08 10:00', 'owner'),
    confirmed: at('2026-09-08 10:10', 'owner'),
  },
  {
    name: 'X2',
    branch: 2,
    channel: 'web',
    client: { name: 'Галина', phone: '+79160000202' },
    requested: at('2026-09-10 14:00', 'owner'),
    cancelled: { ...at('2026-09-10 14:30', 'owner'), reason: 'station' },
  },
];

/** Booked on W2's bay and time through the bot's channel: refused, the time is taken. */
export const API_REFUSAL = { at: msk('2026-09-09 15:10'), over: 'W2', channel: 'telegram' as const, by: 'owner' as Who };

/** Where each booking sits in the calendar: weekdays in October, an hour each around lunch, so none overlaps. */
const WEEKDAYS = ['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09'];
const HOURS_OF_DAY = ['09', '10', '11', '14', '15', '16', '17', '18'];
export const startOf = (index: number) =>
  msk(`${WEEKDAYS[Math.floor(index / HOURS_OF_DAY.length)]!} ${HOURS_OF_DAY[index % HOURS_OF_DAY.length]!}:00`);

export type ApiWeek = {
  server: TestServer;
  clock: { now: number };
  branches: { first: string; second: string };
  users: Record<Who, string>;
  managerToken: string;
  bookingIds: Record<string, string>;
  bays: Record<string, string>;
};

const ok = (what: string, response: { status: number; body: unknown }, status = 200) => {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as any;
};

/** Rewrites the append time of everything after `mark`: as if the step had been taken at its instant. */
const backdate = async (pool: Pool, mark: string, instant: string) =>
  pool.query('UPDATE emt_messages SET created = $2 WHERE global_position > $1', [mark, instant]);

export const startApiWeek = async (): Promise<ApiWeek> => {
  const clock = { now: Date.parse(API_NOW) };
  const server = await startTestServer({ now: () => clock.now });
  const pool = server.runtime.pool;
  ok(
    'PATCH branch',
    await server.api('PATCH', `/api/branches/${server.branch.id}`, {
      hours: HOURS,
      confirmTargetMinutes: TARGET_MINUTES,
      bookingHorizonDays: 90,
    }),
  );
  const second = ok(
    'POST branch',
    await server.api('POST', '/api/branches', {
      name: 'СТО на Мира',
      timeZone: 'Europe/Moscow',
      hours: HOURS,
      bookingHorizonDays: 90,
      confirmTargetMinutes: SECOND_TARGET_MINUTES,
    }),
    201,
  );
  ok('POST bay', await server.api('POST', '/api/bays', { branchId: second.id, name: 'Подъёмник', kinds: ['lift'] }), 201);
  const secondService = ok(
    'POST service',
    await server.api('POST', '/api/services', {
      branchId: second.id,
      name: 'Замена масла',
      durationMinutes: 45,
      bufferMinutes: 15,
      bayKind: 'lift',
      priceRub: 1500,
    }),
    201,
  );
  const manager = await server.addUser('manager', [server.branch.id]);
  await pool.query('UPDATE users SET name = $2 WHERE id = $1', [manager.id, FORMULA_NAME]);
  const owner = (await pool.query('SELECT id::text FROM users WHERE role = $1', ['owner'])).rows[0].id as string;
  const tokens: Record<Who, string> = { owner: server.token, M: manager.token };
  const as = (who: Who) => ({ authorization: `Bearer ${tokens[who]}` });

  const bookingIds: Record<string, string> = {};
  const bays: Record<string, string> = {};
  const actions: { at: string; run: () => Promise<void> }[] = [];
  API_BOOKINGS.forEach((booking, index) => {
    actions.push({
      at: booking.requested.at,
      run: async () => {
        const placed = ok(
          `book ${booking.name}`,
          await server.api(
            'POST',
            '/api/bookings',
            {
              branchId: booking.branch === 1 ? server.branch.id : second.id,
              serviceId: booking.branch === 1 ? server.service('Замена масла').id : secondService.id,
              start: startOf(index),
              client: booking.client,
              channel: booking.channel,
            },
            as(booking.requested.by),
          ),
          201,
        );
        bookingIds[booking.name] = placed.id;
        bays[booking.name] = placed.bayId;
      },
    });
    const move = (step: Step | undefined, status: string, reason?: Reason) => {
      if (step)
        actions.push({
          at: step.at,
          run: async () => {
            ok(
              `${booking.name} → ${status}`,
              await server.api('POST', `/api/bookings/${bookingIds[booking.name]}/status`, { status, reason }, as(step.by)),
            );
          },
        });
    };
    move(booking.confirmed, 'Confirmed');
    move(booking.started, 'InProgress');
    move(booking.done, 'Done');
    move(booking.cancelled, 'Cancelled', booking.cancelled?.reason);
  });
  actions.push({
    at: API_REFUSAL.at,
    run: async () => {
      const over = API_BOOKINGS.findIndex((booking) => booking.name === API_REFUSAL.over);
      ok(
        'refused overlap',
        await server.api(
          'POST',
          '/api/bookings',
          {
            branchId: server.branch.id,
            serviceId: server.service('Замена масла').id,
            bayId: bays[API_REFUSAL.over],
            start: startOf(over),
            client: { name: 'Опоздавший', phone: '+79160000999' },
            channel: API_REFUSAL.channel,
          },
          as(API_REFUSAL.by),
        ),
        409,
      );
    },
  });

  actions.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
  for (const action of actions) {
    const { rows } = await pool.query('SELECT coalesce(max(global_position), 0)::text AS mark FROM emt_messages');
    clock.now = Date.parse(action.at);
    await action.run();
    await backdate(pool, rows[0].mark, action.at);
  }
  clock.now = Date.parse(API_NOW);
  await server.waitForProjection();
  return {
    server,
    clock,
    branches: { first: server.branch.id, second: second.id },
    users: { owner, M: manager.id },
    managerToken: manager.token,
    bookingIds,
    bays,
  };
};

// ───────────────────────────── The figures, recounted ─────────────────────────────

const MSK = 3 * 3_600_000;
const dayOf = (iso: string) => new Date(Date.parse(iso) + MSK).toISOString().slice(0, 10);
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const targetOf = (branch: 1 | 2) => (branch === 1 ? TARGET_MINUTES : SECOND_TARGET_MINUTES);

export type FigureQuery = { from: string; to: string; branch: 1 | 2 | null; manager: Who | null; asOf?: string };

/** The twelve tiles for a period and the previous period of equal length, counted from the script. */
export const expectedFigures = (query: FigureQuery) => {
  const cutoff = query.asOf ? Date.parse(query.asOf) : Infinity;
  const now = query.asOf ?? API_NOW;
  const seen = (step: Step | undefined) => (step && Date.parse(step.at) <= cutoff ? step : undefined);
  const mine = (step: { by: Who | null }) => query.manager === null || step.by === query.manager;
  const period = (from: string, to: string) => {
    const within = (step: Step | undefined): step is Step =>
      step !== undefined && dayOf(step.at) >= from && dayOf(step.at) <= to && mine(step);
    const bookings = API_BOOKINGS.filter(
      (booking) => (query.branch === null || booking.branch === query.branch) && seen(booking.requested),
    );
    const requested = bookings.filter((booking) => within(booking.requested));
    const confirmed = bookings.filter((booking) => within(seen(booking.confirmed)));
    const done = bookings.filter((booking) => within(seen(booking.done)));
    const cancelled = bookings.filter((booking) => within(seen(booking.cancelled)));
    const minutes = confirmed.map((booking) => workingMinutes(booking.requested.at, booking.confirmed!.at));
    // Every request in the script is made early enough that its target runs out the same day.
    const slaMisses = bookings.filter((booking) => {
      const left = seen(booking.confirmed) ?? seen(booking.cancelled);
      const waited = workingMinutes(booking.requested.at, left?.at ?? now);
      return (
        waited > targetOf(booking.branch) &&
        dayOf(booking.requested.at) >= from &&
        dayOf(booking.requested.at) <= to &&
        mine({ by: left?.by ?? null })
      );
    });
    const visits = new Map<string, number>();
    for (const booking of done) visits.set(booking.client.phone, (visits.get(booking.client.phone) ?? 0) + 1);
    const repeat = [...visits.values()].filter((count) => count >= 2).length;
    const refused =
      Date.parse(API_REFUSAL.at) <= cutoff && query.branch !== 2 && within({ at: API_REFUSAL.at, by: API_REFUSAL.by }) ? 1 : 0;
    return {
      newBookings: requested.length,
      botShare: pct(requested.filter((booking) => booking.channel === 'telegram').length, requested.length),
      confirmed: confirmed.length,
      done: done.length,
      cancelled: cancelled.length,
      noShows: cancelled.filter((booking) => booking.cancelled!.reason === 'no_show').length,
      medianConfirmMinutes: round1(percentile(minutes, 0.5)),
      p90ConfirmMinutes: round1(percentile(minutes, 0.9)),
      slaMisses: slaMisses.length,
      repeatClients: repeat,
      returningRate: pct(repeat, visits.size),
      refusedOverlaps: refused,
    };
  };
  const days = Math.round((Date.parse(query.to) - Date.parse(query.from)) / 86_400_000) + 1;
  return { current: period(query.from, query.to), previous: period(shift(query.from, -days), shift(query.from, -1)) };
};

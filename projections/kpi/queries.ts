import type { Pool, PoolClient } from 'pg';
import { botChannels, bookingChannels, cancelReasons } from '../../domain/booking/booking.ts';
import { READER_ROLE } from '../schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ───────────────────────────── What the figures mean ─────────────────────────────
// Every figure counts the steps taken within the period, on the branch-local day each step was
// taken: a booking requested on Monday and confirmed on Tuesday is new on Monday, confirmed on
// Tuesday. With a manager chosen, a step counts when that user took it (entered, confirmed, completed,
// cancelled, was refused). Time to confirm is New -> Confirmed in the branch's working time, counted
// on the day of the confirmation. An SLA miss is a booking that stayed New longer than the branch's
// confirm target (working time), counted on the day the target ran out, and attributed to whoever
// finally confirmed or cancelled it. Repeat clients: clients with two or more Done visits within the
// period; returning rate: their share of the clients with any Done visit in it. The funnel follows the
// bookings requested in the period to where they are now.

export const groupings = ['day', 'week', 'month'] as const;
export type GroupBy = (typeof groupings)[number];

export type KpiFilter = {
  orgId: string;
  /** `rm`, or a history schema built as of an instant. */
  schema: string;
  /** null: every branch of the organization. */
  branchIds: string[] | null;
  managerId: string | null;
  /** Branch-local ISO dates, both included. */
  from: string;
  to: string;
  groupBy: GroupBy;
  /** The instant a booking still New is measured against. */
  now: number;
};

export type TileKey =
  | 'newBookings'
  | 'botShare'
  | 'confirmed'
  | 'done'
  | 'cancelled'
  | 'noShows'
  | 'medianConfirmMinutes'
  | 'p90ConfirmMinutes'
  | 'slaMisses'
  | 'repeatClients'
  | 'returningRate'
  | 'refusedOverlaps';

export type KpiTile = {
  key: TileKey;
  unit: 'count' | 'minutes' | 'percent';
  value: number | null;
  previous: number | null;
  /** value - previous, in the tile's unit (percentage points for percents). */
  change: number | null;
  changePercent: number | null;
};

export type Breakdown = { key: string; value: number; previous: number };

export type ManagerFigures = {
  userId: string;
  name: string | null;
  role: string | null;
  newBookings: number;
  confirmed: number;
  done: number;
  cancelled: number;
  slaMisses: number;
  refusedOverlaps: number;
  medianConfirmMinutes: number | null;
  p90ConfirmMinutes: number | null;
};

/** Someone a report can be narrowed to: the owners and the managers who work in the branches asked about. */
export type StaffMember = { userId: string; name: string; role: string };

export type KpiReport = {
  scope: {
    branchIds: string[] | null;
    managerId: string | null;
    from: string;
    to: string;
    days: number;
    groupBy: GroupBy;
    previous: { from: string; to: string };
    now: string;
    /** Each branch's target for leaving New (working minutes), which the SLA misses are counted against. */
    confirmTargets: { branchId: string; minutes: number }[];
  };
  tiles: KpiTile[];
  breakdowns: { newByChannel: Breakdown[]; cancelledByReason: Breakdown[]; refusedByChannel: Breakdown[] };
  series: {
    bookingsByChannel: ({ bucket: string; total: number } & Record<string, number | string>)[];
    timeToConfirm: { bucket: string; confirmations: number; medianMinutes: number | null; p90Minutes: number | null }[];
    statuses: {
      bucket: string;
      newBookings: number;
      confirmed: number;
      done: number;
      cancelled: number;
      noShows: number;
      slaMisses: number;
      refusedOverlaps: number;
    }[];
  };
  funnel: { stage: 'requested' | 'confirmed' | 'started' | 'done' | 'cancelled' | 'stillNew'; count: number }[];
  managers: ManagerFigures[];
  staff: StaffMember[];
  checks: { calendarOverlaps: number };
};

// ───────────────────────────── Dates ─────────────────────────────

const DAY = 86_400_000;
const epochOf = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`);
const isoOf = (epoch: number) => new Date(epoch).toISOString().slice(0, 10);
export const shiftDate = (isoDate: string, days: number) => isoOf(epochOf(isoDate) + days * DAY);
export const daysBetween = (from: string, to: string) => Math.round((epochOf(to) - epochOf(from)) / DAY) + 1;

/**
 * What a period is compared with, always the days right before it: for a whole calendar month the
 * previous month (March against February, not against 29 January – 28 February), otherwise as many
 * days as the period has.
 */
export const previousPeriod = (from: string, to: string): { from: string; to: string } => {
  const dayBefore = shiftDate(from, -1);
  const wholeMonth = from.endsWith('-01') && to.slice(0, 7) === from.slice(0, 7) && shiftDate(to, 1).endsWith('-01');
  if (wholeMonth) return { from: `${dayBefore.slice(0, 7)}-01`, to: dayBefore };
  return { from: shiftDate(from, -daysBetween(from, to)), to: dayBefore };
};

/** The first day of the bucket a day falls in: itself, the Monday of its ISO week, the 1st of its month. */
export const bucketOf = (isoDate: string, groupBy: GroupBy): string => {
  if (groupBy === 'month') return `${isoDate.slice(0, 7)}-01`;
  if (groupBy === 'week') return shiftDate(isoDate, -((new Date(epochOf(isoDate)).getUTCDay() + 6) % 7));
  return isoDate;
};

/** The same in SQL, for a date expression; `groupBy` is one of three fixed words. */
const bucketSql = (day: string, groupBy: GroupBy) =>
  groupBy === 'day' ? `${day}::text` : `date_trunc('${groupBy}', ${day}::timestamp)::date::text`;

export const bucketsOf = (from: string, to: string, groupBy: GroupBy): string[] => {
  const buckets: string[] = [];
  for (let day = from; day <= to; day = shiftDate(day, 1)) {
    const bucket = bucketOf(day, groupBy);
    if (buckets.at(-1) !== bucket) buckets.push(bucket);
  }
  return buckets;
};

// ───────────────────────────── Rounding ─────────────────────────────

const minutes = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 6_000) / 10);
const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
const round1 = (value: number) => Math.round(value * 10) / 10;

const tile = (key: TileKey, unit: KpiTile['unit'], value: number | null, previous: number | null): KpiTile => ({
  key,
  unit,
  value,
  previous,
  change: value === null || previous === null ? null : round1(value - previous),
  changePercent: value === null || previous === null || previous === 0 ? null : round1(((value - previous) / previous) * 100),
});

// ───────────────────────────── Queries ─────────────────────────────

type Params = {
  org: string;
  /** null: every branch. */
  branches: string[] | null;
  previousFrom: string;
  from: string;
  to: string;
  now: string;
  manager: string | null;
};

/** `@name` placeholders become $n with only the values the statement uses, so every parameter has a type. */
const bind = (text: string, params: Params): [string, unknown[]] => {
  const order: (keyof Params)[] = [];
  const sql = text.replace(/@(\w+)/g, (_, name: keyof Params) => {
    if (!(name in params)) throw new Error(`unknown parameter @${name}`);
    if (!order.includes(name)) order.push(name);
    return `$${order.indexOf(name) + 1}`;
  });
  return [sql, order.map((name) => params[name])];
};

const inScope = (alias: string) =>
  `${alias}.org_id = @org AND (@branches::uuid[] IS NULL OR ${alias}.branch_id = ANY(@branches::uuid[]))`;

const countsSql = (s: string, groupBy: GroupBy) => /* sql */ `
WITH counted AS (
  SELECT d.kind, d.key, d.actor, d.day, d.n
    FROM ${s}.kpi_daily d
   WHERE ${inScope('d')} AND d.day BETWEEN @previousFrom::date AND @to::date
  UNION ALL
  -- Still New past the deadline: counted against the clock of the question, so never stored.
  SELECT 'sla', '', NULL, b.sla_due_day, 1
    FROM ${s}.kpi_bookings b
   WHERE ${inScope('b')} AND b.left_new_at IS NULL
     AND b.sla_due_day BETWEEN @previousFrom::date AND @to::date AND b.sla_due_at < @now::timestamptz
), scoped AS (
  SELECT kind, key, actor, n, day >= @from::date AS in_period,
         CASE WHEN day >= @from::date THEN ${bucketSql('day', groupBy)} END AS bucket
    FROM counted
   WHERE @manager::uuid IS NULL OR actor = @manager::uuid
)
SELECT kind, key, actor::text, in_period, bucket, sum(n)::int AS n, GROUPING(actor) = 0 AS by_actor
  FROM scoped
 GROUP BY GROUPING SETS ((kind, key, in_period, bucket), (kind, in_period, actor))`;

const confirmSql = (s: string, groupBy: GroupBy) => /* sql */ `
SELECT in_period, bucket, actor::text, count(*)::int AS n,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY ms) AS p90,
       GROUPING(bucket) = 0 AS by_bucket, GROUPING(actor) = 0 AS by_actor
  FROM (SELECT b.confirmed_day >= @from::date AS in_period, b.confirmed_by AS actor, b.confirm_ms AS ms,
               CASE WHEN b.confirmed_day >= @from::date THEN ${bucketSql('b.confirmed_day', groupBy)} END AS bucket
          FROM ${s}.kpi_bookings b
         WHERE ${inScope('b')} AND b.confirmed_day BETWEEN @previousFrom::date AND @to::date
           AND (@manager::uuid IS NULL OR b.confirmed_by = @manager::uuid)) g
 GROUP BY GROUPING SETS ((in_period), (in_period, bucket), (in_period, actor))`;

const repeatSql = (s: string) => /* sql */ `
SELECT in_period, count(*) FILTER (WHERE visits >= 2)::int AS repeat, count(*)::int AS visitors
  FROM (SELECT b.done_day >= @from::date AS in_period, b.client_id, count(*) AS visits
          FROM ${s}.kpi_bookings b
         WHERE ${inScope('b')} AND b.done_day BETWEEN @previousFrom::date AND @to::date
           AND (@manager::uuid IS NULL OR b.done_by = @manager::uuid)
         GROUP BY 1, 2) v
 GROUP BY in_period`;

/** Bookings of a bay that start before an earlier one on the same bay ended: must stay 0. */
const overlapSql = (s: string) => /* sql */ `
SELECT count(*)::int AS n
  FROM (SELECT lower(c.during) AS starts,
               max(upper(c.during)) OVER (PARTITION BY c.bay_id ORDER BY lower(c.during), c.booking_id
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_end
          FROM ${s}.calendar c
         WHERE ${inScope('c')} AND c.day BETWEEN @from::date AND @to::date) o
 WHERE starts < earlier_end`;

type CountRow = {
  kind: string;
  key: string | null;
  actor: string | null;
  in_period: boolean;
  bucket: string | null;
  n: number;
  by_actor: boolean;
};
type RepeatRow = { in_period: boolean; repeat: number; visitors: number };
type ConfirmRow = {
  in_period: boolean;
  bucket: string | null;
  actor: string | null;
  n: number;
  median: number | null;
  p90: number | null;
  by_bucket: boolean;
  by_actor: boolean;
};

/**
 * Runs the reads side by side on as many connections as the pool has spare (one at least), all in
 * the snapshot of the first, as the reader role of the organization (row-level security). A year of
 * figures comes in the time of the slowest read, and no two reads see different moments of the log.
 * Extra connections are taken only when free, so busy requests never wait on each other for them.
 */
const readTogether = async <T extends unknown[]>(
  pool: Pool,
  orgId: string,
  reads: { [K in keyof T]: (db: PoolClient) => Promise<T[K]> },
): Promise<T> => {
  if (!UUID.test(orgId)) throw new Error('organization id is not a uuid');
  const asReader = `SET LOCAL ROLE ${READER_ROLE}; SELECT set_config('app.org_id', '${orgId}', true)`;
  const clients: PoolClient[] = [await pool.connect()];
  try {
    const spare = Math.max(pool.idleCount, (pool.options.max ?? 10) - pool.totalCount);
    for (let i = 1; i < Math.min(reads.length, 1 + spare); i++) clients.push(await pool.connect());
    const [leader, ...followers] = clients as [PoolClient, ...PoolClient[]];
    await leader.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await leader.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    await leader.query(asReader);
    await Promise.all(
      followers.map(async (client) => {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        await client.query(`SET TRANSACTION SNAPSHOT '${rows[0]!.id}'`);
        await client.query(asReader);
      }),
    );
    const results: unknown[] = [];
    await Promise.all(
      clients.map(async (client, lane) => {
        for (let i = lane; i < reads.length; i += clients.length) results[i] = await reads[i]!(client);
      }),
    );
    return results as T;
  } finally {
    await Promise.all(clients.map((client) => client.query('ROLLBACK').catch(() => undefined)));
    for (const client of clients) client.release();
  }
};

/** The owner's report for a period and the one before it (`previousPeriod`), from the KPI read models. */
export const getKpiReport = async (pool: Pool, filter: KpiFilter): Promise<KpiReport> => {
  const days = daysBetween(filter.from, filter.to);
  const previous = previousPeriod(filter.from, filter.to);
  const now = new Date(filter.now).toISOString();
  const params: Params = {
    org: filter.orgId,
    branches: filter.branchIds,
    previousFrom: previous.from,
    from: filter.from,
    to: filter.to,
    now,
    manager: filter.managerId,
  };
  const s = filter.schema;
  const read =
    <R extends Record<string, unknown>>(text: string) =>
    async (db: PoolClient) =>
      (await db.query<R>(...bind(text, params))).rows;
  const [counts, confirms, repeat, overlapRows] = await readTogether<[CountRow[], ConfirmRow[], RepeatRow[], { n: number }[]]>(
    pool,
    filter.orgId,
    [
      read<CountRow>(countsSql(s, filter.groupBy)),
      read<ConfirmRow>(confirmSql(s, filter.groupBy)),
      read<RepeatRow>(repeatSql(s)),
      read<{ n: number }>(overlapSql(s)),
    ],
  );
  const overlaps = overlapRows[0]!.n;

  const periodRows = counts.filter((row) => !row.by_actor);
  const total = (kind: string, inPeriod: boolean, keys?: readonly string[]) =>
    periodRows
      .filter((row) => row.kind === kind && row.in_period === inPeriod && (keys === undefined || keys.includes(row.key ?? '')))
      .reduce((sum, row) => sum + row.n, 0);
  const inBucket = (kind: string, bucket: string, key?: string) =>
    periodRows
      .filter((row) => row.kind === kind && row.in_period && row.bucket === bucket && (key === undefined || row.key === key))
      .reduce((sum, row) => sum + row.n, 0);
  const confirmTotal = (inPeriod: boolean) =>
    confirms.find((row) => !row.by_bucket && !row.by_actor && row.in_period === inPeriod);
  const repeatOf = (inPeriod: boolean) => repeat.find((row) => row.in_period === inPeriod) ?? { repeat: 0, visitors: 0 };

  const pair = <T extends number | null>(read: (inPeriod: boolean) => T) => [read(true), read(false)] as const;
  const newBookings = pair((inPeriod) => total('new', inPeriod));
  const bot = pair((inPeriod) => total('new', inPeriod, botChannels));
  const repeatNow = repeatOf(true);
  const repeatBefore = repeatOf(false);

  const tiles: KpiTile[] = [
    tile('newBookings', 'count', ...newBookings),
    tile('botShare', 'percent', percent(bot[0], newBookings[0]), percent(bot[1], newBookings[1])),
    tile('confirmed', 'count', ...pair((inPeriod) => total('confirmed', inPeriod))),
    tile('done', 'count', ...pair((inPeriod) => total('done', inPeriod))),
    tile('cancelled', 'count', ...pair((inPeriod) => total('cancelled', inPeriod))),
    tile('noShows', 'count', ...pair((inPeriod) => total('cancelled', inPeriod, ['no_show']))),
    tile('medianConfirmMinutes', 'minutes', ...pair((inPeriod) => minutes(confirmTotal(inPeriod)?.median ?? null))),
    tile('p90ConfirmMinutes', 'minutes', ...pair((inPeriod) => minutes(confirmTotal(inPeriod)?.p90 ?? null))),
    tile('slaMisses', 'count', ...pair((inPeriod) => total('sla', inPeriod))),
    tile('repeatClients', 'count', repeatNow.repeat, repeatBefore.repeat),
    tile(
      'returningRate',
      'percent',
      percent(repeatNow.repeat, repeatNow.visitors),
      percent(repeatBefore.repeat, repeatBefore.visitors),
    ),
    tile('refusedOverlaps', 'count', ...pair((inPeriod) => total('refused', inPeriod))),
  ];

  const breakdown = (kind: string, keys: readonly string[]): Breakdown[] => {
    const seen = new Set(periodRows.filter((row) => row.kind === kind && row.key !== null).map((row) => row.key!));
    return [...new Set([...keys, ...seen])].map((key) => ({
      key,
      value: total(kind, true, [key]),
      previous: total(kind, false, [key]),
    }));
  };

  const buckets = bucketsOf(filter.from, filter.to, filter.groupBy);
  const confirmBucket = (bucket: string) => confirms.find((row) => row.by_bucket && row.in_period && row.bucket === bucket);

  const actors = new Set(
    [...counts.filter((row) => row.by_actor && row.in_period), ...confirms.filter((row) => row.by_actor && row.in_period)]
      .map((row) => row.actor)
      .filter((actor): actor is string => actor !== null),
  );
  const [people, settings] = await Promise.all([
    namesOf(pool, filter.orgId, [...actors]),
    settingsOf(pool, filter.orgId, filter.branchIds),
  ]);
  const byActor = (kind: string, actor: string) =>
    counts
      .filter((row) => row.by_actor && row.in_period && row.kind === kind && row.actor === actor)
      .reduce((sum, row) => sum + row.n, 0);

  return {
    scope: {
      branchIds: filter.branchIds,
      managerId: filter.managerId,
      from: filter.from,
      to: filter.to,
      days,
      groupBy: filter.groupBy,
      previous,
      now,
      confirmTargets: settings.targets,
    },
    tiles,
    breakdowns: {
      newByChannel: breakdown('new', bookingChannels),
      cancelledByReason: breakdown('cancelled', cancelReasons),
      refusedByChannel: breakdown('refused', bookingChannels),
    },
    series: {
      bookingsByChannel: buckets.map((bucket) => ({
        bucket,
        total: inBucket('new', bucket),
        ...Object.fromEntries(bookingChannels.map((channel) => [channel, inBucket('new', bucket, channel)])),
      })),
      timeToConfirm: buckets.map((bucket) => {
        const row = confirmBucket(bucket);
        return {
          bucket,
          confirmations: row?.n ?? 0,
          medianMinutes: minutes(row?.median ?? null),
          p90Minutes: minutes(row?.p90 ?? null),
        };
      }),
      statuses: buckets.map((bucket) => ({
        bucket,
        newBookings: inBucket('new', bucket),
        confirmed: inBucket('confirmed', bucket),
        done: inBucket('done', bucket),
        cancelled: inBucket('cancelled', bucket),
        noShows: inBucket('cancelled', bucket, 'no_show'),
        slaMisses: inBucket('sla', bucket),
        refusedOverlaps: inBucket('refused', bucket),
      })),
    },
    funnel: [
      { stage: 'requested', count: newBookings[0] },
      { stage: 'confirmed', count: total('cohort_confirmed', true) },
      { stage: 'started', count: total('cohort_started', true) },
      { stage: 'done', count: total('cohort_done', true) },
      { stage: 'cancelled', count: total('cohort_cancelled', true) },
      { stage: 'stillNew', count: newBookings[0] - total('cohort_left', true) },
    ],
    managers: [...actors]
      .map((userId): ManagerFigures => {
        const confirm = confirms.find((row) => row.by_actor && row.in_period && row.actor === userId);
        return {
          userId,
          name: people.get(userId)?.name ?? null,
          role: people.get(userId)?.role ?? null,
          newBookings: byActor('new', userId),
          confirmed: byActor('confirmed', userId),
          done: byActor('done', userId),
          cancelled: byActor('cancelled', userId),
          slaMisses: byActor('sla', userId),
          refusedOverlaps: byActor('refused', userId),
          medianConfirmMinutes: minutes(confirm?.median ?? null),
          p90ConfirmMinutes: minutes(confirm?.p90 ?? null),
        };
      })
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.userId.localeCompare(b.userId)),
    staff: settings.staff,
    checks: { calendarOverlaps: overlaps },
  };
};

/** Staff names come from the users settings table, not from the log. */
const namesOf = async (pool: Pool, orgId: string, userIds: string[]) => {
  if (userIds.length === 0) return new Map<string, { name: string; role: string }>();
  const { rows } = await pool.query<{ id: string; name: string; role: string }>(
    'SELECT id::text, name, role FROM users WHERE org_id = $1 AND id = ANY($2::uuid[])',
    [orgId, userIds],
  );
  return new Map(rows.map((row) => [row.id, { name: row.name, role: row.role }]));
};

/**
 * The settings a report is read against, from the settings tables: the branches' confirm targets
 * and the staff a report can be narrowed to (owners, and managers of any branch in scope; a manager
 * with no branch named works in all of them).
 */
const settingsOf = async (pool: Pool, orgId: string, branchIds: string[] | null) => {
  const [targets, staff] = await Promise.all([
    pool.query<{ branch_id: string; minutes: number }>(
      `SELECT id::text AS branch_id, confirm_target_minutes AS minutes FROM branches
        WHERE org_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) ORDER BY created_at, id`,
      [orgId, branchIds],
    ),
    pool.query<{ id: string; name: string; role: string }>(
      `SELECT id::text, name, role FROM users
        WHERE org_id = $1 AND active AND (role = 'owner' OR (role = 'manager' AND ($2::uuid[] IS NULL OR cardinality(branch_ids) = 0 OR branch_ids && $2::uuid[])))
        ORDER BY name, id`,
      [orgId, branchIds],
    ),
  ]);
  return {
    targets: targets.rows.map((row) => ({ branchId: row.branch_id, minutes: row.minutes })),
    staff: staff.rows.map((row): StaffMember => ({ userId: row.id, name: row.name, role: row.role })),
  };
};

import { randomUUID } from 'node:crypto';
import {
  bay,
  bays,
  branch,
  branches,
  branchQuery,
  createBayBody,
  createBranchBody,
  createServiceBody,
  patchBayBody,
  patchBranchBody,
  type PatchBranchBody,
  patchServiceBody,
  service,
  services,
  servicesQuery,
  settingParams,
} from '../../contract/catalog.ts';
import { errors } from '../../contract/shared.ts';
import { toBay, toService } from '../../core/catalog/catalog-repository.ts';
import { insertBay, insertService } from '../../core/catalog/catalog-writes.ts';
import { requireBranchContact, requireSettingName, settingNameLimits, type Bay } from '../../domain/catalog/catalog.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { isZoneName } from '../../domain/shared/time.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { assertBranch, sessionOf } from '../plugins/auth.ts';
import { midnightEnd } from '../../domain/catalog/day-spans.ts';

const assertTimeZone = (timeZone: string | undefined) => {
  if (timeZone !== undefined && !isZoneName(timeZone)) {
    throw new DomainError('VALIDATION', `Unknown time zone «${timeZone}»; use an IANA name such as Europe/Moscow`, {
      field: 'timeZone',
    });
  }
};

type Hours = NonNullable<PatchBranchBody['hours']>;

const assertHours = (hours: Hours | undefined) => {
  for (const [day, value] of Object.entries(hours ?? {})) {
    if (!value) continue;
    if (value.open >= value.close) {
      throw new DomainError('VALIDATION', `Day ${day}: opening time must be before closing time`, { field: 'hours' });
    }
    // A reversed, out-of-hours or overlapping break would silently stop being a break in the schedule.
    const breaks = [...(value.breaks ?? [])].sort((a, b) => a.from.localeCompare(b.from));
    breaks.forEach((pause, i) => {
      const overlaps = i > 0 && pause.from < breaks[i - 1]!.to;
      if (pause.from >= pause.to || pause.from < value.open || pause.to > value.close || overlaps) {
        throw new DomainError(
          'VALIDATION',
          `Day ${day}: a break must start before it ends, lie within the opening hours and not overlap another`,
          { field: 'hours' },
        );
      }
    });
  }
};

/**
 * Hours as they are kept: every open day with a list of breaks (optional in the schema, iterated by
 * the schedule), a close or a break's end at «00:00» read as «24:00».
 */
const storedHours = (hours: Hours): Hours =>
  Object.fromEntries(
    Object.entries(hours).map(([day, value]) => [
      day,
      value
        ? {
            ...value,
            close: midnightEnd(value.close),
            breaks: (value.breaks ?? []).map((pause) => ({ ...pause, to: midnightEnd(pause.to) })),
          }
        : value,
    ]),
  );

const columns: Record<string, string> = {
  name: 'name',
  timeZone: 'time_zone',
  hours: 'hours',
  daysOff: 'days_off',
  slotStepMinutes: 'slot_step_minutes',
  bookingHorizonDays: 'booking_horizon_days',
  changeNoticeMinutes: 'change_notice_minutes',
  confirmTargetMinutes: 'confirm_target_minutes',
  address: 'address',
  phone: 'phone',
  kinds: 'kinds',
  active: 'active',
  durationMinutes: 'duration_minutes',
  bufferMinutes: 'buffer_minutes',
  bayKind: 'bay_kind',
  priceRub: 'price_rub',
  multiDay: 'multi_day',
  maintenanceKm: 'maintenance_km',
  maintenanceMonths: 'maintenance_months',
};

const jsonColumns = new Set(['hours', 'days_off']);

/** UPDATE of the given fields only; column names come from the fixed map above. */
const updateSql = (table: string, body: Record<string, unknown>) => {
  const entries = Object.entries(body).filter(([key]) => key in columns && key !== 'branchId');
  if (entries.length === 0) throw new DomainError('VALIDATION', 'Nothing to change');
  const sets = entries.map(([key], i) => `${columns[key]} = $${i + 3}`);
  const values = entries.map(([key, value]) => (jsonColumns.has(columns[key]!) ? JSON.stringify(value) : value));
  return { text: `UPDATE ${table} SET ${sets.join(', ')} WHERE id = $1 AND org_id = $2 RETURNING *`, values };
};

/** The address and phone as they are kept: checked, trimmed, and null where left empty (the station's own then). */
const withContacts = <B extends { address?: string | null; phone?: string | null }>(body: B): B => ({
  ...body,
  ...(body.address !== undefined ? { address: requireBranchContact(body.address, 'address') } : {}),
  ...(body.phone !== undefined ? { phone: requireBranchContact(body.phone, 'phone') } : {}),
});

/** The names as they are kept: one visible line each, a bay's kinds each once. */
const withNames = <B extends { name?: string; kinds?: string[]; bayKind?: string }>(body: B): B => ({
  ...body,
  ...(body.name !== undefined ? { name: requireSettingName(body.name, 'name') } : {}),
  ...(body.kinds !== undefined
    ? { kinds: [...new Set(body.kinds.map((kind) => requireSettingName(kind, 'kinds', settingNameLimits.kind)))] }
    : {}),
  ...(body.bayKind !== undefined ? { bayKind: requireSettingName(body.bayKind, 'bayKind', settingNameLimits.kind) } : {}),
});

/** A service row as the settings list gives it: with whether it is switched on. */
const serviceView = (row: Record<string, unknown>) => ({ ...toService(row), active: row.active as boolean });

export const catalogRoutes = async (app: ContractApp, { pool, catalog }: AppDeps) => {
  const owner = { roles: ['owner'] as const };

  /** PATCH /api/<table>/:id for the owner: only the fields sent change. */
  const patchSetting = (
    table: 'bays' | 'services',
    body: typeof patchBayBody | typeof patchServiceBody,
    answer: typeof bay | typeof service,
    notFound: string,
    view: (row: Record<string, unknown>) => Bay | ReturnType<typeof serviceView>,
  ) =>
    app.patch(
      `/api/${table}/:id`,
      { config: owner, schema: { tags: ['settings'], params: settingParams, body, response: { 200: answer, ...errors } } },
      async (request) => {
        const session = sessionOf(request);
        // A bay or a service belongs to its branch for good (its bookings and prices are there): a
        // move asked for is refused in words, not dropped while the answer says 200.
        const { branchId } = request.body;
        if (branchId !== undefined) {
          const { rows } = await pool.query<{ branch_id: string }>(
            `SELECT branch_id FROM ${table} WHERE id = $1 AND org_id = $2`,
            [request.params.id, session.orgId],
          );
          if (rows[0] && rows[0].branch_id.toLowerCase() !== branchId.toLowerCase()) {
            throw new DomainError('VALIDATION', 'A bay or a service stays in its branch: add one in the other branch instead', {
              field: 'branchId',
            });
          }
        }
        const { text, values } = updateSql(table, withNames(request.body));
        const { rows } = await pool.query<Record<string, unknown>>(text, [request.params.id, session.orgId, ...values]);
        if (!rows[0]) throw new DomainError('NOT_FOUND', notFound);
        catalog.invalidate();
        return view(rows[0]);
      },
    );

  app.get('/api/branches', { schema: { tags: ['settings'], response: { 200: branches, ...errors } } }, async (request) => {
    const session = sessionOf(request);
    const branches = await catalog.listBranches(session.orgId);
    return branches.filter((branch) => session.branchIds === null || session.branchIds.includes(branch.id));
  });

  // all=true adds switched-off services (with `active`); commands and the bot only ever see the active ones.
  app.get(
    '/api/services',
    { schema: { tags: ['settings'], querystring: servicesQuery, response: { 200: services, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      const { branchId, all } = request.query;
      assertBranch(session, branchId);
      const found = await catalog.forBranch(session.orgId, branchId);
      if (!found) throw new DomainError('NOT_FOUND', 'Branch not found');
      if (all !== 'true') return found.services;
      const { rows } = await pool.query<Record<string, unknown>>(
        'SELECT * FROM services WHERE branch_id = $1 AND org_id = $2 ORDER BY position, name',
        [branchId, session.orgId],
      );
      return rows.map(serviceView);
    },
  );

  app.get(
    '/api/bays',
    { schema: { tags: ['settings'], querystring: branchQuery, response: { 200: bays, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      assertBranch(session, request.query.branchId);
      const found = await catalog.forBranch(session.orgId, request.query.branchId);
      if (!found) throw new DomainError('NOT_FOUND', 'Branch not found');
      return found.bays;
    },
  );

  app.post(
    '/api/branches',
    { config: owner, schema: { tags: ['settings'], body: createBranchBody, response: { 201: branch, ...errors } } },
    async (request, reply) => {
      const session = sessionOf(request);
      const body = withContacts(withNames(request.body));
      assertTimeZone(body.timeZone);
      const hours = storedHours(body.hours);
      assertHours(hours);
      const id = randomUUID();
      await pool.query(
        `INSERT INTO branches (id, org_id, name, time_zone, hours, days_off, slot_step_minutes, booking_horizon_days, change_notice_minutes,
                               confirm_target_minutes, address, phone)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          id,
          session.orgId,
          body.name,
          body.timeZone,
          JSON.stringify(hours),
          JSON.stringify(body.daysOff ?? []),
          body.slotStepMinutes ?? 30,
          body.bookingHorizonDays ?? 14,
          body.changeNoticeMinutes ?? 120,
          body.confirmTargetMinutes ?? 30,
          body.address ?? null,
          body.phone ?? null,
        ],
      );
      catalog.invalidate();
      return reply.status(201).send((await catalog.forBranch(session.orgId, id))!.branch);
    },
  );

  app.patch(
    '/api/branches/:id',
    {
      config: owner,
      schema: { tags: ['settings'], params: settingParams, body: patchBranchBody, response: { 200: branch, ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      assertTimeZone(request.body.timeZone);
      const hours = request.body.hours && storedHours(request.body.hours);
      assertHours(hours);
      const body = withContacts(withNames(hours ? { ...request.body, hours } : request.body));
      const { text, values } = updateSql('branches', body);
      const { rowCount } = await pool.query(text, [request.params.id, session.orgId, ...values]);
      if (!rowCount) throw new DomainError('NOT_FOUND', 'Branch not found');
      catalog.invalidate();
      return (await catalog.forBranch(session.orgId, request.params.id))!.branch;
    },
  );

  app.post(
    '/api/bays',
    { config: owner, schema: { tags: ['settings'], body: createBayBody, response: { 201: bay, ...errors } } },
    async (request, reply) => {
      const session = sessionOf(request);
      const { branchId, name, kinds, active } = withNames(request.body);
      if (!(await catalog.forBranch(session.orgId, branchId))) throw new DomainError('NOT_FOUND', 'Branch not found');
      const id = await insertBay(pool, session.orgId, { branchId, name, kinds, active });
      catalog.invalidate();
      return reply.status(201).send({ id, branchId, name, kinds, active: active ?? true });
    },
  );

  patchSetting('bays', patchBayBody, bay, 'Bay not found', toBay);

  app.post(
    '/api/services',
    { config: owner, schema: { tags: ['settings'], body: createServiceBody, response: { 201: service, ...errors } } },
    async (request, reply) => {
      const session = sessionOf(request);
      const body = withNames(request.body);
      if (!(await catalog.forBranch(session.orgId, body.branchId))) throw new DomainError('NOT_FOUND', 'Branch not found');
      const id = await insertService(pool, session.orgId, body);
      catalog.invalidate();
      const found = await catalog.forBranch(session.orgId, body.branchId);
      return reply.status(201).send(found!.services.find((service) => service.id === id)!);
    },
  );

  patchSetting('services', patchServiceBody, service, 'Service not found', serviceView);
};

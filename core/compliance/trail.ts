import type { Pool } from 'pg';
import { subjectNoticeKeys } from '../../domain/compliance/notice.ts';
import {
  inboxStreamName,
  type InboundKind,
  type InboxChannel,
  type InboxEvent,
  type MessageBody,
} from '../../domain/inbox/inbox.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { TaskKind } from '../../domain/task/task.ts';
import { workOrderDecider } from '../../domain/work-order/business-logic.ts';
import { amountOf, totalsOf, type LineKind } from '../../domain/work-order/money.ts';
import { dueOf } from '../../domain/work-order/business-logic.ts';
import { paidOf, workOrderStreamName, type PaymentMethod, type WorkOrderStatus } from '../../domain/work-order/work-order.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import { aggregate } from '../event-store/aggregate.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { Vault } from '../vault/vault.ts';
import type { AuditEntry, AuditLog } from './audit-log.ts';
import { listRequests, type RequestView } from './requests.ts';
import { stationTimeZone } from './station-zone.ts';
import { openDeep, readSubjectHistory } from './subject.ts';
import type { ComplianceTexts } from './texts.ts';

export type TrailEvent = {
  stream: string;
  position: number;
  globalPosition: string;
  type: string;
  recordedAt: string;
  data: unknown;
  metadata: Record<string, unknown>;
};

export type ConsentRecord = {
  purpose: string;
  event: 'ConsentGiven' | 'ConsentWithdrawn';
  noticeVersion: string | null;
  textHash: string | null;
  at: string;
};

/** A work order of the person's car: what was done, at what price, what was paid. */
export type TrailWorkOrder = {
  id: string;
  number: number;
  branchId: string;
  branch: string | null;
  status: WorkOrderStatus;
  openedAt: string | null;
  completedAt: string | null;
  vin: string | null;
  odometerKm: number | null;
  lines: {
    kind: LineKind;
    name: string;
    article: string | null;
    quantityMilli: number;
    unitPriceKopecks: number;
    discountPercent: number;
    amountKopecks: number;
  }[];
  totalKopecks: number;
  paidKopecks: number;
  dueKopecks: number;
  payments: { method: PaymentMethod; amountKopecks: number; refundedKopecks: number }[];
};

/** One message of the person's conversation with the station, opened. */
export type TrailMessage = {
  direction: 'in' | 'out';
  channel: InboxChannel;
  kind: InboundKind;
  at: string;
  text: string | null;
  fileName: string | null;
};

/** A task the staff set about the person or one of their bookings. */
export type TrailTask = {
  kind: TaskKind;
  title: string;
  status: 'Open' | 'Completed';
  dueAt: string;
  createdAt: string;
  completedAt: string | null;
};

/** A messenger chat the station keeps with the person (its id stays out: only that it is there, and since when). */
export type TrailMessenger = { channel: string; linkedAt: string };

/** Messages about their bookings the station sent the person, per channel (SMS, e-mail, a messenger). */
export type TrailDelivery = { channel: string; sent: number; failed: number };

export type Trail = {
  generatedAt: string;
  /** The zone the station's papers are dated in (its first branch's). */
  timeZone: string;
  subject: { clientId: string; status: 'active' | 'erased'; profile: unknown; cars: unknown[]; sources: string[] };
  notice: { key: string; title: string; text: string }[];
  consents: { current: string[]; history: ConsentRecord[] };
  bookings: {
    id: string;
    status: string;
    branchId: string;
    branch: string | null;
    timeZone: string;
    bayId: string;
    services: string[];
    start: string;
    end: string;
    details: unknown;
  }[];
  workOrders: TrailWorkOrder[];
  conversation: TrailMessage[];
  tasks: TrailTask[];
  messengers: TrailMessenger[];
  deliveries: TrailDelivery[];
  events: TrailEvent[];
  /** The log entries about the person, with the staff member's name (the officer's copy only). */
  accessLog: (AuditEntry & { log: 'access' | 'security'; userName: string | null })[];
  requests: RequestView[];
};

const openedValue = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && 'value' in value ? value.value : null;

export type TrailDeps = {
  pool: Pool;
  store: EventStore;
  vault: Vault;
  audit: AuditLog;
  texts: ComplianceTexts;
  catalog: CatalogRepository;
  now: () => number;
};

type Branch = { name: string; timeZone: string };

/** The work orders opened for the person (found by the client id their opening carries), oldest first. */
const workOrdersOf = async (deps: TrailDeps, orgId: string, clientId: string, branches: Map<string, Branch>) => {
  const { rows } = await deps.pool.query<{ stream_id: string }>(
    `SELECT DISTINCT stream_id FROM emt_messages
      WHERE message_type = 'WorkOrderOpened' AND message_data->>'clientId' = $1
        AND partition = 'emt:default' AND NOT is_archived`,
    [clientId],
  );
  const orders: TrailWorkOrder[] = [];
  for (const { stream_id } of rows) {
    const order = aggregate(workOrderDecider, (await deps.store.readStream(stream_id)).events);
    if (order.status === 'Empty' || order.orgId !== orgId || workOrderStreamName(order.workOrderId) !== stream_id) continue;
    const vehicle = order.vehicle ? await deps.vault.open<{ vin?: string }>(clientId, order.vehicle).catch(() => null) : null;
    orders.push({
      id: order.workOrderId,
      number: order.number,
      branchId: order.branchId,
      branch: branches.get(order.branchId)?.name ?? null,
      status: order.status,
      openedAt: order.openedAt ?? null,
      completedAt: order.completedAt ?? null,
      vin: vehicle?.vin ?? null,
      odometerKm: order.odometerKm,
      lines: order.lines.map((line) => ({
        kind: line.kind,
        name: line.name,
        article: line.article,
        quantityMilli: line.quantityMilli,
        unitPriceKopecks: line.unitPriceKopecks,
        discountPercent: line.discountPercent,
        amountKopecks: amountOf(line),
      })),
      totalKopecks: totalsOf(order.lines, order.vatMode, order.priceLoweredKopecks).total,
      paidKopecks: paidOf(order),
      dueKopecks: dueOf(order),
      payments: order.payments.map(({ method, amountKopecks, refundedKopecks }) => ({ method, amountKopecks, refundedKopecks })),
    });
  }
  return orders.sort((a, b) => a.number - b.number);
};

/** The person's messages to the station and its answers, opened; nothing once their key is gone. */
const conversationOf = async (deps: TrailDeps, orgId: string, clientId: string): Promise<TrailMessage[]> => {
  const { events } = await deps.store.readStream(inboxStreamName(clientId));
  const messages: TrailMessage[] = [];
  for (const event of events as InboxEvent[]) {
    if (event.data.orgId !== orgId) continue;
    const body = await deps.vault.open<MessageBody>(clientId, event.data.body).catch(() => null);
    if (!body) continue;
    const incoming = event.type === 'ClientMessageReceived';
    messages.push({
      direction: incoming ? 'in' : 'out',
      channel: event.data.channel,
      kind: incoming ? event.data.kind : 'text',
      at: incoming ? event.data.receivedAt : event.data.repliedAt,
      text: body.text ?? null,
      fileName: body.fileName ?? null,
    });
  }
  return messages;
};

const tasksOf = async (pool: Pool, orgId: string, clientId: string, bookingIds: string[]): Promise<TrailTask[]> => {
  const { rows } = await pool.query<{
    kind: TaskKind;
    title: string;
    status: 'Open' | 'Completed';
    due_at: Date;
    created_at: Date;
    completed_at: Date | null;
  }>(
    `SELECT kind, title, status, due_at, created_at, completed_at FROM tasks
      WHERE org_id = $1 AND (client_id = $2 OR booking_id = ANY($3::uuid[]))
      ORDER BY created_at, id`,
    [orgId, clientId, bookingIds],
  );
  return rows.map((row) => ({
    kind: row.kind,
    title: row.title,
    status: row.status,
    dueAt: row.due_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  }));
};

const messengersOf = async (pool: Pool, orgId: string, clientId: string): Promise<TrailMessenger[]> => {
  const { rows } = await pool.query<{ channel: string; linked_at: Date }>(
    'SELECT channel, min(linked_at) AS linked_at FROM bot_chats WHERE org_id = $1 AND client_id = $2 GROUP BY channel ORDER BY 2',
    [orgId, clientId],
  );
  return rows.map((row) => ({ channel: row.channel, linkedAt: row.linked_at.toISOString() }));
};

const deliveriesOf = async (pool: Pool, orgId: string, clientId: string): Promise<TrailDelivery[]> => {
  const { rows } = await pool.query<TrailDelivery>(
    `SELECT channel, count(*) FILTER (WHERE outcome = 'sent')::int AS sent, count(*) FILTER (WHERE outcome = 'failed')::int AS failed
       FROM delivery_attempts WHERE org_id = $1 AND client_id = $2 GROUP BY channel ORDER BY channel`,
    [orgId, clientId],
  );
  return rows;
};

const branchesOf = async (pool: Pool, orgId: string): Promise<Map<string, Branch>> => {
  const { rows } = await pool.query<{ id: string; name: string; time_zone: string }>(
    'SELECT id, name, time_zone FROM branches WHERE org_id = $1',
    [orgId],
  );
  return new Map(rows.map((row) => [row.id, { name: row.name, timeZone: row.time_zone }]));
};

const staffNamesOf = async (pool: Pool, orgId: string): Promise<Map<string, string>> => {
  const { rows } = await pool.query<{ id: string; name: string }>('SELECT id, name FROM users WHERE org_id = $1', [orgId]);
  return new Map(rows.map((row) => [row.id, row.name]));
};

/**
 * Everything the system holds about one person, opened for the compliance officer: every event
 * of their client stream and of their bookings' streams, their bookings, work orders, their
 * conversation with the station, the tasks about them, consents, the log entries about them, the
 * requests they made, and the notice art. 14 part 7 of 152-FZ requires.
 */
export const buildTrail = async (deps: TrailDeps, orgId: string, clientId: string): Promise<Trail> => {
  const { pool, vault, audit, texts, catalog, now } = deps;
  const history = await readSubjectHistory(pool, clientId);
  if (history.state.status === 'Unknown' || history.orgId !== orgId) {
    throw new DomainError('NOT_FOUND', 'Client not found', { clientId });
  }
  const branches = await branchesOf(pool, orgId);
  const [events, wording, logs, requests, workOrders, conversation, tasks, staff, timeZone, messengers, deliveries] =
    await Promise.all([
      Promise.all(
        history.events.map(async (event): Promise<TrailEvent> => ({
          stream: event.streamName,
          position: event.streamPosition,
          globalPosition: event.globalPosition.toString(),
          type: event.type,
          recordedAt: event.recordedAt.toISOString(),
          data: await openDeep(vault, clientId, event.data),
          metadata: event.metadata,
        })),
      ),
      texts.all(orgId),
      audit.aboutClient(orgId, clientId),
      listRequests(pool, vault, orgId, now, { clientId }),
      workOrdersOf(deps, orgId, clientId, branches),
      conversationOf(deps, orgId, clientId),
      tasksOf(
        pool,
        orgId,
        clientId,
        history.bookings.map((booking) => booking.bookingId),
      ),
      staffNamesOf(pool, orgId),
      stationTimeZone(pool, orgId),
      messengersOf(pool, orgId, clientId),
      deliveriesOf(pool, orgId, clientId),
    ]);

  let profile: unknown = null;
  const cars: unknown[] = [];
  const sources = new Set<string>();
  const consentHistory: ConsentRecord[] = [];
  const current = new Set<string>();
  const detailsOf = new Map<string, unknown>();
  for (const event of events) {
    const data = event.data as Record<string, unknown>;
    if (
      event.type === 'ClientRegistered' ||
      event.type === 'ClientImported' ||
      event.type === 'ClientProfileUpdated' ||
      event.type === 'ClientPhoneChanged'
    ) {
      profile = openedValue(data.profile) ?? profile;
      if (typeof data.channel === 'string') sources.add(data.channel);
      if (event.type === 'ClientImported') sources.add('import');
    }
    if (event.type === 'CarAdded') cars.push(openedValue(data.car));
    if (event.type === 'TelegramLinked') sources.add('telegram');
    if (event.type === 'BookingRequested') {
      detailsOf.set(data.bookingId as string, openedValue(data.details));
      if (typeof data.channel === 'string') sources.add(data.channel);
    }
    if (event.type === 'ConsentGiven' || event.type === 'ConsentWithdrawn') {
      const purpose = data.purpose as string;
      if (event.type === 'ConsentGiven') current.add(purpose);
      else current.delete(purpose);
      consentHistory.push({
        purpose,
        event: event.type,
        noticeVersion: (data.noticeVersion as string | undefined) ?? null,
        textHash: (data.textHash as string | undefined) ?? null,
        at: ((data.givenAt ?? data.withdrawnAt) as string | undefined) ?? event.recordedAt,
      });
    }
  }

  for (const messenger of messengers) sources.add(messenger.channel);

  const serviceNames = new Map<string, string>();
  for (const branchId of new Set(history.bookings.map((booking) => booking.branchId))) {
    const found = await catalog.forBranch(orgId, branchId);
    for (const service of found?.services ?? []) serviceNames.set(service.id, service.name);
  }

  return {
    generatedAt: new Date(now()).toISOString(),
    timeZone,
    subject: {
      clientId,
      status: history.state.status === 'Erased' ? 'erased' : 'active',
      profile,
      cars: cars.filter((car) => car !== null),
      sources: [...sources].sort(),
    },
    notice: subjectNoticeKeys.map((key) => ({ key, title: wording[key].title, text: wording[key].text })),
    consents: { current: [...current].sort(), history: consentHistory },
    bookings: history.bookings.map((booking) => ({
      id: booking.bookingId,
      status: booking.status,
      branchId: booking.branchId,
      branch: branches.get(booking.branchId)?.name ?? null,
      timeZone: branches.get(booking.branchId)?.timeZone ?? timeZone,
      bayId: booking.bayId,
      services: booking.serviceIds.map((id) => serviceNames.get(id) ?? 'услуга, которой больше нет в прайсе'),
      start: booking.start,
      end: booking.end,
      details: detailsOf.get(booking.bookingId) ?? null,
    })),
    workOrders,
    conversation,
    tasks,
    messengers,
    deliveries,
    events,
    accessLog: [
      ...logs.access.map((entry) => ({ ...entry, log: 'access' as const })),
      ...logs.security.map((entry) => ({ ...entry, log: 'security' as const })),
    ]
      .map((entry) => ({ ...entry, userName: entry.userId ? (staff.get(entry.userId) ?? null) : null }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.log.localeCompare(b.log) || a.seq - b.seq),
    requests,
  };
};

/**
 * A trail sealed in a draft before the trail had its zone, work orders, conversation and tasks
 * (prepared before an upgrade, released after it): the parts it lacks read as none.
 */
export const completedTrail = (stored: Trail): Trail => {
  const partial = stored as Partial<Trail> & Pick<Trail, 'bookings' | 'accessLog'>;
  const timeZone = partial.timeZone ?? 'Europe/Moscow';
  return {
    ...stored,
    timeZone,
    bookings: partial.bookings.map((booking) => ({
      ...booking,
      branch: (booking as Partial<typeof booking>).branch ?? null,
      timeZone: (booking as Partial<typeof booking>).timeZone ?? timeZone,
    })),
    workOrders: partial.workOrders ?? [],
    conversation: partial.conversation ?? [],
    tasks: partial.tasks ?? [],
    messengers: partial.messengers ?? [],
    deliveries: partial.deliveries ?? [],
    accessLog: partial.accessLog.map((entry) => ({ ...entry, userName: (entry as Partial<typeof entry>).userName ?? null })),
  };
};

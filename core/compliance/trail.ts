import type { Pool } from 'pg';
import { subjectNoticeKeys } from '../../domain/compliance/notice.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { Vault } from '../vault/vault.ts';
import type { AuditEntry, AuditLog } from './audit-log.ts';
import { printed, type Printable } from '../documents/printable.ts';
import { printableHtml } from './html.ts';
import { listRequests, type RequestView } from './requests.ts';
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

export type Trail = {
  generatedAt: string;
  subject: { clientId: string; status: 'active' | 'erased'; profile: unknown; cars: unknown[]; sources: string[] };
  notice: { key: string; title: string; text: string }[];
  consents: { current: string[]; history: ConsentRecord[] };
  bookings: {
    id: string;
    status: string;
    branchId: string;
    bayId: string;
    services: string[];
    start: string;
    end: string;
    details: unknown;
  }[];
  events: TrailEvent[];
  accessLog: (AuditEntry & { log: 'access' | 'security' })[];
  requests: RequestView[];
};

const openedValue = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && 'value' in value ? value.value : null;

/**
 * Everything the system holds about one person, opened for the compliance officer: every event
 * of their client stream and of their bookings' streams, their bookings, consents, the log
 * entries about them, the requests they made, and the notice art. 14 part 7 of 152-FZ requires.
 */
export const buildTrail = async (
  deps: { pool: Pool; vault: Vault; audit: AuditLog; texts: ComplianceTexts; catalog: CatalogRepository; now: () => number },
  orgId: string,
  clientId: string,
): Promise<Trail> => {
  const { pool, vault, audit, texts, catalog, now } = deps;
  const history = await readSubjectHistory(pool, clientId);
  if (history.state.status === 'Unknown' || history.orgId !== orgId) {
    throw new DomainError('NOT_FOUND', 'Client not found', { clientId });
  }
  const [events, wording, logs, requests] = await Promise.all([
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

  const serviceNames = new Map<string, string>();
  for (const branchId of new Set(history.bookings.map((booking) => booking.branchId))) {
    const found = await catalog.forBranch(orgId, branchId);
    for (const service of found?.services ?? []) serviceNames.set(service.id, service.name);
  }

  return {
    generatedAt: new Date(now()).toISOString(),
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
      bayId: booking.bayId,
      services: booking.serviceIds.map((id) => serviceNames.get(id) ?? id),
      start: booking.start,
      end: booking.end,
      details: detailsOf.get(booking.bookingId) ?? null,
    })),
    events,
    accessLog: [
      ...logs.access.map((entry) => ({ ...entry, log: 'access' as const })),
      ...logs.security.map((entry) => ({ ...entry, log: 'security' as const })),
    ].sort((a, b) => a.at.localeCompare(b.at) || a.log.localeCompare(b.log) || a.seq - b.seq),
    requests,
  };
};

export const trailPrintable = (trail: Trail): Printable => ({
  title: `Сведения об обработке персональных данных — ${trail.subject.clientId}`,
  blocks: [
    { kind: 'heading', level: 1, text: 'Сведения об обработке персональных данных' },
    {
      kind: 'definitions',
      items: [
        ['Субъект (идентификатор клиента)', trail.subject.clientId],
        ['Состояние', trail.subject.status === 'erased' ? 'данные уничтожены' : 'обрабатываются'],
        ['Данные профиля', printed(trail.subject.profile)],
        ['Автомобили', trail.subject.cars.map(printed).join('; ') || '—'],
        ['Источники получения', trail.subject.sources.join(', ') || '—'],
        ['Сформировано', trail.generatedAt],
      ],
    },
    { kind: 'heading', level: 2, text: 'Сведения по ч. 7 ст. 14 152-ФЗ' },
    { kind: 'definitions', items: trail.notice.map((part) => [part.title, part.text] as const) },
    { kind: 'heading', level: 2, text: 'Согласия' },
    { kind: 'paragraph', text: `Действующие: ${trail.consents.current.join(', ') || 'нет'}` },
    {
      kind: 'table',
      headers: ['цель', 'событие', 'версия текста', 'SHA-256 текста', 'время'],
      rows: trail.consents.history.map((consent) => [
        consent.purpose,
        consent.event,
        consent.noticeVersion ?? '—',
        consent.textHash ?? '—',
        consent.at,
      ]),
    },
    { kind: 'heading', level: 2, text: `Записи на обслуживание (${trail.bookings.length})` },
    {
      kind: 'table',
      headers: ['запись', 'статус', 'начало', 'окончание', 'услуги', 'автомобиль и комментарий'],
      rows: trail.bookings.map((booking) => [
        booking.id,
        booking.status,
        booking.start,
        booking.end,
        booking.services.join(', '),
        printed(booking.details),
      ]),
    },
    { kind: 'heading', level: 2, text: 'Запросы субъекта' },
    {
      kind: 'table',
      headers: ['запрос', 'вид', 'канал', 'получен', 'срок', 'состояние'],
      rows: trail.requests.map((request) => [
        request.id,
        request.kind,
        request.channel,
        request.receivedAt,
        request.dueDate,
        request.status,
      ]),
    },
    { kind: 'heading', level: 2, text: 'Журнал доступа к данным субъекта' },
    {
      kind: 'table',
      headers: ['журнал', '№', 'время', 'пользователь', 'роль', 'действие', 'адрес'],
      rows: trail.accessLog.map((entry) => [
        entry.log,
        String(entry.seq),
        entry.at,
        entry.userId ?? '—',
        entry.role ?? '—',
        entry.action,
        entry.ip ?? '—',
      ]),
    },
    { kind: 'heading', level: 2, text: `События (${trail.events.length})` },
    {
      kind: 'table',
      headers: ['время', 'поток', '№', 'событие', 'данные'],
      rows: trail.events.map((event) => [
        event.recordedAt,
        event.stream,
        String(event.position),
        event.type,
        printed(event.data),
      ]),
    },
  ],
});

export const trailHtml = (trail: Trail): string => printableHtml(trailPrintable(trail));

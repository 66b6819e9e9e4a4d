import { Temporal } from '../../domain/shared/time.ts';
import type { AuditEntry } from './audit-log.ts';
import { wallDate } from '../../domain/shared/time.ts';
import { actionWords, logWords, roleWords, wordFor } from './document-words.ts';
import type { Printable } from '../documents/printable.ts';
import { printableHtml } from './html.ts';

/**
 * The destruction act with the fields of Roskomnadzor order No. 179 (28.10.2022) for automated
 * processing, and the matching export from the system's event log. Neither holds personal data of
 * the subject: the subject is named by the pseudonymous client id, which is all that is left.
 */
export type DestructionAct = {
  id: string;
  /** The act's number in the organization; absent in acts made before acts were numbered (their id serves). */
  number?: number;
  operator: string;
  processor: string;
  subject: { clientId: string; description: string };
  categories: string[];
  carrier: string;
  informationSystem: string;
  method: string;
  reason: { code: string; text: string };
  destroyedAt: string;
  destroyedBy: { userId: string | null; name: string | null; role: string | null };
  requestId: string | null;
  /** The request in words; absent in acts made before it was kept. */
  request?: string | null;
  /** What stays: bookings without personal data, so counts and KPIs survive. */
  bookingsKept: number;
  /** Of them, visits still ahead that were cancelled with the erasure; absent in acts made before it. */
  bookingsCancelled?: number;
  readModelsScrubbed: boolean;
  retentionUntil: string;
};

export type LogExport = {
  actId: string;
  /** The act's number; absent in extracts made before acts were numbered. */
  actNumber?: number;
  informationSystem: string;
  subject: { clientId: string };
  categories: string[];
  reason: string;
  destroyedAt: string;
  /** With the staff member's name; absent in extracts made before it was kept. */
  entries: (AuditEntry & { log: 'access' | 'security'; userName?: string | null })[];
};

const two = (n: number) => String(n).padStart(2, '0');

/** «04.12.2026 12:00:05 (UTC+03:00)»: the station's wall clock, with its offset for the record. */
const dateTime = (iso: string, timeZone: string) => {
  const at = Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone);
  return `${two(at.day)}.${two(at.month)}.${at.year} ${two(at.hour)}:${two(at.minute)}:${two(at.second)} (UTC${at.offset})`;
};

/** What stays without personal data, and how many of those visits the erasure cancelled. */
const keptWords = (act: DestructionAct) =>
  act.bookingsCancelled
    ? `записей на обслуживание: ${act.bookingsKept}, из них предстоящих, отменённых при уничтожении: ${act.bookingsCancelled}`
    : `записей на обслуживание: ${act.bookingsKept}`;

/** The act as a document; its times on the station's wall clock (`timeZone`). */
export const actPrintable = (act: DestructionAct, timeZone: string): Printable => ({
  title: `Акт об уничтожении персональных данных № ${act.number ?? act.id}`,
  blocks: [
    { kind: 'heading', level: 1, text: 'Акт об уничтожении персональных данных' },
    { kind: 'paragraph', text: `№ ${act.number ?? act.id} от ${dateTime(act.destroyedAt, timeZone)}` },
    {
      kind: 'definitions',
      items: [
        ['Оператор (наименование, адрес)', act.operator],
        ['Лицо, обрабатывающее данные по поручению оператора', act.processor],
        ['Субъект персональных данных', `${act.subject.description} (псевдонимный идентификатор ${act.subject.clientId})`],
        ['Перечень категорий уничтоженных персональных данных', act.categories.join('; ') || '—'],
        ['Материальный носитель', act.carrier],
        ['Информационная система персональных данных', act.informationSystem],
        ['Способ уничтожения', act.method],
        ['Причина уничтожения', act.reason.text],
        ['Дата уничтожения', dateTime(act.destroyedAt, timeZone)],
        ['Уничтожение провёл (ФИО, должность)', `${act.destroyedBy.name ?? '—'} (${wordFor(roleWords, act.destroyedBy.role)})`],
        ['Основание (запрос субъекта)', act.request ?? act.requestId ?? '—'],
        ['Сохранено без персональных данных', keptWords(act)],
        ['Витрины данных очищены', act.readModelsScrubbed ? 'да' : 'ожидается (уничтожение записано в журнал событий)'],
        ['Хранить акт до', wallDate(act.retentionUntil)],
      ],
    },
    {
      kind: 'paragraph',
      text: `Подпись лица, уничтожившего персональные данные: ____________________ / ${act.destroyedBy.name ?? ''} /`,
    },
    { kind: 'paragraph', text: 'Выгрузка из журнала регистрации событий в информационной системе прилагается.' },
  ],
});

export const logExportPrintable = (log: LogExport, timeZone: string): Printable => ({
  title: `Выгрузка из журнала к акту № ${log.actNumber ?? log.actId}`,
  blocks: [
    { kind: 'heading', level: 1, text: 'Выгрузка из журнала регистрации событий в информационной системе персональных данных' },
    {
      kind: 'definitions',
      items: [
        ['К акту', `№ ${log.actNumber ?? log.actId}`],
        ['Информационная система', log.informationSystem],
        ['Субъект (псевдонимный идентификатор)', log.subject.clientId],
        ['Категории уничтоженных данных', log.categories.join('; ') || '—'],
        ['Причина уничтожения', log.reason],
        ['Дата уничтожения', dateTime(log.destroyedAt, timeZone)],
      ],
    },
    {
      kind: 'table',
      headers: ['журнал', '№', 'время', 'пользователь', 'роль', 'действие', 'адрес', 'хеш'],
      rows: log.entries.map((entry) => [
        logWords[entry.log],
        String(entry.seq),
        dateTime(entry.at, timeZone),
        entry.userName ?? entry.userId ?? 'система',
        wordFor(roleWords, entry.role),
        wordFor(actionWords, entry.action),
        entry.ip ?? '—',
        entry.hash.slice(0, 16),
      ]),
    },
  ],
});

export const actHtml = (act: DestructionAct, timeZone: string): string => printableHtml(actPrintable(act, timeZone));

export const logExportHtml = (log: LogExport, timeZone: string): string => printableHtml(logExportPrintable(log, timeZone));

import type { AuditEntry } from './audit-log.ts';
import { definitionList, escapeHtml, page, table } from './html.ts';

/**
 * The destruction act with the fields of Roskomnadzor order No. 179 (28.10.2022) for automated
 * processing, and the matching export from the system's event log. Neither holds personal data of
 * the subject: the subject is named by the pseudonymous client id, which is all that is left.
 */
export type DestructionAct = {
  id: string;
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
  /** What stays: bookings without personal data, so counts and KPIs survive. */
  bookingsKept: number;
  readModelsScrubbed: boolean;
  retentionUntil: string;
};

export type LogExport = {
  actId: string;
  informationSystem: string;
  subject: { clientId: string };
  categories: string[];
  reason: string;
  destroyedAt: string;
  entries: (AuditEntry & { log: 'access' | 'security' })[];
};

const dateTime = (iso: string) =>
  iso
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')
    .replace(/Z$/, ' UTC');

export const actHtml = (act: DestructionAct): string =>
  page(
    `Акт об уничтожении персональных данных ${act.id}`,
    `<h1>Акт об уничтожении персональных данных</h1>
<p>№ ${escapeHtml(act.id)} от ${escapeHtml(dateTime(act.destroyedAt))}</p>
${definitionList([
  ['Оператор (наименование, адрес)', act.operator],
  ['Лицо, обрабатывающее данные по поручению оператора', act.processor],
  ['Субъект персональных данных', `${act.subject.description} (псевдонимный идентификатор ${act.subject.clientId})`],
  ['Перечень категорий уничтоженных персональных данных', act.categories.join('; ') || '—'],
  ['Материальный носитель', act.carrier],
  ['Информационная система персональных данных', act.informationSystem],
  ['Способ уничтожения', act.method],
  ['Причина уничтожения', act.reason.text],
  ['Дата уничтожения', dateTime(act.destroyedAt)],
  [
    'Уничтожение провёл (ФИО, должность)',
    `${act.destroyedBy.name ?? '—'} (${act.destroyedBy.role ?? '—'}), идентификатор пользователя ${act.destroyedBy.userId ?? '—'}`,
  ],
  ['Основание (запрос субъекта)', act.requestId ?? '—'],
  ['Сохранено без персональных данных', `записей на обслуживание: ${act.bookingsKept}`],
  ['Витрины данных очищены', act.readModelsScrubbed ? 'да' : 'ожидается (событие ClientErased записано)'],
  ['Хранить акт до', act.retentionUntil],
])}
<p class="sign">Подпись лица, уничтожившего персональные данные: ____________________ / ${escapeHtml(act.destroyedBy.name ?? '')} /</p>
<p>Выгрузка из журнала регистрации событий в информационной системе прилагается.</p>`,
  );

export const logExportHtml = (log: LogExport): string =>
  page(
    `Выгрузка из журнала к акту ${log.actId}`,
    `<h1>Выгрузка из журнала регистрации событий в информационной системе персональных данных</h1>
${definitionList([
  ['К акту', log.actId],
  ['Информационная система', log.informationSystem],
  ['Субъект (псевдонимный идентификатор)', log.subject.clientId],
  ['Категории уничтоженных данных', log.categories.join('; ') || '—'],
  ['Причина уничтожения', log.reason],
  ['Дата уничтожения', dateTime(log.destroyedAt)],
])}
${table(
  ['журнал', '№', 'время', 'пользователь', 'роль', 'действие', 'адрес', 'хеш'],
  log.entries.map((entry) => [
    entry.log,
    entry.seq,
    dateTime(entry.at),
    entry.userId ?? '—',
    entry.role ?? '—',
    entry.action,
    entry.ip ?? '—',
    entry.hash.slice(0, 16),
  ]),
)}`,
  );

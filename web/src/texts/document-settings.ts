import type { Lang } from '../i18n';
import type { VatMode } from '../../../contract/work-orders';

/** Texts of the work-order settings block of /settings (the owner's). */
const ru = {
  title: 'Заказ-наряды и документы',
  hint: 'Эти данные печатаются в заказ-наряде и акте выполненных работ; ставка нормо-часа считает работы по нормативу.',
  vatMode: 'Налог',
  vatModes: {
    none: 'Без НДС',
    usn5: 'УСН, НДС 5 %',
    usn7: 'УСН, НДС 7 %',
    general22: 'ОСНО, НДС 22 %',
  } satisfies Record<VatMode, string>,
  legalName: 'Исполнитель (как в документах)',
  legalNameHint: 'Например, ООО «Ромашка-Авто» или ИП Иванов И. И.',
  inn: 'ИНН',
  ogrn: 'ОГРН или ОГРНИП',
  legalAddress: 'Адрес',
  phone: 'Телефон станции (в документах и для клиентов)',
  rates: 'Ставка нормо-часа, ₽',
  noRate: 'не задана',
  badRate: 'Ставка — сумма в рублях, например 2 500 или 2 500,50',
  save: 'Сохранить',
  saving: 'Сохранение…',
  saved: 'Данные для документов сохранены',
  fieldErrors: {
    inn: 'ИНН не сходится: в нём 10 цифр (организация) или 12 (ИП) — проверьте каждую',
    ogrn: 'ОГРН не сходится: в нём 13 цифр (ОГРНИП — 15) — проверьте каждую',
    legalName: 'Укажите исполнителя так, как он назван в документах',
    hourlyRateKopecks: 'Ставка нормо-часа — от 0,01 до 100 000 ₽',
  } as Record<string, string>,
};

type DocumentSettingsTexts = typeof ru;

const en: DocumentSettingsTexts = {
  title: 'Work orders and documents',
  hint: 'These details are printed on the work order and the act of completed works; the norm-hour rate prices works by their norm.',
  vatMode: 'Tax',
  vatModes: {
    none: 'No VAT',
    usn5: 'Simplified, VAT 5 %',
    usn7: 'Simplified, VAT 7 %',
    general22: 'General, VAT 22 %',
  },
  legalName: 'Executor (as on documents)',
  legalNameHint: 'For example, Romashka-Auto LLC or sole trader I. I. Ivanov',
  inn: 'INN (tax number)',
  ogrn: 'OGRN or OGRNIP',
  legalAddress: 'Address',
  phone: 'Station phone (on documents and for clients)',
  rates: 'Norm-hour rate, ₽',
  noRate: 'not set',
  badRate: 'A rate is a sum in roubles, e.g. 2 500 or 2 500.50',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Document details saved',
  fieldErrors: {
    inn: 'The INN does not add up: it has 10 digits (a company) or 12 (a sole trader) — check each one',
    ogrn: 'The OGRN does not add up: it has 13 digits (OGRNIP 15) — check each one',
    legalName: 'Name the executor as the documents do',
    hourlyRateKopecks: 'A norm-hour rate is from 0.01 to 100 000 ₽',
  },
};

export const documentSettingsTexts = { ru, en } satisfies Record<Lang, DocumentSettingsTexts>;

import { importFields, type ColumnMapping, type ImportField } from './fields.ts';

export { importFields, isImportField, type ColumnMapping, type ImportField } from './fields.ts';

// ───────────────────────────── Header recognition ─────────────────────────────

/** Lower case, ё as е, no punctuation or spaces: «Гос. номер» and «госномер» are one header. */
export const headerKey = (header: string): string =>
  header
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, '');

const exact: Record<string, ImportField> = {};
const synonyms: Record<ImportField, string[]> = {
  name: [
    'фио',
    'клиент',
    'наименование',
    'полноенаименование',
    'контрагент',
    'покупатель',
    'заказчик',
    'имяклиента',
    'фамилияимяотчество',
    'name',
    'fullname',
    'client',
    'clientname',
    'customer',
    'customername',
    'contact',
  ],
  lastName: ['фамилия', 'lastname', 'surname', 'familyname'],
  firstName: ['имя', 'firstname', 'givenname'],
  middleName: ['отчество', 'middlename', 'patronymic'],
  phone: [
    'телефон',
    'тел',
    'телефоны',
    'мобильный',
    'мобтел',
    'мобтелефон',
    'мобильныйтелефон',
    'сотовый',
    'сотовыйтелефон',
    'контактныйтелефон',
    'номертелефона',
    'phone',
    'phonenumber',
    'mobile',
    'mobilephone',
    'tel',
    'telephone',
    'cell',
  ],
  email: ['email', 'эпочта', 'элпочта', 'электроннаяпочта', 'почта', 'mail', 'emailaddress'],
  car: [
    'автомобиль',
    'авто',
    'машина',
    'маркаимодель',
    'маркамодель',
    'транспортноесредство',
    'тс',
    'car',
    'vehicle',
    'makeandmodel',
    'makemodel',
  ],
  make: ['марка', 'маркаавто', 'маркаавтомобиля', 'make', 'brand'],
  model: ['модель', 'модельавто', 'модельавтомобиля', 'model'],
  plate: [
    'госномер',
    'гномер',
    'гн',
    'грз',
    'госрегзнак',
    'государственныйномер',
    'регистрационныйномер',
    'регномер',
    'номеравто',
    'номеравтомобиля',
    'номермашины',
    'plate',
    'plates',
    'licenseplate',
    'licenceplate',
    'platenumber',
    'registration',
    'regnumber',
  ],
  lastVisit: [
    'последнийвизит',
    'датапоследнеговизита',
    'датапоследнегообращения',
    'последнееобращение',
    'датавизита',
    'последнийзаказ',
    'датапоследнегозаказа',
    'lastvisit',
    'lastvisitdate',
    'lastvisitat',
    'lastseen',
  ],
  visits: [
    'визитов',
    'визиты',
    'колвовизитов',
    'количествовизитов',
    'числовизитов',
    'количествообращений',
    'обращений',
    'заказов',
    'visits',
    'visitcount',
    'numberofvisits',
  ],
  comment: [
    'комментарий',
    'комментарии',
    'примечание',
    'примечания',
    'заметки',
    'заметка',
    'comment',
    'comments',
    'notes',
    'note',
  ],
  code: ['код', 'кодклиента', 'кодконтрагента', 'code', 'id', 'clientid', 'customerid'],
};
for (const field of importFields) for (const key of synonyms[field]) exact[key] ??= field;

// Fallbacks for headers that only contain a known word («Телефон мобильный», «Гос. номер авто»).
const contains: [RegExp, ImportField][] = [
  [/телефон|phone|мобильн/, 'phone'],
  [/email|почт/, 'email'],
  [/госномер|гос.*номер|licen[cs]e|plate/, 'plate'],
  [/последн.*(визит|обращ|заказ)|lastvisit/, 'lastVisit'],
  [/(визит|обращен)/, 'visits'],
  [/коммент|примеч|comment|note/, 'comment'],
  [/фамилия/, 'lastName'],
  [/отчество/, 'middleName'],
  [/фио|наименован/, 'name'],
  [/автомоб|vehicle/, 'car'],
];

export const recognizeHeader = (header: string): ImportField | null => {
  const key = headerKey(header);
  if (!key) return null;
  return exact[key] ?? contains.find(([pattern]) => pattern.test(key))?.[1] ?? null;
};

/** The mapping the headers suggest; the first column wins when two look alike. */
export const detectMapping = (headers: readonly string[]): ColumnMapping => {
  const mapping: ColumnMapping = {};
  headers.forEach((header, index) => {
    const field = recognizeHeader(header);
    if (field && mapping[field] === undefined) mapping[field] = index;
  });
  return mapping;
};

const score = (mapping: ColumnMapping) =>
  Object.keys(mapping).length +
  (mapping.phone !== undefined ? 10 : 0) +
  (mapping.name !== undefined || mapping.lastName !== undefined ? 1 : 0);

/**
 * Exports often start with a title line or two («Список контрагентов», an empty row) before the
 * header: the header is the row among the first ten whose cells look most like known headers.
 */
export const findHeaderRow = (rows: readonly (readonly string[])[]): number => {
  let best = 0;
  let bestScore = 0;
  rows.slice(0, 10).forEach((row, index) => {
    const found = score(detectMapping(row));
    if (found > bestScore) {
      best = index;
      bestScore = found;
    }
  });
  return best;
};

// Texts of the settings box that hands out the public booking page's link and its embed snippet.
const ru = {
  title: 'Запись через сайт',
  intro: 'Клиенты записываются сами, без звонка: выбирают работу и время, подтверждают телефон кодом.',
  link: 'Ссылка на страницу записи',
  open: 'Открыть',
  copy: 'Скопировать',
  copied: 'Скопировано',
  embed: 'Код для вашего сайта',
  embedHint: 'Вставьте его на страницу сайта — форма записи появится в рамке.',
  sources:
    'Чтобы видеть, откуда пришёл клиент, добавьте к ссылке метки: &utm_source=yandex для рекламы, &ref=qr для QR-кода на стойке. Источник виден в карточке записи.',
};

const en: typeof ru = {
  title: 'Online booking',
  intro: 'Clients book by themselves, without a call: a job, a time, and the phone confirmed by a code.',
  link: 'Link to the booking page',
  open: 'Open',
  copy: 'Copy',
  copied: 'Copied',
  embed: 'Code for your website',
  embedHint: 'Paste it into a page of your site: the booking form appears in a frame.',
  sources:
    'To see where a client came from, add tags to the link: &utm_source=yandex for adverts, &ref=qr for the QR code at the counter. The source shows on the booking card.',
};

export const webBookingLinkTexts = { ru, en };

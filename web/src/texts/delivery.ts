// Texts of the delivery section of the reports page: how the clients' status messages went, per channel.
const ru = {
  title: 'Доставка сообщений',
  intro: 'Сообщения клиентам о записи: подтверждение, начало и окончание работ, перенос и отмена.',
  loading: 'Загрузка…',
  total: 'Сообщений клиентам',
  reached: 'Дошли до клиента',
  reachedOf: '{share} сообщений',
  failed: 'Не ушли ни одним способом',
  noWayIn: 'Некуда отправить',
  noWayInNote: 'нет чата в мессенджере, СМС и e-mail',
  byChannel: 'По каналам',
  channel: 'Канал',
  attempts: 'Попыток',
  sent: 'Отправлено',
  failedTries: 'Не ушло',
  share: 'Доля отправленных',
  triesNote:
    'Сообщение идёт по каналам по очереди: если Telegram не ответил, а СМС ушло, это одна неудачная попытка в Telegram и одна отправка СМС.',
  none: 'За этот период сообщений клиентам не было.',
  channels: { telegram: 'Telegram', max: 'MAX', sms: 'СМС', email: 'Электронная почта' },
};

type DeliveryTexts = typeof ru;

const en: DeliveryTexts = {
  title: 'Message delivery',
  intro: 'Booking messages to clients: confirmed, work started and finished, moved and cancelled.',
  loading: 'Loading…',
  total: 'Messages to clients',
  reached: 'Reached the client',
  reachedOf: '{share} of messages',
  failed: 'Failed on every channel',
  noWayIn: 'No way to reach',
  noWayInNote: 'no messenger chat, SMS or e-mail',
  byChannel: 'By channel',
  channel: 'Channel',
  attempts: 'Attempts',
  sent: 'Sent',
  failedTries: 'Failed',
  share: 'Share sent',
  triesNote:
    'A message tries the channels in turn: if Telegram failed and the SMS went, that is one failed Telegram attempt and one SMS sent.',
  none: 'No messages to clients in this period.',
  channels: { telegram: 'Telegram', max: 'MAX', sms: 'SMS', email: 'E-mail' },
};

export const deliveryTexts = { ru, en };

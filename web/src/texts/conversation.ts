import type { Lang } from '../i18n';

/** Texts of a client's conversation on the client card (the inbox). */
const ru = {
  title: 'Переписка',
  none: 'Клиент пока ничего не писал в мессенджер',
  loading: 'Загружаем переписку…',
  replyLabel: 'Ответ клиенту',
  send: 'Ответить',
  sent: 'Ответ отправлен',
  fromClient: 'Клиент',
  fromStation: 'СТО',
  kinds: {
    text: '',
    photo: 'Фото',
    voice: 'Голосовое сообщение',
    video: 'Видео',
    audio: 'Аудиозапись',
    location: 'Геопозиция',
    document: 'Файл',
    other: 'Сообщение, которое панель не показывает',
  },
  channels: { telegram: 'Telegram', max: 'MAX' } as Record<string, string>,
  inboxNone: 'Клиенты пока ничего не писали в мессенджеры',
  unread: 'непрочитанных: {n}',
  answered: 'Вы ответили',
  openConversation: 'Открыть переписку',
};

const en: typeof ru = {
  title: 'Conversation',
  none: 'The client has not written in a messenger yet',
  loading: 'Loading the conversation…',
  replyLabel: 'Reply to the client',
  send: 'Reply',
  sent: 'Reply sent',
  fromClient: 'Client',
  fromStation: 'Station',
  kinds: {
    text: '',
    photo: 'Photo',
    voice: 'Voice message',
    video: 'Video',
    audio: 'Audio recording',
    location: 'Location',
    document: 'File',
    other: 'A message the panel cannot show',
  },
  channels: { telegram: 'Telegram', max: 'MAX' },
  inboxNone: 'No client has written in a messenger yet',
  unread: 'unread: {n}',
  answered: 'You answered',
  openConversation: 'Open the conversation',
};

export const conversationTexts = { ru, en } satisfies Record<Lang, typeof ru>;

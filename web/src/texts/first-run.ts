/** Words of the owner's first-run guide on the board. */
const ru = {
  title: 'Первые шаги',
  progress: 'Готово {done} из {total}',
  hide: 'Скрыть',
  confirm: 'Всё верно',
  steps: {
    branch: { text: 'Проверьте филиал: часы работы, выходные, посты и услуги', link: 'Открыть настройки', href: '/settings' },
    clients: { text: 'Загрузите клиентскую базу из Excel, CSV или 1С', link: 'Импорт клиентов', href: '/import' },
    appointments: {
      text: 'Перенесите записи из своего дневника на ближайшие дни',
      link: 'Импорт записей',
      href: '/import/appointments',
    },
    bot: {
      text: 'Подключите Telegram-бота, чтобы клиенты записывались сами: нужен токен от @BotFather',
      link: 'Подключить бота',
      href: '/settings#telegram-bot',
    },
    staff: { text: 'Добавьте менеджеров и механиков', link: 'Сотрудники', href: '/settings' },
  },
};

const en: typeof ru = {
  title: 'First steps',
  progress: '{done} of {total} done',
  hide: 'Hide',
  confirm: 'All correct',
  steps: {
    branch: { text: 'Check the branch: working hours, days off, bays and services', link: 'Open settings', href: '/settings' },
    clients: { text: 'Load the client list from Excel, CSV or 1C', link: 'Import clients', href: '/import' },
    appointments: {
      text: 'Bring over the appointments from your diary for the coming days',
      link: 'Import appointments',
      href: '/import/appointments',
    },
    bot: {
      text: 'Connect the Telegram bot so clients book themselves: it takes a token from @BotFather',
      link: 'Connect the bot',
      href: '/settings#telegram-bot',
    },
    staff: { text: 'Add managers and mechanics', link: 'Staff', href: '/settings' },
  },
};

export const firstRunTexts = { ru, en };

import type { Lang } from '../../domain/shared/lang.ts';

/** The one-time code as the client reads it in a messenger or an SMS: short, with whom it is for and a warning. */
export const codeMessage = (lang: Lang, station: string, code: string): string =>
  lang === 'en'
    ? `${code} is your code to book at «${station}». It is valid for 10 minutes. Do not tell it to anyone.`
    : `${code} — код для записи в «${station}». Действует 10 минут. Никому его не сообщайте.`;

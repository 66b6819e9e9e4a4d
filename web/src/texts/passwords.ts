import type { Lang } from '../i18n';
import type { PasswordWeakness } from '../../../contract/users.ts';

/** Why a password was refused (WEAK_PASSWORD's `reason`), wherever one is set: invitation, settings, profile. */
const ru: Record<PasswordWeakness, string> = {
  'too-short': 'Пароль короче 12 символов — придумайте длиннее, например из трёх-четырёх слов',
  'too-long': 'Пароль длиннее 200 символов',
  'too-simple': 'В пароле почти одни и те же символы — придумайте разнообразнее',
  common: 'Это один из самых частых паролей — его подберут первым. Придумайте другой',
  'email-name': 'Пароль не должен содержать имя из эл. почты',
  unchanged: 'Новый пароль совпадает с текущим',
};

const en: typeof ru = {
  'too-short': 'The password is shorter than 12 characters — make it longer, e.g. three or four words',
  'too-long': 'The password is longer than 200 characters',
  'too-simple': 'The password repeats nearly the same characters — choose a more varied one',
  common: 'This is one of the most common passwords — it would be guessed first. Choose another',
  'email-name': 'The password must not contain the name from the e-mail',
  unchanged: 'The new password is the same as the current one',
};

export const weaknessTexts = { ru, en } satisfies Record<Lang, Record<PasswordWeakness, string>>;

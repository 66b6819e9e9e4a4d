import type { Lang } from '../i18n';

/** Texts of /account: who is signed in, and their own password. */
const ru = {
  title: 'Мой профиль',
  name: 'Имя',
  email: 'Эл. почта для входа',
  role: 'Роль',
  passwordTitle: 'Сменить пароль',
  passwordIntro: 'После смены пароля на всех других устройствах нужно будет войти заново — на этом вход сохранится.',
  current: 'Текущий пароль',
  next: 'Новый пароль',
  nextHint: 'Не короче 12 символов, не из списка частых паролей',
  repeat: 'Повторите новый пароль',
  submit: 'Сменить пароль',
  saving: 'Меняем…',
  mismatch: 'Новый пароль и повтор не совпадают',
  wrong: 'Текущий пароль введён неверно',
  tooMany: 'Слишком много неверных попыток. Подождите несколько минут и попробуйте снова',
  done: 'Пароль изменён. На других устройствах войдите с новым паролем.',
  changedMeanwhile: 'Пароль только что изменили с другого устройства — войдите с новым паролем',
};

const en: typeof ru = {
  title: 'My profile',
  name: 'Name',
  email: 'Sign-in e-mail',
  role: 'Role',
  passwordTitle: 'Change password',
  passwordIntro: 'After the change every other device has to sign in again — this one stays signed in.',
  current: 'Current password',
  next: 'New password',
  nextHint: 'At least 12 characters, not a common password',
  repeat: 'Repeat the new password',
  submit: 'Change password',
  saving: 'Changing…',
  mismatch: 'The new password and its repeat differ',
  wrong: 'The current password is wrong',
  tooMany: 'Too many wrong tries. Wait a few minutes and try again',
  done: 'The password is changed. Sign in with it on your other devices.',
  changedMeanwhile: 'The password was just changed from another device — sign in with the new one',
};

export const accountTexts = { ru, en } satisfies Record<Lang, typeof ru>;

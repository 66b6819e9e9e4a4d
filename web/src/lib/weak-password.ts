import type { Lang } from '../i18n';
import type { PasswordWeakness } from '../../../contract/users.ts';
import { weaknessTexts } from '../texts/passwords';
import { ApiError } from './api';

/** The words for a WEAK_PASSWORD refusal, or null for any other error. */
export const weakPasswordText = (error: unknown, lang: Lang): string | null => {
  if (!(error instanceof ApiError) || error.code !== 'WEAK_PASSWORD') return null;
  const reason = error.body?.reason;
  return typeof reason === 'string' && reason in weaknessTexts[lang] ? weaknessTexts[lang][reason as PasswordWeakness] : null;
};

import type { Lang } from '../i18n';
import { refusalTexts } from '../texts/refusals';
import { ApiError } from './api';

/** One free start the API offers instead of a refused one. */
export type Offer = { start: string; bayIds: string[] };

/** A refusal explained: the words, and the alternatives a SLOT_TAKEN carries (nearest first). */
export type Refusal = { text: string; offers: Offer[] };

export const refusalOf = (error: unknown, lang: Lang): Refusal => {
  const texts = refusalTexts[lang];
  const code = error instanceof ApiError ? error.code : 'UNKNOWN';
  const raw = error instanceof ApiError ? error.body?.alternatives : undefined;
  const offers = Array.isArray(raw)
    ? raw.filter((a): a is Offer => typeof (a as Offer).start === 'string' && Array.isArray((a as Offer).bayIds)).slice(0, 6)
    : [];
  return { text: texts[code] ?? texts.UNKNOWN!, offers };
};

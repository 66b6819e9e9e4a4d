import type { Lang } from '../i18n';

/**
 * Kinds of work a bay does, by the code a service names in `bayKind`. The settings offer these as
 * choices; a kind typed in before (not in the list) is still shown and kept, under its own code.
 */
const ru: Record<string, string> = {
  lift: 'Подъёмник',
  tyre: 'Шиномонтаж',
  alignment: 'Развал-схождение',
  body: 'Кузовной ремонт',
  paint: 'Покраска',
  diagnostics: 'Диагностика',
  electrics: 'Автоэлектрика',
  wash: 'Мойка',
};

const en: typeof ru = {
  lift: 'Lift',
  tyre: 'Tyres',
  alignment: 'Wheel alignment',
  body: 'Body work',
  paint: 'Painting',
  diagnostics: 'Diagnostics',
  electrics: 'Electrics',
  wash: 'Washing',
};

export const bayKindTexts = { ru, en } satisfies Record<Lang, typeof ru>;

export const KNOWN_BAY_KINDS = Object.keys(ru);

export const kindWord = (kind: string, lang: Lang): string => bayKindTexts[lang][kind] ?? kind;

/** The kinds to choose from: the known ones, then any others the branch already uses. */
export const kindChoices = (inUse: readonly string[]): string[] => [...new Set([...KNOWN_BAY_KINDS, ...inUse])];

/** The languages people read the product in: Russian by default, English on request. */
export const languages = ['ru', 'en'] as const;
export type Lang = (typeof languages)[number];
export const isLang = (value: unknown): value is Lang => value === 'ru' || value === 'en';

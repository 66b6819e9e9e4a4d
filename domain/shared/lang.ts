/** The languages people read the product in: Russian by default, English on request. */
export type Lang = 'ru' | 'en';
export const languages: readonly Lang[] = ['ru', 'en'];
export const isLang = (value: unknown): value is Lang => value === 'ru' || value === 'en';

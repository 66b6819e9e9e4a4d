/** Kopecks as a person types roubles: «2 500», «2500,50», «2 500.5» → 250000, 250050, 250050; null when it is not a sum. */
export const kopecksOf = (typed: string): number | null => {
  const text = typed.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(text)) return null;
  const [whole, part = ''] = text.split('.');
  return Number(whole) * 100 + Number(part.padEnd(2, '0'));
};

/** Kopecks written as roubles the way the panel's language writes them («2 500,50» in Russian). */
export const roublesText = (kopecks: number, locale: string): string =>
  new Intl.NumberFormat(locale, { minimumFractionDigits: kopecks % 100 ? 2 : 0, maximumFractionDigits: 2 }).format(kopecks / 100);

/** «5 545,50 ₽»: a sum as the panel's money columns show it. */
export const moneyText = (kopecks: number): string =>
  new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB' }).format(kopecks / 100);

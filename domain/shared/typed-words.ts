/** What a client typed, made comparable: lower case, «ё» as «е», letters and digits only, single spaces. */
export const normalizeTyped = (text: string): string =>
  text
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^a-zа-я0-9]+/g, ' ')
    .trim();

/** Latin look-alikes typed into a Russian plate become the Cyrillic letters the plate really has. */
export const normalizePlate = (plate: string): string => {
  const latinToCyrillic: Record<string, string> = {
    A: 'А',
    B: 'В',
    E: 'Е',
    K: 'К',
    M: 'М',
    H: 'Н',
    O: 'О',
    P: 'Р',
    C: 'С',
    T: 'Т',
    Y: 'У',
    X: 'Х',
  };
  return plate
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/[ABEKMHOPCTYX]/g, (letter) => latinToCyrillic[letter] ?? letter);
};

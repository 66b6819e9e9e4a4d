// A diary names works in the station's own words («ТО, замена масла», «развал», «шиномонтаж R16,
// 4 колеса»); the catalogue has its services. The suggestion is only a first guess: the station
// confirms or corrects it before anything is booked.

const STEM = 4;

/** Word stems of a text: lower case, ё as е, letters only, the first four letters of words of four or more. */
export const stemsOf = (text: string): Set<string> =>
  new Set(
    text
      .toLowerCase()
      .replace(/ё/g, 'е')
      .split(/[^\p{L}]+/u)
      .filter((word) => word.length >= STEM)
      .map((word) => word.slice(0, STEM)),
  );

/**
 * The service whose name shares the most word stems with the works, when exactly one shares the
 * most; null when none shares a stem or two tie (the station chooses then).
 */
export const suggestService = <S extends { id: string; name: string }>(works: string, services: readonly S[]): S | null => {
  const wanted = stemsOf(works);
  let best: S | null = null;
  let bestScore = 0;
  let tie = false;
  for (const service of services) {
    const score = [...stemsOf(service.name)].filter((stem) => wanted.has(stem)).length;
    if (score > bestScore) {
      best = service;
      bestScore = score;
      tie = false;
    } else if (score === bestScore && score > 0) tie = true;
  }
  return tie ? null : best;
};

/** A bay named in the file, found by name whatever the case, «ё» or spacing: «Подъемник 2» is «Подъёмник 2». */
export const findBayByName = <B extends { name: string }>(name: string, bays: readonly B[]): B | null => {
  const key = (text: string) =>
    text
      .toLowerCase()
      .replace(/ё/g, 'е')
      .replace(/[^\p{L}\p{N}]+/gu, '');
  return bays.find((bay) => key(bay.name) === key(name)) ?? null;
};

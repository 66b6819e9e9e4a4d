/** Wall-clock times in a branch's IANA time zone, with Intl only (no Temporal in the browser bundle). */
const formats = new Map<string, Intl.DateTimeFormat>();

const format = (timeZone: string) => {
  let found = formats.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, found);
  }
  return found;
};

/** The wall clock of an instant in a zone, as milliseconds of the same wall clock read as UTC. */
export const wallMs = (instantMs: number, timeZone: string): number => {
  const parts: Record<string, number> = {};
  for (const part of format(timeZone).formatToParts(instantMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts[type] ?? 0;
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour') % 24, part('minute'), part('second'));
};

/** The instant at which the zone's clocks show the given wall time (wall read as UTC milliseconds). */
export const instantOfWall = (wall: number, timeZone: string): number => {
  const guess = wall - (wallMs(wall, timeZone) - wall);
  return wall - (wallMs(guess, timeZone) - guess);
};

const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DDTHH:mm:ss' of an ISO instant in the zone (no offset: FullCalendar reads it in its UTC mode). */
export const wallIso = (iso: string, timeZone: string): string =>
  new Date(wallMs(Date.parse(iso), timeZone)).toISOString().slice(0, 19);

export const dateIn = (iso: string | number, timeZone: string): string =>
  new Date(wallMs(typeof iso === 'number' ? iso : Date.parse(iso), timeZone)).toISOString().slice(0, 10);

export const todayIn = (timeZone: string): string => dateIn(Date.now(), timeZone);

export const timeIn = (iso: string, timeZone: string): string => {
  const wall = new Date(wallMs(Date.parse(iso), timeZone));
  return `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
};

/** Start and end instants (ms) of a calendar day in the zone. */
export const dayRange = (date: string, timeZone: string): [number, number] => {
  const start = Date.parse(`${date}T00:00:00Z`);
  return [instantOfWall(start, timeZone), instantOfWall(start + 86_400_000, timeZone)];
};

export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export const isIsoDate = (value: string | null | undefined): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The day view's bay columns, built from FullCalendar's MIT time grid (its resource views need the
 * premium licence): the day view spans as many "days" as there are bays shown, and the k-th of them
 * is the k-th bay on the real date. A booking is drawn k days after its wall-clock time; a drop or
 * a tap is read back into a bay and a wall-clock time by the same arithmetic, here only.
 * Times are wall clock read as UTC milliseconds, as FullCalendar holds them in its UTC mode (tz.ts).
 */
export const DAY_MS = 86_400_000;

/** Where a wall-clock time of the real day is drawn in the bay's column. */
export const shownInColumn = (wallMs: number, column: number): number => wallMs + column * DAY_MS;

/** The column a drawn time falls in, counted from the real day's midnight. */
export const columnOf = (shownMs: number, dayStartMs: number): number => Math.floor((shownMs - dayStartMs) / DAY_MS);

/** The wall-clock time of the real day that a time drawn in `column` stands for. */
export const wallOfColumn = (shownMs: number, column: number): number => shownMs - column * DAY_MS;

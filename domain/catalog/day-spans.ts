// A branch day's open time, read without a clock or a time zone: the server reads its times as
// instants (catalog.ts openIntervals), the panel's calendar as wall-clock milliseconds. No imports,
// so the panel's bundle takes it without the server's date library.

type Hours = {
  readonly open: string;
  readonly close: string;
  readonly breaks: readonly { readonly from: string; readonly to: string }[];
};

export type Span = { readonly from: number; readonly to: number };

/**
 * An end at «00:00» is the midnight that ends the day, «24:00»: what a station open until midnight,
 * or a shift till midnight, means by it (a time input has no «24:00»).
 */
export const midnightEnd = (time: string): string => (time === '00:00' ? '24:00' : time);

/** The value an end takes in a time input, which has no «24:00»: «00:00», read back by `midnightEnd`. */
export const inputEnd = (time: string): string => (time === '24:00' ? '00:00' : time);

/** The open spans of a day's hours in order, breaks cut out; `at` reads a time of day («24:00» too). */
export const openSpans = (day: Hours, at: (time: string) => number): Span[] => {
  const close = at(day.close);
  let cursor = at(day.open);
  const spans: Span[] = [];
  const breaks = day.breaks.map((b) => ({ from: at(b.from), to: at(b.to) })).sort((a, b) => a.from - b.from);
  for (const pause of breaks) {
    if (pause.from > cursor) spans.push({ from: cursor, to: Math.min(pause.from, close) });
    cursor = Math.max(cursor, pause.to);
  }
  if (close > cursor) spans.push({ from: cursor, to: close });
  return spans.filter((span) => span.to > span.from);
};

/** What `within` leaves outside `open` (spans in order, inside `within`): the closed stretches of a day. */
export const closedSpans = (open: readonly Span[], within: Span): Span[] => {
  const closed: Span[] = [];
  let cursor = within.from;
  for (const span of open) {
    if (span.from > cursor) closed.push({ from: cursor, to: span.from });
    cursor = Math.max(cursor, span.to);
  }
  if (within.to > cursor) closed.push({ from: cursor, to: within.to });
  return closed;
};

import type { ReadModel } from '../read-model.ts';
import { beginCalendar } from './fold.ts';
import { createCalendarTables } from './schema.ts';

/** Each bay's reserved time, day by day (queries.ts); built on the board's bookings. */
export const calendar: ReadModel = {
  name: 'calendar',
  createTables: createCalendarTables,
  begin: beginCalendar,
};

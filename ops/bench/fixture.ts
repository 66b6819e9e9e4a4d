import { Temporal } from '../../domain/shared/time.ts';
import { createHttpClient, expectStatus } from './http-client.ts';

export const TIME_ZONE = 'Europe/Moscow';
const SLOT_MINUTES = 5;
/** Days ahead the slots spread over; the command refuses bookings more than 366 days ahead. */
const DAYS = 360;

export type BookingFixture = { token: string; branchId: string; serviceId: string; bayIds: string[] };

const everyDay = Object.fromEntries(
  ['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, { open: '00:00', close: '23:59', breaks: [] }]),
);

/**
 * Through the owner API, as a user would: a branch open round the clock on a 5-minute grid,
 * `bays` lifts and a 5-minute lift service without buffer.
 */
export const createBookingFixture = async (url: string, owner: { email: string; password: string }, bays: number) => {
  const anonymous = createHttpClient(url);
  const login = expectStatus(await anonymous.request('POST', '/api/auth/login', owner), 200, 'login');
  anonymous.close();
  const token = login.json<{ token: string }>().token;
  const api = createHttpClient(url, { token });
  try {
    const branch = expectStatus(
      await api.request('POST', '/api/branches', {
        name: 'Bench branch',
        timeZone: TIME_ZONE,
        hours: everyDay,
        slotStepMinutes: SLOT_MINUTES,
        bookingHorizonDays: 365,
        changeNoticeMinutes: 0,
      }),
      201,
      'create branch',
    ).json<{ id: string }>();
    const bayIds: string[] = [];
    for (let i = 0; i < bays; i++) {
      const bay = expectStatus(
        await api.request('POST', '/api/bays', { branchId: branch.id, name: `Lift ${i + 1}`, kinds: ['lift'] }),
        201,
        'create bay',
      ).json<{ id: string }>();
      bayIds.push(bay.id);
    }
    const service = expectStatus(
      await api.request('POST', '/api/services', {
        branchId: branch.id,
        name: 'Bench check',
        durationMinutes: SLOT_MINUTES,
        bufferMinutes: 0,
        bayKind: 'lift',
      }),
      201,
      'create service',
    ).json<{ id: string }>();
    return { token, branchId: branch.id, serviceId: service.id, bayIds } satisfies BookingFixture;
  } finally {
    api.close();
  }
};

/**
 * `count` distinct future starts. Consecutive ones fall on different days, so requests in flight
 * together touch different schedule streams and none has to retry on a version conflict.
 */
export const futureSlots = (count: number): string[] => {
  const perDay = (24 * 60 - 1) / SLOT_MINUTES; // the last 5-minute visit must end by 23:59
  if (count > DAYS * Math.floor(perDay)) throw new Error(`at most ${DAYS * Math.floor(perDay)} distinct slots`);
  const firstDay = Temporal.Now.plainDateISO(TIME_ZONE).add({ days: 2 });
  const days = Array.from({ length: DAYS }, (_, i) => firstDay.add({ days: i }));
  return Array.from({ length: count }, (_, i) => {
    const minutes = Math.floor(i / DAYS) * SLOT_MINUTES;
    const time = new Temporal.PlainTime(Math.floor(minutes / 60), minutes % 60);
    return days[i % DAYS]!.toZonedDateTime({ timeZone: TIME_ZONE, plainTime: time }).toString({
      timeZoneName: 'never',
      smallestUnit: 'minute',
    });
  });
};

/** A booking body for one slot; each gets its own client (phone), as distinct callers would. */
export const bookingBody = (fixture: BookingFixture, start: string, index: number) => ({
  branchId: fixture.branchId,
  serviceId: fixture.serviceId,
  start,
  client: { name: `Bench client ${index}`, phone: `+7999${String(index).padStart(7, '0')}` },
  car: { make: 'Lada', model: 'Vesta', plate: `A${String(index % 1000).padStart(3, '0')}AA77` },
});

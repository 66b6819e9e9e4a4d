import type { BookingChannel, CancelReason } from '../booking/booking.ts';

// ───────────────────────────── The demo branch's week ─────────────────────────────
// A station evaluating Zero-CRM sees a lived-in week rather than empty columns: the past six days
// worked through (done, cancelled, a no-show, confirmations fast and slow), today under way, and
// the next two days booked. Everything here is invented; any match with a real person is chance.

export const DEMO_BRANCH_NAME = 'Демо-филиал (пример)';

export type DemoClient = {
  readonly name: string;
  /** E.164; the 900 000 range keeps them apart from the station's own clients' numbers. */
  readonly phone: string;
  readonly car: { readonly make: string; readonly model: string; readonly plate: string };
};

export const demoClients: readonly DemoClient[] = [
  { name: 'Иванов Сергей Петрович', phone: '+79000000101', car: { make: 'Lada', model: 'Vesta', plate: 'А123ВС777' } },
  { name: 'Смирнова Ольга', phone: '+79000000102', car: { make: 'Kia', model: 'Rio', plate: 'В456ОР750' } },
  { name: 'Кузнецов Андрей', phone: '+79000000103', car: { make: 'Hyundai', model: 'Solaris', plate: 'Е789КМ199' } },
  { name: 'Попова Мария Игоревна', phone: '+79000000104', car: { make: 'Skoda', model: 'Octavia', plate: 'К321МН777' } },
  { name: 'Васильев Дмитрий', phone: '+79000000105', car: { make: 'Toyota', model: 'Camry', plate: 'М654ОТ750' } },
  { name: 'Соколова Анна', phone: '+79000000106', car: { make: 'Renault', model: 'Logan', plate: 'Н987РС197' } },
  { name: 'Михайлов Игорь', phone: '+79000000107', car: { make: 'Volkswagen', model: 'Polo', plate: 'О147СТ777' } },
  { name: 'Новикова Екатерина', phone: '+79000000108', car: { make: 'Nissan', model: 'Qashqai', plate: 'Р258ТУ799' } },
  { name: 'Фёдоров Алексей', phone: '+79000000109', car: { make: 'Lada', model: 'Granta', plate: 'С369УХ750' } },
  { name: 'Морозова Татьяна', phone: '+79000000110', car: { make: 'Haval', model: 'Jolion', plate: 'Т741ХА777' } },
  { name: 'Волков Павел', phone: '+79000000111', car: { make: 'Mitsubishi', model: 'Outlander', plate: 'У852АВ197' } },
  { name: 'Лебедева Наталья', phone: '+79000000112', car: { make: 'Chery', model: 'Tiggo 7', plate: 'Х963ВЕ799' } },
];

/** What became of a visit: where it stands now. */
export type DemoFate = 'New' | 'Confirmed' | 'InProgress' | 'Done' | { readonly cancelled: CancelReason };

export type DemoVisit = {
  /** Days from today, in the branch's zone. */
  readonly day: number;
  readonly time: `${number}:${number}`;
  readonly service: string;
  readonly client: number;
  readonly channel: BookingChannel;
  /** Minutes from the request to the manager's confirmation (or cancellation): some beyond the target. */
  readonly answeredAfter: number;
  /** Days before the visit the client asked. */
  readonly askedDaysBefore: number;
  readonly fate: DemoFate;
};

const visit = (
  day: number,
  time: `${number}:${number}`,
  service: string,
  client: number,
  channel: BookingChannel,
  fate: DemoFate,
  answeredAfter = 15,
  askedDaysBefore = 1,
): DemoVisit => ({ day, time, service, client, channel, fate, answeredAfter, askedDaysBefore });

/**
 * The week, in the general-repair template's services. Today's visits are planned with no fate:
 * where they stand depends on the hour the demo is made (see demoFateToday).
 */
export const demoVisits: readonly DemoVisit[] = [
  visit(-6, '09:00', 'Замена масла', 0, 'telegram', 'Done', 10, 2),
  visit(-6, '11:00', 'Развал-схождение', 1, 'phone', 'Done', 5),
  visit(-6, '14:00', 'Компьютерная диагностика', 2, 'telegram', { cancelled: 'client_request' }, 40),
  visit(-5, '10:00', 'Замена тормозных колодок', 3, 'phone', 'Done', 20, 3),
  visit(-5, '12:00', 'Диагностика ходовой', 4, 'telegram', 'Done', 75),
  visit(-5, '16:00', 'Замена масла', 5, 'telegram', { cancelled: 'no_show' }, 15),
  visit(-4, '09:00', 'Замена ремня ГРМ', 6, 'phone', 'Done', 10, 4),
  visit(-4, '13:00', 'Ремонт электрики', 7, 'telegram', 'Done', 25),
  visit(-3, '10:00', 'Замена масла', 8, 'telegram', 'Done', 120, 2),
  visit(-3, '15:00', 'Развал-схождение', 0, 'telegram', 'Done', 8),
  visit(-2, '09:00', 'Компьютерная диагностика', 9, 'phone', 'Done', 5),
  visit(-2, '11:00', 'Замена тормозных колодок', 10, 'telegram', { cancelled: 'station' }, 30),
  visit(-2, '17:00', 'Замена масла', 11, 'telegram', 'Done', 50, 3),
  visit(-1, '10:00', 'Диагностика ходовой', 1, 'phone', 'Done', 12),
  visit(-1, '14:00', 'Ремонт электрики', 3, 'telegram', 'Done', 18),
  visit(0, '09:00', 'Замена масла', 4, 'telegram', 'Done', 20),
  visit(0, '11:00', 'Диагностика ходовой', 9, 'phone', 'Done', 10),
  visit(0, '13:00', 'Замена тормозных колодок', 2, 'telegram', 'Done', 35),
  visit(0, '15:00', 'Компьютерная диагностика', 5, 'phone', 'Done', 15),
  visit(0, '17:00', 'Развал-схождение', 8, 'telegram', 'Done', 25),
  visit(1, '10:00', 'Замена масла', 6, 'telegram', 'Confirmed', 10),
  visit(1, '12:00', 'Замена ремня ГРМ', 7, 'phone', 'Confirmed', 20),
  visit(1, '16:00', 'Диагностика ходовой', 11, 'telegram', 'New'),
  visit(2, '09:00', 'Развал-схождение', 10, 'telegram', 'New'),
  visit(2, '11:00', 'Замена тормозных колодок', 0, 'phone', 'Confirmed', 30),
  visit(2, '15:00', 'Ремонт электрики', 2, 'telegram', 'New'),
];

/**
 * Where one of today's visits stands at the minute the demo is made, so the board reads true: done
 * when it has ended, in the bay while it runs, confirmed when it is still ahead, and the last one
 * of the day left New for the manager to confirm.
 */
export const demoFateToday = (
  start: number,
  end: number,
  now: number,
  lastOfDay: boolean,
): 'Done' | 'InProgress' | 'Confirmed' | 'New' => {
  if (end <= now) return 'Done';
  if (start <= now) return 'InProgress';
  return lastOfDay ? 'New' : 'Confirmed';
};

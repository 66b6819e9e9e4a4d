import {
  boolean,
  dateTime,
  integer,
  list,
  nullableInteger,
  nullableText,
  obj,
  orNull,
  text,
  uuid,
  uuids,
  type Shape,
} from './shared.ts';

// ---- GET /api/cars/:plate: a car as its own record (core/cars/car-record.ts)
export const carParams = obj({ plate: { type: 'string', minLength: 1, maxLength: 40 } });

const carVisit = obj({
  bookingId: uuid,
  branchId: uuid,
  start: dateTime,
  status: text,
  serviceIds: uuids,
  clientId: uuid,
  clientName: nullableText,
  car: nullableText,
  workOrder: orNull(
    obj({
      id: uuid,
      number: integer,
      status: text,
      odometerKm: nullableInteger,
      totalKopecks: integer,
      lines: list(
        obj({
          kind: text,
          name: text,
          serviceId: { type: ['string', 'null'] },
          article: nullableText,
          quantityMilli: integer,
          amountKopecks: integer,
        }),
      ),
    }),
  ),
});

export const carRecord = obj({
  plate: text,
  make: nullableText,
  model: nullableText,
  year: nullableInteger,
  vin: nullableText,
  owners: list(obj({ clientId: uuid, name: nullableText, lastVisit: { type: ['string', 'null'] } })),
  visits: list(carVisit),
  readings: list(obj({ at: dateTime, km: integer })),
  /** Kilometres a day between the first and the last reading; null without two readings a week apart. */
  averageDailyKm: { type: ['number', 'null'] },
  /** Periodic works done on the car and when each is due again (by date, by odometer, or both). */
  maintenance: list(
    obj({
      serviceId: uuid,
      name: text,
      lastDone: dateTime,
      dueDate: nullableText,
      dueKm: nullableInteger,
      kmNow: nullableInteger,
      due: boolean,
    }),
  ),
});
export type CarRecordView = Shape<typeof carRecord>;

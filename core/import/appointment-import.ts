import type { Service } from '../../domain/catalog/catalog.ts';
import { bookingStreamName } from '../../domain/booking/booking.ts';
import { appointmentStart, sameCarOverlaps } from '../../domain/import/appointment-overlaps.ts';
import { readAppointmentSheet, type AppointmentRow, type AppointmentSheet } from '../../domain/import/appointment-rows.ts';
import { findBayByName, suggestService } from '../../domain/import/works-match.ts';
import { DomainError, isDomainError, type DomainErrorCode } from '../../domain/shared/errors.ts';
import { requireId, requireSingleLine } from '../../domain/shared/input-rules.ts';
import { MINUTE, overlaps } from '../../domain/shared/time.ts';
import type { BookingCommands } from '../booking/booking-commands.ts';
import { bookingIdFor } from '../booking/booking-id.ts';
import { branchCatalogOf } from '../booking/branch-catalog.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { Actor } from '../shared/actor.ts';
import { Refusal } from '../shared/refusal.ts';
import type { Vault } from '../vault/vault.ts';
import { readImportFile } from './read-file.ts';

export type AppointmentImportOptions = {
  fileName: string;
  sheet?: string;
  branchId: string;
  /** The station's answer to the works step: the file's words → a service id, or null to leave those rows out. */
  services?: Record<string, string | null>;
  /** Rows flagged as the same car at the same time as an earlier row that the station books anyway. */
  placeAnyway?: number[];
};

/** What became of one row of the diary. */
export type AppointmentOutcome =
  | { row: number; outcome: 'placed' | 'unchanged'; bookingId: string; start: string; bayId: string }
  | { row: number; outcome: 'conflict'; collidesWithRow: number | null; message: string }
  | { row: number; outcome: 'refused'; reason: string; message: string };

const FILE_NAME_MAX = 255;
const WORKS_ANSWERS_MAX = 1000;

/** Why the booking command refused a row, in the words the import report uses. */
const refusalMessages: Partial<Record<DomainErrorCode, string>> = {
  IN_PAST: 'The time is in the past',
  OUTSIDE_WORKING_HOURS: 'The visit does not fit the working hours of the branch',
  BAY_CANNOT_DO_SERVICE: 'This bay cannot do these works',
};

type Planned = { appointment: AppointmentRow; service: Service | null; bayId: string | null; sameCarAs: number | null };

/**
 * The diary of upcoming visits a station brings on day one: a preview (what each row becomes, which
 * works map to which service, which rows put one car in two places), then a commit that sends every
 * row through the same booking command as the panel, channel «import». A row's booking id comes from
 * the organization, the day and time, the client's keyed phone hash and the service, so importing the
 * file again, or the same diary in another format, books nothing twice.
 */
export const createAppointmentImport = (deps: {
  store: EventStore;
  vault: Vault;
  catalog: CatalogRepository;
  commands: Pick<BookingCommands, 'place'>;
}) => {
  const { store, vault, catalog, commands } = deps;

  const sheetOf = async (bytes: Uint8Array, options: AppointmentImportOptions) => {
    requireSingleLine(options.fileName, 'fileName', FILE_NAME_MAX, { required: true });
    requireId(options.branchId, 'branchId');
    const file = await readImportFile(bytes, options.fileName, { sheet: options.sheet });
    const sheet = readAppointmentSheet(file.rows);
    if (!sheet) {
      throw new Refusal(
        'invalid',
        'NOT_A_DIARY',
        'No header with the time, the phone and the works was found among the first rows: is this the diary of appointments?',
      );
    }
    if (sheet.appointments.length + sheet.rejections.length === 0) {
      throw new Refusal('invalid', 'FILE_NO_ROWS', 'The file has a header but no appointments under it');
    }
    return { file, sheet };
  };

  const answersOf = (options: AppointmentImportOptions, services: readonly Service[]) => {
    const answers = Object.entries(options.services ?? {});
    if (answers.length > WORKS_ANSWERS_MAX) throw new DomainError('VALIDATION', 'Too many works answers', { field: 'services' });
    for (const [, serviceId] of answers) {
      if (serviceId !== null && !services.some((service) => service.id === serviceId)) {
        throw new DomainError('NOT_FOUND', 'Service not found', { field: 'services', serviceId });
      }
    }
    return new Map(answers);
  };

  const plan = async (actor: Actor, sheet: AppointmentSheet, options: AppointmentImportOptions) => {
    const found = await branchCatalogOf(catalog, actor.orgId, options.branchId);
    const answers = answersOf(options, found.services);
    const serviceOf = (works: string): Service | null => {
      const answer = answers.get(works);
      if (answer === null) return null;
      if (answer !== undefined) return found.services.find((service) => service.id === answer) ?? null;
      return suggestService(works, found.services);
    };
    const flagged = new Map(
      sameCarOverlaps(sheet.appointments, (one) => serviceOf(one.works)?.durationMinutes ?? null, found.branch.timeZone).map(
        (overlap) => [overlap.row, overlap.overlapsRow],
      ),
    );
    const planned: Planned[] = sheet.appointments.map((appointment) => ({
      appointment,
      service: serviceOf(appointment.works),
      bayId: appointment.bay ? (findBayByName(appointment.bay, found.bays)?.id ?? null) : null,
      sameCarAs: flagged.get(appointment.row) ?? null,
    }));
    return { found, planned };
  };

  const bookingIdOf = async (actor: Actor, one: Planned, service: Service) => {
    const phoneHash = await vault.phoneHash(actor.orgId, one.appointment.phone);
    const key = `import:${one.appointment.date}T${one.appointment.time}:${phoneHash}:${service.id}`;
    return { key, bookingId: bookingIdFor(actor.orgId, key) };
  };

  const isBooked = async (bookingId: string) => (await store.readStream(bookingStreamName(bookingId))).version > 0;

  /** The upload → what each row would become; writes nothing. */
  const preview = async (actor: Actor, bytes: Uint8Array, options: AppointmentImportOptions) => {
    const { file, sheet } = await sheetOf(bytes, options);
    const { found, planned } = await plan(actor, sheet, options);
    const works = new Map<string, number[]>();
    for (const { appointment } of planned)
      works.set(appointment.works, [...(works.get(appointment.works) ?? []), appointment.row]);
    const answers = answersOf(options, found.services);
    return {
      fileName: options.fileName,
      format: file.format,
      sheets: file.sheets,
      sheet: file.sheet,
      headerRow: sheet.headerRow,
      works: [...works].map(([text, rows]) => ({
        text,
        rows,
        suggestedServiceId: suggestService(text, found.services)?.id ?? null,
        serviceId: planned.find((one) => one.appointment.works === text)?.service?.id ?? null,
        confirmed: answers.has(text),
      })),
      appointments: await Promise.all(
        planned.map(async (one) => ({
          row: one.appointment.row,
          date: one.appointment.date,
          time: one.appointment.time,
          name: one.appointment.name,
          bay: one.appointment.bay,
          bayId: one.bayId,
          works: one.appointment.works,
          serviceId: one.service?.id ?? null,
          sameCarAs: one.sameCarAs,
          alreadyBooked: one.service ? await isBooked((await bookingIdOf(actor, one, one.service)).bookingId) : false,
        })),
      ),
      rejections: sheet.rejections,
      unknownBays: [...new Set(planned.filter((one) => one.appointment.bay && !one.bayId).map((one) => one.appointment.bay!))],
    };
  };

  /** Every row through the booking command, in file order; a refused row is reported with the row it collides with. */
  const commit = async (actor: Actor, bytes: Uint8Array, options: AppointmentImportOptions) => {
    const { sheet } = await sheetOf(bytes, options);
    const { found, planned } = await plan(actor, sheet, options);
    const placeAnyway = new Set(options.placeAnyway ?? []);
    const booked: { row: number; bayId: string; from: number; to: number }[] = [];
    const outcomes: AppointmentOutcome[] = sheet.rejections.map(({ row, reason, message }) => ({
      row,
      outcome: 'refused' as const,
      reason,
      message,
    }));
    const refuse = (row: number, reason: string, message: string) => outcomes.push({ row, outcome: 'refused', reason, message });

    for (const one of planned) {
      const { appointment, service } = one;
      if (!service) {
        refuse(appointment.row, 'NO_SERVICE', 'The works were not matched to a service of the catalogue');
        continue;
      }
      if (appointment.bay && !one.bayId) {
        refuse(appointment.row, 'UNKNOWN_BAY', `No bay of the branch is called «${appointment.bay}»`);
        continue;
      }
      if (one.sameCarAs !== null && !placeAnyway.has(appointment.row)) {
        refuse(appointment.row, 'SAME_CAR', `The same car is booked at this time by row ${one.sameCarAs}`);
        continue;
      }
      const { key, bookingId } = await bookingIdOf(actor, one, service);
      const existed = await isBooked(bookingId);
      const start = appointmentStart(appointment, found.branch.timeZone);
      try {
        const summary = await commands.place(actor, {
          branchId: options.branchId,
          serviceIds: [service.id],
          start: new Date(start).toISOString(),
          ...(one.bayId ? { bayId: one.bayId } : {}),
          client: { name: appointment.name, phone: appointment.phone },
          ...(appointment.car ? { car: appointment.car } : {}),
          ...(appointment.comment ? { comment: appointment.comment } : {}),
          channel: 'import',
          idempotencyKey: key,
        });
        booked.push({ row: appointment.row, bayId: summary.bayId, from: start, to: Date.parse(summary.end) });
        outcomes.push({
          row: appointment.row,
          outcome: existed ? 'unchanged' : 'placed',
          bookingId: summary.id,
          start: summary.start,
          bayId: summary.bayId,
        });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        if (error.code === 'SLOT_TAKEN') {
          const wanted = { from: start, to: start + service.durationMinutes * MINUTE };
          const other = booked.find((earlier) => (!one.bayId || earlier.bayId === one.bayId) && overlaps(earlier, wanted));
          outcomes.push({
            row: appointment.row,
            outcome: 'conflict',
            collidesWithRow: other?.row ?? null,
            message: other ? `The time is taken by row ${other.row}` : 'The time is taken by a booking already in the CRM',
          });
        } else refuse(appointment.row, error.code, refusalMessages[error.code] ?? error.message);
      }
    }
    outcomes.sort((a, b) => a.row - b.row);
    const count = (outcome: AppointmentOutcome['outcome']) => outcomes.filter((one) => one.outcome === outcome).length;
    return {
      fileName: options.fileName,
      counts: {
        rows: outcomes.length,
        placed: count('placed'),
        unchanged: count('unchanged'),
        conflicts: count('conflict'),
        refused: count('refused'),
      },
      rows: outcomes,
    };
  };

  return { preview, commit };
};

export type AppointmentImport = ReturnType<typeof createAppointmentImport>;

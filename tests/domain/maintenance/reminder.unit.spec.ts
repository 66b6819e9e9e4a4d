import { describe, it } from 'vitest';
import {
  maintenanceReminderDecider,
  type MaintenanceReminderCommand,
  type MaintenanceReminderEvent,
} from '../../../domain/maintenance/reminder.ts';
import { deciderSpec } from '../../support/given-when-then.ts';

const spec = deciderSpec(maintenanceReminderDecider);

const now = '2027-08-01T06:00:00.000Z';
const metadata = { now, userId: null };
const reminderId = '0b5c3c1e-7c55-4b8e-a1d2-3f4e5a6b7c8d';
const clientId = '1c6d4d2f-8d66-4c9f-b2e3-4a5f6b7c8d9e';
const facts = {
  reminderId,
  orgId: '2d7e5e3a-9e77-4da0-83f4-5b6a7c8d9eaf',
  branchId: '3e8f6f4b-af88-4eb1-94a5-6c7b8d9eafb0',
  clientId,
  serviceId: '4f9a7a5c-b099-4fc2-a5b6-7d8c9eafb0c1',
  lastBookingId: '5a0b8b6d-c1aa-4ad3-b6c7-8e9dafb0c1d2',
  dueBy: 'km' as const,
  dueDate: '2028-01-04',
  dueKm: 51_500,
  kmNow: 51_905,
  offeredStart: '2027-08-02T06:00:00.000Z',
};

const issue: MaintenanceReminderCommand = { type: 'IssueMaintenanceReminder', data: facts, metadata };
const issued: MaintenanceReminderEvent = { type: 'MaintenanceReminderIssued', data: { ...facts, issuedAt: now } };
const record = (bookingId: string, by = clientId): MaintenanceReminderCommand => ({
  type: 'RecordReminderBooking',
  data: { reminderId, clientId: by, bookingId, channel: 'telegram' },
  metadata,
});
const booked = (bookingId: string): MaintenanceReminderEvent => ({
  type: 'MaintenanceReminderBooked',
  data: { reminderId, bookingId, channel: 'telegram', bookedAt: now },
});
const BOOKING = '6b1c9c7e-d2bb-4be4-87d8-9faeb0c1d2e3';

describe('Maintenance reminder', () => {
  it('is issued once for a work done at one visit', () => {
    spec.given([]).when(issue).then([issued]);
    spec.given([issued]).when(issue).then([]);
  });

  it('records the booking it led to, once', () => {
    spec
      .given([issued])
      .when(record(BOOKING))
      .then([booked(BOOKING)]);
    spec
      .given([issued, booked(BOOKING)])
      .when(record(BOOKING))
      .then([]);
  });

  it('refuses a second, different booking from the same reminder', () => {
    spec
      .given([issued, booked(BOOKING)])
      .when(record('7c2dad8f-e3cc-4cf5-98e9-afbfc1d2e3f4'))
      .thenThrows('ILLEGAL_TRANSITION');
  });

  it('is not found by another client or before it was issued', () => {
    spec.given([issued]).when(record(BOOKING, '8d3ebe9a-f4dd-4d06-a9fa-b0c0d2e3f4a5')).thenThrows('NOT_FOUND');
    spec.given([]).when(record(BOOKING)).thenThrows('NOT_FOUND');
  });
});

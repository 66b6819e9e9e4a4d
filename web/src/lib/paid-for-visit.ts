import type { WorkOrder } from '../../../contract/work-orders.ts';
import { api } from './api';
import type { BookingDetails } from './types';

/**
 * What the client has paid for the visit, refunds taken off: cancelling it warns that this is to be
 * given back. 0 without a work order, or when it cannot be read (the warning is a help, not a
 * condition). `orderOpened`, when the caller knows it, spares asking for the booking first.
 */
export const paidForVisit = async (bookingId: string, orderOpened?: boolean): Promise<number> => {
  try {
    const opened = orderOpened ?? (await api<BookingDetails>(`/api/bookings/${bookingId}`)).workOrderOpened;
    return opened ? (await api<WorkOrder>(`/api/bookings/${bookingId}/work-order`)).totals.paid : 0;
  } catch {
    return 0;
  }
};

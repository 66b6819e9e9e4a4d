import { DomainError } from '../shared/errors.ts';
import type { WorkOrderCommand } from './business-logic.ts';

/**
 * What the work order of a cancelled visit still takes: giving the client's money back, and ending
 * an invoice sent before (withdrawn, or its money booked when it came in anyway, to be given back).
 * No work, parts, approvals or new payments for a visit that will not happen; a payment the provider
 * confirms online comes on its own path and is always booked, as the money did arrive.
 */
const MONEY_BACK: ReadonlySet<WorkOrderCommand['type']> = new Set(['RefundPayment', 'SettleInvoice', 'CancelInvoice']);

export const visitCancelled = (): DomainError =>
  new DomainError('VISIT_CANCELLED', 'The visit was cancelled: its work order only gives the client’s money back');

export const assertTakenOnCancelledVisit = (type: WorkOrderCommand['type']): void => {
  if (!MONEY_BACK.has(type)) throw visitCancelled();
};

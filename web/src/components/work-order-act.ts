import type { QRL } from '@builder.io/qwik';

/**
 * One change of the work order from the card: the request, the words said when it went through,
 * and the refusals' words of this change where a code means something particular here (an
 * over-due sum is another thing in a payment than in a refund). Answers whether it went through.
 */
export type WorkOrderChange = {
  path: string;
  body?: unknown;
  method?: 'POST' | 'DELETE';
  done: string;
  problems?: Record<string, string>;
};

export type ActOnOrder = QRL<(change: WorkOrderChange) => Promise<boolean>>;

/** Whether the order's lines can still change (the domain's rule: until the work is done). */
export const linesEditable = (status: string) => status === 'Draft' || status === 'Agreed' || status === 'InWork';

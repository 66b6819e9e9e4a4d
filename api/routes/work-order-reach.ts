import { DomainError } from '../../domain/shared/errors.ts';

/** Another branch's order is not found, like an unknown one: a 403 would say it exists. */
export const assertOrderVisible = (session: { branchIds: readonly string[] | null }, branchId: string, id: string) => {
  if (session.branchIds !== null && !session.branchIds.includes(branchId)) {
    throw new DomainError('NOT_FOUND', 'Work order not found', { workOrderId: id });
  }
};

import { api, ApiError } from './api';
import type { Service } from './types';

/**
 * A branch's services with the switched-off ones too (`all=true`), so old bookings still name theirs.
 * The flag may become owner-only: a role refused it gets the active services, which is all it may book.
 */
export const servicesWithRetired = async (branchId: string): Promise<Service[]> => {
  try {
    return await api<Service[]>(`/api/services?branchId=${branchId}&all=true`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return api<Service[]>(`/api/services?branchId=${branchId}`);
    throw error;
  }
};

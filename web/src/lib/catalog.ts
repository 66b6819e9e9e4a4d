import { api } from './api';
import type { Service } from './types';

/** A branch's services with the switched-off ones too (`all=true`), so old bookings still name theirs. */
export const servicesWithRetiredPath = (branchId: string) => `/api/services?branchId=${branchId}&all=true`;

export const servicesWithRetired = (branchId: string): Promise<Service[]> => api<Service[]>(servicesWithRetiredPath(branchId));

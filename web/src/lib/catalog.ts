import { api } from './api';
import type { Service } from './types';

/** A branch's services with the switched-off ones too (`all=true`), so old bookings still name theirs. */
export const servicesWithRetired = (branchId: string): Promise<Service[]> =>
  api<Service[]>(`/api/services?branchId=${branchId}&all=true`);

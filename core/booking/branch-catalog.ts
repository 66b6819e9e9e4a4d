import { DomainError } from '../../domain/shared/errors.ts';
import type { BranchCatalog, CatalogRepository } from '../catalog/catalog-repository.ts';

/** The catalogue (branch, bays, services) a booking command works from; an unknown branch is NOT_FOUND. */
export const branchCatalogOf = async (catalog: CatalogRepository, orgId: string, branchId: string): Promise<BranchCatalog> => {
  const found = await catalog.forBranch(orgId, branchId);
  if (!found) throw new DomainError('NOT_FOUND', 'Branch not found', { branchId });
  return found;
};

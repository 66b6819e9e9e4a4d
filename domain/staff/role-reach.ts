import { DomainError } from '../shared/errors.ts';

/** Owners and compliance officers answer for the whole organization: no branch limits them. */
export const reachesEveryBranch = (role: string) => role === 'owner' || role === 'compliance';

/**
 * Branches named for an owner or a compliance officer would be shown on their account and never
 * hold (they reach every branch): refused in words rather than kept as a limit that is not one.
 */
export const refuseBranchesOfWholeOrganization = (role: string, branchIds: readonly string[] | undefined) => {
  if (reachesEveryBranch(role) && branchIds !== undefined && branchIds.length > 0) {
    throw new DomainError('VALIDATION', 'An owner or a compliance officer works for the whole organization: name no branches', {
      field: 'branchIds',
    });
  }
};

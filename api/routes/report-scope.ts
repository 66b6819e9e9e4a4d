import type { FastifyRequest } from 'fastify';
import { realBranchIds } from '../../core/setup/demo-registry.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { daysBetween } from '../../projections/kpi/index.ts';
import type { AppDeps } from '../deps.ts';
import { assertBranch, sessionOf } from '../plugins/auth.ts';

/** A report's period of branch-local days and its branches, as the request named them. */
export type ReportScope = {
  orgId: string;
  /** Null: every branch of the organization (it has no demo to leave out). */
  branchIds: string[] | null;
  /** No branch was named and the user sees every branch: the whole station. */
  wholeStation: boolean;
  from: string;
  to: string;
  /** The named branch's zone, else the first visible branch's. */
  timeZone: string;
};

const FALLBACK_ZONE = 'Europe/Moscow';

/** The longest period a report covers: a year, leap day included. */
const MAX_REPORT_DAYS = 366;

/** A report's period: `from` not after `to`, at most a year of days. */
export const assertReportPeriod = (from: string, to: string) => {
  if (from > to) throw new DomainError('VALIDATION', '"from" must not be after "to"', { field: 'from' });
  if (daysBetween(from, to) > MAX_REPORT_DAYS) {
    throw new DomainError('VALIDATION', `A period is at most ${MAX_REPORT_DAYS} days`, { field: 'to' });
  }
};

/**
 * The scope of a period report (money, delivery rates): the named branch (one the user may see) or
 * every branch the user sees, where «every branch» is the station's own, without a demo; days in
 * that branch's zone (the first visible branch's when none is named). A period that ends before it
 * starts, or spans more than a year, is refused.
 */
export const reportScopeOf = async (
  { reports, catalog }: Pick<AppDeps, 'reports' | 'catalog'>,
  request: FastifyRequest,
  query: { branchId?: string; from: string; to: string },
): Promise<ReportScope> => {
  const session = sessionOf(request);
  const { branchId, from, to } = query;
  if (branchId) assertBranch(session, branchId);
  assertReportPeriod(from, to);
  const branches = (await catalog.listBranches(session.orgId)).filter((branch) =>
    branchId ? branch.id === branchId : session.branchIds === null || session.branchIds.includes(branch.id),
  );
  if (branchId && branches.length === 0) throw new DomainError('NOT_FOUND', 'Branch not found', { branchId });
  const branchIds = branchId ? [branchId] : (session.branchIds ?? (await realBranchIds(reports, session.orgId)));
  return {
    orgId: session.orgId,
    branchIds,
    wholeStation: !branchId && session.branchIds === null,
    from,
    to,
    timeZone: branches[0]?.timeZone ?? FALLBACK_ZONE,
  };
};

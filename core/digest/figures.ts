import type { Pool } from 'pg';
import type { Branch } from '../../domain/catalog/catalog.ts';
import { digestKeys, type Digest, type DigestFigure, type DigestKey, type DigestSection } from '../../domain/kpi/digest-text.ts';
import { getKpiReport, type KpiReport } from '../../projections/kpi/index.ts';
import { READ_MODEL_SCHEMA } from '../../projections/schema.ts';

const figuresOf = (report: KpiReport): Record<DigestKey, DigestFigure> =>
  Object.fromEntries(
    digestKeys.map((key) => {
      const tile = report.tiles.find((candidate) => candidate.key === key);
      return [key, { value: tile?.value ?? null, previous: tile?.previous ?? null }];
    }),
  ) as Record<DigestKey, DigestFigure>;

/**
 * One day's figures from the KPI read models, through the same report the KPI page reads (the
 * day against the day before): the whole organization, then each branch when there are several.
 */
export const buildDigest = async (
  pool: Pool,
  organization: { id: string; name: string },
  branches: Branch[],
  day: string,
  nowMs: number,
): Promise<Digest> => {
  const sectionOf = async (branch: Branch | null, branchIds: string[] | null): Promise<DigestSection> => {
    const report = await getKpiReport(pool, {
      orgId: organization.id,
      schema: READ_MODEL_SCHEMA,
      branchIds,
      managerId: null,
      from: day,
      to: day,
      groupBy: 'day',
      now: nowMs,
    });
    return { branch: branch?.name ?? null, figures: figuresOf(report) };
  };
  const only = branches.length === 1 ? branches[0]! : null;
  const sections = [only ? await sectionOf(only, [only.id]) : await sectionOf(null, null)];
  if (!only) for (const branch of branches) sections.push(await sectionOf(branch, [branch.id]));
  return { organization: organization.name, day, sections };
};

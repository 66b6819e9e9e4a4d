import type { Pool } from 'pg';
import { defaultTexts, textKeys, type TextKey } from '../../domain/compliance/notice.ts';

export type ComplianceText = { key: TextKey; title: string; text: string; isDefault: boolean; updatedAt: string | null };

/** The station's own wording of the notices and acts, over the defaults in domain/compliance/notice.ts. */
export const createComplianceTexts = (pool: Pool, now: () => number) => {
  const all = async (orgId: string): Promise<Record<TextKey, ComplianceText>> => {
    const [{ rows }, org] = await Promise.all([
      pool.query<{ key: string; text: string; updated_at: Date }>(
        'SELECT key, text, updated_at FROM compliance_texts WHERE org_id = $1',
        [orgId],
      ),
      pool.query<{ name: string }>('SELECT name FROM organizations WHERE id = $1', [orgId]),
    ]);
    const organization = org.rows[0]?.name ?? '';
    const stored = new Map(rows.map((row) => [row.key, row]));
    return Object.fromEntries(
      textKeys.map((key) => {
        const own = stored.get(key);
        return [
          key,
          {
            key,
            title: defaultTexts[key].title,
            text: (own?.text ?? defaultTexts[key].text).replaceAll('{organization}', organization),
            isDefault: !own,
            updatedAt: own ? own.updated_at.toISOString() : null,
          },
        ];
      }),
    ) as Record<TextKey, ComplianceText>;
  };

  const put = async (orgId: string, key: TextKey, text: string, userId: string | null) => {
    await pool.query(
      `INSERT INTO compliance_texts (org_id, key, text, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (org_id, key) DO UPDATE SET text = EXCLUDED.text, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [orgId, key, text, new Date(now()), userId],
    );
  };

  return { all, put };
};

export type ComplianceTexts = ReturnType<typeof createComplianceTexts>;

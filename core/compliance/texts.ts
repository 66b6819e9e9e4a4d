import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { defaultTexts, textKeys, type TextKey } from '../../domain/compliance/notice.ts';

type OrganizationRow = {
  name: string;
  legal_name: string | null;
  inn: string | null;
  ogrn: string | null;
  legal_address: string | null;
};

/**
 * The operator as the station's documents name it: the legal name, ИНН, ОГРН and address the owner
 * keeps in the document settings; while they are missing, the station's name and where to fill them in.
 */
const operatorLine = (org: OrganizationRow | undefined): string => {
  if (!org) return '';
  const parts = [
    org.legal_name?.trim() || org.name,
    org.inn?.trim() ? `ИНН ${org.inn.trim()}` : '',
    org.ogrn?.trim() ? `ОГРН ${org.ogrn.trim()}` : '',
    org.legal_address?.trim() ?? '',
  ].filter(Boolean);
  return parts.length > 1 ? parts.join(', ') : `${parts[0]}. Адрес, ИНН и ОГРН укажите в настройках документов.`;
};

/**
 * A text as people are shown it (`{organization}` and `{operator}` filled in). `version` names the station's
 * wording by the time it was saved (null for the default); `sha256` is of `text` exactly, so a
 * consent can prove which wording the person saw.
 */
export type ComplianceText = {
  key: TextKey;
  title: string;
  text: string;
  isDefault: boolean;
  updatedAt: string | null;
  version: string | null;
  sha256: string;
};

/** The station's own wording of the consent for one purpose. */
export type StationConsent = { purpose: string; text: string; version: string; sha256: string };

/** The key of the consent text for a purpose, e.g. `consent-personal-data`. */
export const consentTextKey = (purpose: string) => `consent-${purpose}`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The station's own wording of the notices, consents and acts, over the defaults in domain/compliance/notice.ts. */
export const createComplianceTexts = (pool: Pool, now: () => number) => {
  const all = async (orgId: string): Promise<Record<TextKey, ComplianceText>> => {
    const [{ rows }, org] = await Promise.all([
      pool.query<{ key: string; text: string; updated_at: Date }>(
        'SELECT key, text, updated_at FROM compliance_texts WHERE org_id = $1',
        [orgId],
      ),
      pool.query<OrganizationRow>('SELECT name, legal_name, inn, ogrn, legal_address FROM organizations WHERE id = $1', [orgId]),
    ]);
    const organization = org.rows[0]?.name ?? '';
    const operator = operatorLine(org.rows[0]);
    const stored = new Map(rows.map((row) => [row.key, row]));
    return Object.fromEntries(
      textKeys.map((key) => {
        const own = stored.get(key);
        const text = (own?.text ?? defaultTexts[key].text)
          .replaceAll('{organization}', organization)
          .replaceAll('{operator}', operator);
        const updatedAt = own ? own.updated_at.toISOString() : null;
        return [
          key,
          { key, title: defaultTexts[key].title, text, isDefault: !own, updatedAt, version: updatedAt, sha256: sha256(text) },
        ];
      }),
    ) as Record<TextKey, ComplianceText>;
  };

  /** The station's consent wording for `purpose`, or null while it shows the default one. */
  const consent = async (orgId: string, purpose: string): Promise<StationConsent | null> => {
    const { rows } = await pool.query<{ text: string; updated_at: Date; organization: string }>(
      `SELECT t.text, t.updated_at, o.name AS organization
         FROM compliance_texts t JOIN organizations o ON o.id = t.org_id
        WHERE t.org_id = $1 AND t.key = $2`,
      [orgId, consentTextKey(purpose)],
    );
    const own = rows[0];
    if (!own) return null;
    const text = own.text.replaceAll('{organization}', own.organization);
    return { purpose, text, version: own.updated_at.toISOString(), sha256: sha256(text) };
  };

  const put = async (orgId: string, key: TextKey, text: string, userId: string | null) => {
    await pool.query(
      `INSERT INTO compliance_texts (org_id, key, text, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (org_id, key) DO UPDATE SET text = EXCLUDED.text, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [orgId, key, text, new Date(now()), userId],
    );
  };

  return { all, consent, put };
};

export type ComplianceTexts = ReturnType<typeof createComplianceTexts>;

import type { Pool } from 'pg';
import type { DigestLanguage } from '../../domain/kpi/digest-text.ts';

export type DigestChannel = 'telegram' | 'email';

export type DigestSettings = {
  enabled: boolean;
  /** HH:MM, local time of the organization. */
  time: string;
  channels: Record<DigestChannel, boolean>;
  language: DigestLanguage;
};

/** An organization that never saved its settings gets no digest until the owner switches it on. */
export const DEFAULT_DIGEST_SETTINGS: DigestSettings = {
  enabled: false,
  time: '08:30',
  channels: { telegram: true, email: true },
  language: 'ru',
};

type Row = { org_id: string; enabled: boolean; send_at: string; telegram: boolean; email: boolean; language: DigestLanguage };

const toSettings = (row: Row): DigestSettings => ({
  enabled: row.enabled,
  time: row.send_at,
  channels: { telegram: row.telegram, email: row.email },
  language: row.language,
});

/** The owner's digest settings, one row per organization. */
export const createDigestSettings = (pool: Pool) => ({
  get: async (orgId: string): Promise<DigestSettings> => {
    const { rows } = await pool.query<Row>('SELECT * FROM digest_settings WHERE org_id = $1', [orgId]);
    return rows[0] ? toSettings(rows[0]) : DEFAULT_DIGEST_SETTINGS;
  },

  save: async (orgId: string, settings: DigestSettings, userId: string): Promise<DigestSettings> => {
    const { rows } = await pool.query<Row>(
      `INSERT INTO digest_settings (org_id, enabled, send_at, telegram, email, language, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (org_id) DO UPDATE SET enabled = EXCLUDED.enabled, send_at = EXCLUDED.send_at,
         telegram = EXCLUDED.telegram, email = EXCLUDED.email, language = EXCLUDED.language,
         updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [orgId, settings.enabled, settings.time, settings.channels.telegram, settings.channels.email, settings.language, userId],
    );
    return toSettings(rows[0]!);
  },

  /** Organizations with the digest switched on and at least one channel chosen. */
  enabled: async (): Promise<(DigestSettings & { orgId: string; organization: string })[]> => {
    const { rows } = await pool.query<Row & { organization: string }>(
      `SELECT s.*, o.name AS organization FROM digest_settings s JOIN organizations o ON o.id = s.org_id
        WHERE s.enabled AND (s.telegram OR s.email) ORDER BY s.org_id`,
    );
    return rows.map((row) => ({ ...toSettings(row), orgId: row.org_id, organization: row.organization }));
  },
});

export type DigestSettingsStore = ReturnType<typeof createDigestSettings>;

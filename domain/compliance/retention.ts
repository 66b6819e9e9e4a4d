// ───────────────────────────── Retention rules ─────────────────────────────
// How long each kind of data is kept once its purpose is served. The station switches rules on
// and sets the days; the nightly run applies every rule that is on and records what it did.

export type RetentionRule = 'inactive-clients' | 'abandoned-drafts' | 'bot-sessions' | 'expired-acts';

export type RetentionSetting = { rule: RetentionRule; days: number; enabled: boolean; description: string };

export const defaultRetention: Record<RetentionRule, Omit<RetentionSetting, 'rule'>> = {
  // Off until the station decides: erasing clients is not undone.
  'inactive-clients': {
    days: 3 * 365,
    enabled: false,
    description: 'Клиенты без записей и визитов дольше срока уничтожаются (с актом, причина — истечение срока хранения)',
  },
  'abandoned-drafts': { days: 1, enabled: true, description: 'Незавершённые черновики записи в боте удаляются через сутки' },
  'bot-sessions': { days: 7, enabled: true, description: 'Состояние диалога с ботом удаляется через 7 дней без активности' },
  'expired-acts': {
    days: 0,
    enabled: true,
    description: 'Акты об уничтожении и выгрузки из журнала удаляются по истечении 3 лет хранения',
  },
};

export const retentionRules = Object.keys(defaultRetention) as RetentionRule[];
export const isRetentionRule = (rule: string): rule is RetentionRule => rule in defaultRetention;

export const MIN_DAYS: Record<RetentionRule, number> = {
  'inactive-clients': 180,
  'abandoned-drafts': 1,
  'bot-sessions': 1,
  'expired-acts': 0,
};

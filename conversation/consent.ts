import { createHash } from 'node:crypto';
import type { ComplianceTexts } from '../core/compliance/texts.ts';
import { CONSENT_NOTICE_VERSION, CONSENT_TEXT_LIMIT, defaultTexts } from '../domain/compliance/notice.ts';
import type { BotLog, Organization } from './context.ts';
import { languages, type Lang } from '../domain/shared/lang.ts';

/**
 * The consent to personal-data processing, a document of its own (152-FZ as of 1 Sep 2025): one
 * purpose per consent, never bundled with the booking, never pre-ticked. The event records the
 * notice version and the SHA-256 of the exact text the client saw, station name included, so any
 * change of wording is a new version. The station may write its own wording (the compliance
 * texts, key `consent-personal-data`); until it does, the defaults below are shown.
 */

export const PERSONAL_DATA = 'personal-data';
export const NOTICE_VERSION = CONSENT_NOTICE_VERSION;

/** Where the client gives the consent: a bot's «Согласен» button, or the booking page's tick. */
export type ConsentDoor = 'messenger' | 'web';

/**
 * The booking page's default wording: what it collects (no messenger id), how the consent is given
 * there (a tick, not a button) and withdrawn there (a button on the page, not a bot command).
 */
const WEB_WORDING: Record<Lang, [from: string, to: string][]> = {
  ru: [
    ['номера телефона, идентификатора в мессенджере,', 'номера телефона,'],
    ['командой /privacy.', 'на странице записи кнопкой «Отозвать согласие» или по телефону станции.'],
    ['Нажимая «Согласен», вы подтверждаете согласие.', 'Отмечая «Я даю согласие», вы подтверждаете согласие.'],
  ],
  en: [
    ['phone number, messenger id,', 'phone number,'],
    ['with /privacy.', 'on the booking page («Withdraw consent») or by phoning the station.'],
    ['By pressing «I agree» you give this consent.', 'By ticking «I consent» you give this consent.'],
  ],
};

const notices: Record<Lang, (station: string) => string> = {
  ru: (station) => defaultTexts['consent-personal-data'].text.replaceAll('{organization}', station),
  en: (station) =>
    [
      `Consent to personal data processing (version ${NOTICE_VERSION})`,
      '',
      `I consent to «${station}» car service processing my personal data: name, phone number, messenger id, ` +
        'car details (make, model, plate), service bookings and comments on them.',
      'Purpose: booking service visits and messages about the bookings (confirmation, changes, reminders).',
      'Operations: collection, recording, storage, correction, use, deletion. No transfer to third parties.',
      'The consent lasts until withdrawn. You can withdraw it at any time with /privacy.',
      '',
      'By pressing «I agree» you give this consent. It does not cover advertising.',
    ].join('\n'),
};

export type ConsentNotice = { purpose: string; version: string; text: string; hash: string };

export const consentNotice = (lang: Lang, station: string, door: ConsentDoor = 'messenger'): ConsentNotice => {
  const wording = notices[lang](station);
  const text = door === 'web' ? WEB_WORDING[lang].reduce((all, [from, to]) => all.replace(from, to), wording) : wording;
  return { purpose: PERSONAL_DATA, version: NOTICE_VERSION, text, hash: createHash('sha256').update(text).digest('hex') };
};

/**
 * The consent a client is shown now. The station's own wording is the binding one, so every
 * language gets it; without it, each language has its default.
 */
export const createConsentNotices = (texts: ComplianceTexts, log: BotLog) => {
  const stationNotice = async (org: Organization): Promise<ConsentNotice | null> => {
    const own = await texts.consent(org.id, PERSONAL_DATA);
    if (!own) return null;
    if (own.text.length > CONSENT_TEXT_LIMIT) {
      log.warn({ orgId: org.id, length: own.text.length }, 'station consent text exceeds one Telegram message; default shown');
      return null;
    }
    return { purpose: PERSONAL_DATA, version: own.version, text: own.text, hash: own.sha256 };
  };

  return {
    current: async (org: Organization, lang: Lang, door: ConsentDoor = 'messenger'): Promise<ConsentNotice> =>
      (await stationNotice(org)) ?? consentNotice(lang, org.name, door),
    /** Every notice a client can be looking at while it is current, whatever their language. */
    allCurrent: async (org: Organization, door: ConsentDoor = 'messenger'): Promise<ConsentNotice[]> => {
      const own = await stationNotice(org);
      return own ? [own] : languages.map((lang) => consentNotice(lang, org.name, door));
    },
  };
};

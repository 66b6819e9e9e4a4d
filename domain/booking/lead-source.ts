/**
 * Where a booking came from beyond its channel: the web page's UTM tags, or the payload of a bot
 * deep link printed as a QR at the counter or put behind a button on the station's site. Kept as
 * one short label («yandex / cpc / zima», «qr-counter») that the board and the reports show as it
 * is: no personal data can be in it, because only letters, digits and «._-» survive.
 */
export const LEAD_SOURCE_MAX = 120;
const PART_MAX = 40;

const cleanPart = (value: unknown): string =>
  typeof value === 'string'
    ? value
        .normalize('NFKC')
        .replace(/[^\p{L}\p{N}._-]+/gu, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, PART_MAX)
        .toLowerCase()
    : '';

/** The label of a page's UTM tags (source, medium, campaign), or null when none is usable. */
export const utmSource = (tags: { source?: unknown; medium?: unknown; campaign?: unknown }): string | null => {
  const parts = [cleanPart(tags.source), cleanPart(tags.medium), cleanPart(tags.campaign)].filter((part) => part !== '');
  return parts.length > 0 ? parts.join(' / ').slice(0, LEAD_SOURCE_MAX) : null;
};

/** The label of a deep link's payload («qr-counter»), or null when nothing usable is left of it. */
export const linkSource = (payload: unknown): string | null => cleanPart(payload) || null;

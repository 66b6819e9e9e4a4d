import type { Lang } from '../i18n';
import { titleTexts, type PageName } from '../texts/titles';

const isPage = (name: string): name is PageName => name in titleTexts.ru;

/** Pages the station's clients open: theirs, not the software's, so no vendor in the title. */
const CLIENT_PAGES = new Set<string>(['book']);

/**
 * The tab's title for a path (« · Zero-CRM» after the page's own on staff pages): root.tsx renders
 * it in the person's language, again on every language switch.
 */
export const documentTitle = (pathname: string, lang: Lang): string => {
  const [first = '', second = ''] = pathname.split('/').slice(1);
  // A sub-page with a title of its own («import/appointments») wins over its section's.
  const page = isPage(`${first}/${second}`) ? `${first}/${second}` : first;
  if (!isPage(page)) return 'Zero-CRM';
  return CLIENT_PAGES.has(page) ? titleTexts[lang][page] : `${titleTexts[lang][page]} · Zero-CRM`;
};

import type { Lang } from '../i18n';
import { logDetailTexts } from '../texts/log-details';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An audit entry's details as a person reads them («поиск по телефону · найдено: 1»), never
 * `query: text, results: 1` or ids. `names` maps known words (purposes, roles) to the page's texts.
 */
export const logDetailsWords = (details: Record<string, unknown>, lang: Lang, names: Record<string, string> = {}): string => {
  const w = logDetailTexts[lang];
  const fill = (template: string, value: unknown) => template.replace(/\{[nv]\}/, String(value));
  const words: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
    if (!text || ID.test(text) || key.endsWith('Id') || key === 'ip') continue;
    switch (key) {
      case 'query':
      case 'change':
      case 'stage':
      case 'by':
      case 'log':
        words.push(w[key][text] ?? text);
        break;
      case 'recorded':
      case 'changed':
      case 'enabled':
        words.push(w[key][text] ?? text);
        break;
      case 'results':
      case 'events':
      case 'entries':
      case 'days':
        words.push(fill(w[key], text));
        break;
      case 'format':
        words.push(fill(w.format, text.toUpperCase()));
        break;
      case 'delivery':
        words.push(fill(w.delivery, w.deliveries[text] ?? text));
        break;
      case 'reason':
        words.push(w.reason[text] ?? fill(w.reasonFree, names[text] ?? text));
        break;
      case 'role':
        words.push(fill(w.role, names[text] ?? text));
        break;
      default:
        words.push(names[text] ?? text);
    }
  }
  return words.join(' · ');
};

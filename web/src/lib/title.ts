import { useContext, useVisibleTask$ } from '@builder.io/qwik';
import { LangContext } from '../i18n';
import { titleTexts, type PageName } from '../texts/titles';

/** The tab's title, « · Zero-CRM» as root.tsx writes it, as the static head has it. */
const documentTitle = (title: string) => (title ? `${title} · Zero-CRM` : 'Zero-CRM');

/**
 * The static head is built once, in Russian; the title of the open page follows the language the
 * user picked (the saved choice on load, and every switch after).
 */
export const useDocumentTitle = (page: PageName) => {
  const lang = useContext(LangContext);
  useVisibleTask$(
    ({ track }) => {
      document.title = documentTitle(titleTexts[track(lang)][page]);
    },
    { strategy: 'document-ready' },
  );
};

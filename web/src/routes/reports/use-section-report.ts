import { useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { LangContext, TEXTS } from '../../i18n';
import { api, problemText } from '../../lib/api';

export type SectionReport<T> = { report: T | null; error: string; loading: boolean };

/**
 * A report section's data: GET `path` with the report page's period and branch query, asked again
 * whenever that query changes; an answer to an older query is dropped, a failure kept in words.
 */
export const useSectionReport = <T>(path: string, props: { query: string }): SectionReport<T> => {
  const lang = useContext(LangContext);
  const state = useStore<SectionReport<T>>({ report: null, error: '', loading: false });
  useVisibleTask$(
    async ({ track, cleanup }) => {
      const query = track(() => props.query);
      let cancelled = false;
      cleanup(() => (cancelled = true));
      state.loading = true;
      try {
        const report = await api<T>(`${path}?${query}`);
        if (cancelled) return;
        state.report = report;
        state.error = '';
      } catch (error) {
        if (!cancelled) state.error = problemText(error, TEXTS[lang.value].errors);
      } finally {
        if (!cancelled) state.loading = false;
      }
    },
    { strategy: 'document-ready' },
  );
  return state;
};

import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { LangContext, TEXTS, usePageTexts } from '../i18n';
import { api } from '../lib/api';
import { complianceTexts } from '../texts/compliance';
import { ListStatus, loadList, problem, rowKey, say, stamp, useCompliance } from './compliance-shared';

/** core/compliance/texts.ts: `version` is when the station saved its wording (null: the default). */
import type { StationText } from '../../../contract/compliance.ts';

export type { StationText };

type TextsState = {
  texts: StationText[];
  /** Counts the loads, for row keys (see rowKey). */
  load: number;
  editing: string;
  draft: string;
  busy: boolean;
  loaded: boolean;
  error: string;
  formError: string;
};

/** The station's wording of the notice to subjects and of the acts, each with its version and SHA-256. */
export const TextsTab = component$(() => {
  const page = useCompliance();
  const lang = useContext(LangContext);
  const tx = usePageTexts(complianceTexts);
  const state = useStore<TextsState>({
    texts: [],
    load: 0,
    editing: '',
    draft: '',
    busy: false,
    loaded: false,
    error: '',
    formError: '',
  });

  const load = $(() =>
    loadList(page, state, lang, async () => {
      state.texts = (await api<{ texts: StationText[] }>('/api/compliance/texts')).texts;
    }),
  );

  useVisibleTask$(() => load(), { strategy: 'document-ready' });

  const save = $(async () => {
    state.busy = true;
    state.formError = '';
    try {
      await api(`/api/compliance/texts/${state.editing}`, { method: 'PUT', body: { text: state.draft } });
      state.editing = '';
      say(page, complianceTexts[lang.value].saved, 'ok');
      await load();
    } catch (error) {
      state.formError = problem(error, lang.value);
    } finally {
      state.busy = false;
    }
  });

  const locale = TEXTS[lang.value].locale;
  return (
    <div class="cp-tab-body" data-texts data-ready={state.loaded ? 'yes' : 'no'}>
      <div class="cp-toolbar">
        <h2>{tx.texts.heading}</h2>
      </div>
      <p class="muted">{tx.texts.intro}</p>
      <ListStatus state={state} loading={tx.loading} />
      <ul class="cp-cards">
        {state.texts.map((text) => {
          return (
            <li key={rowKey(state.load, text.key)} class="cp-box" data-text-key={text.key}>
              <header class="cp-head">
                <h3>{text.title}</h3>
                {state.editing !== text.key && (
                  <button
                    type="button"
                    class="btn"
                    data-edit-text={text.key}
                    onClick$={() => {
                      state.editing = text.key;
                      state.draft = text.text;
                      state.formError = '';
                    }}
                  >
                    {tx.texts.edit}
                  </button>
                )}
              </header>
              <p class="muted cp-meta">
                <span data-text-version={text.version ?? ''}>
                  {tx.texts.version}: {text.version ? stamp(text.version, page.timeZone, locale) : tx.texts.defaultVersion}
                </span>
                <span>
                  {tx.texts.hash}:{' '}
                  <span class="cp-mono" data-text-hash={text.sha256}>
                    {text.sha256}
                  </span>
                </span>
              </p>
              {state.editing === text.key ? (
                <form class="cp-form-stack" preventdefault:submit onSubmit$={save}>
                  <textarea
                    rows={6}
                    required
                    maxLength={5000}
                    value={state.draft}
                    aria-label={text.title}
                    onInput$={(_, el) => (state.draft = el.value)}
                    data-text-draft
                  />
                  {state.formError && (
                    <p class="form-error" role="alert">
                      {state.formError}
                    </p>
                  )}
                  <div class="form-actions">
                    <button type="button" class="btn" onClick$={() => (state.editing = '')}>
                      {tx.cancel}
                    </button>
                    <button type="submit" class="btn btn-primary" disabled={state.busy} data-save-text>
                      {tx.save}
                    </button>
                  </div>
                </form>
              ) : (
                <p class="cp-text">{text.text}</p>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
});

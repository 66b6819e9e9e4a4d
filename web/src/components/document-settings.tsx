import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import type { DocumentSettingsView } from '../../../contract/document-settings';
import type { VatMode } from '../../../contract/work-orders';
import { LangContext, TEXTS, usePageTexts } from '../i18n';
import { api, ApiError, problemText } from '../lib/api';
import { kopecksOf, roublesText } from '../lib/roubles';
import { documentSettingsTexts } from '../texts/document-settings';

/** The modes in the order the texts name them (the texts must name every mode: `satisfies Record<VatMode, …>`). */
const vatModes = Object.keys(documentSettingsTexts.ru.vatModes) as VatMode[];

type Form = {
  vatMode: VatMode;
  legalName: string;
  inn: string;
  ogrn: string;
  legalAddress: string;
  phone: string;
  /** Rates as typed, by branch id. */
  rates: Record<string, string>;
};

type State = {
  ready: boolean;
  saving: boolean;
  branches: DocumentSettingsView['branches'];
  form: Form;
  note: { text: string; kind: 'ok' | 'error' } | null;
};

const formOf = (view: DocumentSettingsView, locale: string): Form => ({
  vatMode: view.vatMode,
  legalName: view.executor?.legalName ?? '',
  inn: view.executor?.inn ?? '',
  ogrn: view.executor?.ogrn ?? '',
  legalAddress: view.executor?.legalAddress ?? '',
  phone: view.executor?.phone ?? '',
  rates: Object.fromEntries(
    view.branches.map((b) => [b.branchId, b.hourlyRateKopecks === null ? '' : roublesText(b.hourlyRateKopecks, locale)]),
  ),
});

/**
 * What work orders price and print with (GET/PUT /api/settings/documents): the tax mode, the
 * station's details as the documents name the executor, and each branch's norm-hour rate in roubles.
 */
export const DocumentSettingsForm = component$(() => {
  const st = usePageTexts(documentSettingsTexts);
  const lang = useContext(LangContext);
  const state = useStore<State>({
    ready: false,
    saving: false,
    branches: [],
    form: { vatMode: 'none', legalName: '', inn: '', ogrn: '', legalAddress: '', phone: '', rates: {} },
    note: null,
  });

  const show = $((view: DocumentSettingsView) => {
    state.branches = view.branches;
    state.form = formOf(view, TEXTS[lang.value].locale);
    state.ready = true;
  });

  useVisibleTask$(
    async () => {
      try {
        await show(await api<DocumentSettingsView>('/api/settings/documents'));
      } catch (error) {
        state.note = { text: problemText(error, TEXTS[lang.value].errors), kind: 'error' };
      }
    },
    { strategy: 'document-ready' },
  );

  const save = $(async () => {
    const texts = documentSettingsTexts[lang.value];
    const { form } = state;
    const rates = state.branches.map((b) => {
      const typed = (form.rates[b.branchId] ?? '').trim();
      return { branchId: b.branchId, hourlyRateKopecks: typed === '' ? null : kopecksOf(typed) };
    });
    if (
      rates.some((rate, i) => rate.hourlyRateKopecks === null && (form.rates[state.branches[i]!.branchId] ?? '').trim() !== '')
    ) {
      state.note = { text: texts.badRate, kind: 'error' };
      return;
    }
    state.saving = true;
    try {
      const legalName = form.legalName.trim();
      const view = await api<DocumentSettingsView>('/api/settings/documents', {
        method: 'PUT',
        body: {
          vatMode: form.vatMode,
          rates,
          // No name yet: the details stay as they are (a document then names the station only by its branch).
          ...(legalName
            ? { executor: { legalName, inn: form.inn, ogrn: form.ogrn, legalAddress: form.legalAddress, phone: form.phone } }
            : {}),
        },
      });
      await show(view);
      state.note = { text: texts.saved, kind: 'ok' };
    } catch (error) {
      // The field the server refused, in words; anything else as the panel says it everywhere.
      const field = error instanceof ApiError ? (error.body?.field as string | undefined) : undefined;
      state.note = { text: (field && texts.fieldErrors[field]) || problemText(error, TEXTS[lang.value].errors), kind: 'error' };
    } finally {
      state.saving = false;
    }
  });

  const form = state.form;
  const text = (key: 'legalName' | 'inn' | 'ogrn' | 'legalAddress' | 'phone', max: number, mode?: 'numeric' | 'tel') => (
    <label class={key === 'legalName' || key === 'legalAddress' ? 'field field-full' : 'field'}>
      <span>{st[key]}</span>
      <input
        value={form[key]}
        maxLength={max}
        inputMode={mode}
        placeholder={key === 'legalName' ? st.legalNameHint : undefined}
        onInput$={(_, el) => (state.form[key] = el.value)}
        data-document-field={key}
      />
    </label>
  );

  return (
    <section class="panel-box" data-document-settings data-ready={state.ready ? 'yes' : 'no'}>
      <h2>{st.title}</h2>
      <p class="muted">{st.hint}</p>
      <form class="inline-form" preventdefault:submit onSubmit$={save}>
        <label class="field">
          <span>{st.vatMode}</span>
          <select onChange$={(_, el) => (state.form.vatMode = el.value as VatMode)} data-document-vat>
            {vatModes.map((mode) => (
              <option key={mode} value={mode} selected={form.vatMode === mode}>
                {st.vatModes[mode]}
              </option>
            ))}
          </select>
        </label>
        {text('legalName', 200)}
        {text('inn', 20, 'numeric')}
        {text('ogrn', 20, 'numeric')}
        {text('legalAddress', 300)}
        {text('phone', 40, 'tel')}
        {state.branches.map((branch) => (
          <label class="field" key={branch.branchId}>
            <span>
              {st.rates}
              {state.branches.length > 1 ? ` — ${branch.name}` : ''}
            </span>
            <input
              inputMode="decimal"
              value={form.rates[branch.branchId] ?? ''}
              placeholder={st.noRate}
              onInput$={(_, el) => (state.form.rates[branch.branchId] = el.value)}
              data-document-rate={branch.branchId}
            />
          </label>
        ))}
        <button type="submit" class="btn btn-primary" disabled={!state.ready || state.saving} data-document-save>
          {state.saving ? st.saving : st.save}
        </button>
      </form>
      {state.note && (
        <p
          class={state.note.kind === 'error' ? 'form-error' : 'muted'}
          role={state.note.kind === 'error' ? 'alert' : 'status'}
          data-document-note={state.note.kind}
        >
          {state.note.text}
        </p>
      )}
    </section>
  );
});

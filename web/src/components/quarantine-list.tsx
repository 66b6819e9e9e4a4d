import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import type { Quarantine } from '../../../contract/settings.ts';
import { fill, LangContext, TEXTS, usePageTexts } from '../i18n';
import { api, problemText } from '../lib/api';
import { quarantineTexts } from '../texts/quarantine';
import { stamp } from './compliance-shared';

type State = { ready: boolean; view: Quarantine | null; error: string };

/**
 * Events a follower set aside so the rest kept flowing (GET /api/quarantine, owner only): when, which
 * part of the system, which kind of record and why, in words. Nothing the owner need not read (no
 * ids, no codes, no raw errors).
 */
export const QuarantineList = component$(() => {
  const qt = usePageTexts(quarantineTexts);
  const lang = useContext(LangContext);
  const state = useStore<State>({ ready: false, view: null, error: '' });

  const load = $(async () => {
    try {
      state.view = await api<Quarantine>('/api/quarantine');
      state.error = '';
    } catch (error) {
      state.error = problemText(error, TEXTS[lang.value].errors);
    } finally {
      state.ready = true;
    }
  });

  useVisibleTask$(
    async () => {
      await load();
    },
    { strategy: 'document-ready' },
  );

  const view = state.view;
  const zone = view?.timeZone ?? 'Europe/Moscow';
  const locale = TEXTS[lang.value].locale;
  return (
    <section class="panel-box" data-quarantine data-ready={state.ready ? 'yes' : 'no'}>
      <h2>{qt.title}</h2>
      <p class="muted">{qt.hint}</p>
      {!state.ready && <p class="muted">{qt.loading}</p>}
      {state.error && (
        <p class="form-error" role="alert">
          {state.error}
        </p>
      )}
      {view && view.total === 0 && (
        <p class="muted" data-quarantine-none>
          {qt.none}
        </p>
      )}
      {view && view.total > 0 && (
        <>
          <p data-quarantine-count>
            <strong>{fill(qt.count, { n: view.total })}</strong>
            {view.total > view.items.length ? ` (${fill(qt.shown, { n: view.items.length })})` : ''}
          </p>
          <ul class="quarantine-list" data-quarantine-items>
            {view.items.map((item) => (
              <li key={`${item.follower}:${item.position}`} data-quarantine-item={item.kind}>
                <strong>{qt.streams[item.streamKind] ?? qt.otherStream}</strong>
                {' — '}
                {qt.kinds[item.kind] ?? qt.kinds.other}
                <br />
                <span class="muted">
                  {qt.followers[item.follower] ?? qt.otherFollower}
                  {' · '}
                  {stamp(item.quarantinedAt, zone, locale)}
                  {' · '}
                  {fill(qt.recorded, { at: stamp(item.recordedAt, zone, locale) })}
                  {item.retryRequested ? ` · ${qt.retrying}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
});

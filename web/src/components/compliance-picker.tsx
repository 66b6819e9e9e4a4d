import { $, component$, useContext, useStore, type QRL } from '@builder.io/qwik';
import { LangContext, TEXTS, usePageTexts } from '../i18n';
import { api, ApiError, problemText } from '../lib/api';
import { complianceTexts } from '../texts/compliance';

export type PickedClient = { id: string; name: string | null; phone: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds a client by name or phone (the staff search, /api/clients) or by a pasted id (the card,
 * which the officer may open). Each look-up is a logged access on the server.
 */
export const ClientPicker = component$((props: { onPick$: QRL<(client: PickedClient) => void>; name?: string }) => {
  const lang = useContext(LangContext);
  const tx = usePageTexts(complianceTexts);
  const state = useStore({ query: '', busy: false, searched: false, message: '', found: [] as PickedClient[] });

  const search = $(async () => {
    const query = state.query.trim();
    if (!query) return;
    state.busy = true;
    state.message = '';
    try {
      if (UUID.test(query)) {
        const card = await api<PickedClient>(`/api/clients/${query.toLowerCase()}`);
        state.found = [{ id: card.id, name: card.name, phone: card.phone }];
      } else {
        const { clients } = await api<{ clients: PickedClient[] }>(`/api/clients?q=${encodeURIComponent(query)}`);
        state.found = clients.map(({ id, name, phone }) => ({ id, name, phone }));
      }
    } catch (error) {
      state.found = [];
      const words = complianceTexts[lang.value].picker;
      state.message =
        error instanceof ApiError && error.status === 403
          ? words.denied
          : error instanceof ApiError && error.status === 404
            ? ''
            : problemText(error, TEXTS[lang.value].errors);
    } finally {
      state.busy = false;
      state.searched = true;
    }
  });

  return (
    <div class="cp-picker" data-client-picker={props.name}>
      <form class="cp-picker-row" preventdefault:submit onSubmit$={search}>
        <input
          type="search"
          value={state.query}
          placeholder={tx.picker.search}
          aria-label={tx.picker.search}
          autocomplete="off"
          onInput$={(_, el) => (state.query = el.value)}
          data-picker-query
        />
        <button type="submit" class="btn" disabled={state.busy} data-picker-find>
          {tx.picker.find}
        </button>
      </form>
      {state.message && (
        <p class="muted" role="status" data-picker-message>
          {state.message}
        </p>
      )}
      {state.searched && !state.busy && !state.message && state.found.length === 0 && <p class="muted">{tx.picker.none}</p>}
      {state.found.length > 0 && (
        <ul class="cp-picks" data-picker-results>
          {state.found.map((client) => (
            <li key={client.id}>
              <button
                type="button"
                class="btn btn-wide btn-left"
                data-pick={client.id}
                onClick$={async () => {
                  state.found = [];
                  state.searched = false;
                  state.query = '';
                  await props.onPick$(client);
                }}
              >
                <strong>{client.name ?? '—'}</strong>
                {client.phone && <span class="muted">{client.phone}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});

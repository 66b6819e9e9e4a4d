import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { routeLoader$ } from '@builder.io/qwik-city';
import { icon } from '../../components/icons';
import { SessionContext } from '../../components/session';
import { fill, LangContext, TEXTS, usePageTexts, useT } from '../../i18n';
import { api, problemText } from '../../lib/api';
import { readForRender } from '../../lib/render-context';
import type { Branch, ClientRow, Mechanic } from '../../lib/types';
import { telHref } from '../../lib/words';
import type { ClientList } from '../../../../contract/clients.ts';
import { clientTexts } from '../../texts/client';

type ClientsState = {
  query: string;
  /** Whose clients: '' every client, 'me', 'none' (nobody answers for them) or a person's id. */
  manager: string;
  people: Mechanic[];
  clients: ClientRow[];
  /** How many clients match in all; the list shows them a page at a time. */
  total: number;
  loading: boolean;
  error: string;
  searched: boolean;
  /** The first page came with the server's answer: the browser need not read it again. */
  rendered: boolean;
  /** Dates are the station's days (its first branch's zone); undefined until known. */
  timeZone?: string;
};

const dateText = (iso: string | null, locale: string, timeZone: string | undefined) =>
  iso ? new Date(iso).toLocaleDateString(locale, { timeZone }) : '—';
/** An imported date has no zone: read in the browser's zone it could show the day before. */
const plainDateText = (date: string | null, locale: string) =>
  date ? new Date(`${date}T00:00:00Z`).toLocaleDateString(locale, { timeZone: 'UTC' }) : '—';

/** One page of the search: the typed text, whose clients, and how many are already shown. */
const pageUrl = (query: string, manager: string, offset: number) =>
  `/api/clients?q=${encodeURIComponent(query)}${manager ? `&manager=${manager}` : ''}${offset ? `&offset=${offset}` : ''}`;

/**
 * The first page of every client, with the people it can be narrowed to, as the server first renders
 * it; null when it has no API to read. A role refused the people (the officer) keeps the whole list.
 */
export const useFirstClients = routeLoader$(async (event): Promise<Partial<ClientsState> | null> => {
  const [list, people, branches] = await Promise.all([
    readForRender<ClientList>(event, pageUrl('', '', 0)),
    readForRender<Mechanic[]>(event, '/api/managers'),
    readForRender<Branch[]>(event, '/api/branches'),
  ]);
  if (!list) return null;
  const { clients, total } = list;
  return {
    clients,
    total,
    people: people ?? [],
    loading: false,
    searched: true,
    rendered: true,
    timeZone: branches?.[0]?.timeZone,
  };
});

/** Search the station's clients by name, phone or plate; call one with a tap, open their card by the name. */
export default component$(() => {
  const t = useT();
  const ct = usePageTexts(clientTexts);
  const lang = useContext(LangContext);
  const session = useContext(SessionContext);
  const rendered = useFirstClients();
  const state = useStore<ClientsState>({
    query: '',
    manager: '',
    people: [],
    clients: [],
    total: 0,
    loading: true,
    error: '',
    searched: false,
    rendered: false,
    ...rendered.value,
  });

  const more = $(async () => {
    if (state.loading) return;
    const query = state.query.trim();
    const manager = state.manager;
    state.loading = true;
    try {
      const page = await api<ClientList>(pageUrl(query, manager, state.clients.length));
      if (state.query.trim() !== query || state.manager !== manager) return;
      const known = new Set(state.clients.map((client) => client.id));
      state.clients = [...state.clients, ...page.clients.filter((client) => !known.has(client.id))];
      if (page.clients.length) state.total = page.total;
    } catch (error) {
      state.error = problemText(error, TEXTS[lang.value].errors);
    } finally {
      state.loading = false;
    }
  });

  useVisibleTask$(
    async ({ track, cleanup }) => {
      const query = track(() => state.query).trim();
      const manager = track(() => state.manager);
      // The server rendered the first page of every client; a search typed before this ran is read.
      const first = state.rendered && query === '' && manager === '';
      state.rendered = false;
      if (first) return;
      let cancelled = false;
      cleanup(() => (cancelled = true));
      if (!state.timeZone)
        void api<Branch[]>('/api/branches').then(
          (branches) => (state.timeZone = branches[0]?.timeZone),
          () => undefined,
        );
      if (state.searched) await new Promise((resolve) => setTimeout(resolve, 250));
      if (cancelled) return;
      state.loading = true;
      try {
        // The people a list can be narrowed to come with the first page, so the page renders once; a
        // role that may not ask (the officer) is refused and keeps the whole list.
        const [{ clients, total }, people] = await Promise.all([
          api<ClientList>(pageUrl(query, manager, 0)),
          state.searched ? state.people : api<Mechanic[]>('/api/managers').catch(() => []),
        ]);
        if (cancelled) return;
        state.people = people;
        state.clients = clients;
        state.total = total;
        state.error = '';
      } catch (error) {
        if (!cancelled) state.error = problemText(error, TEXTS[lang.value].errors);
      } finally {
        if (!cancelled) {
          state.loading = false;
          state.searched = true;
        }
      }
    },
    { strategy: 'document-ready' },
  );

  const listClass = state.searched && !state.loading ? 'client-list is-ready' : 'client-list';
  return (
    <section class="page clients-page">
      <h1>{t.clients.title}</h1>
      <div class="search-box">
        <input
          type="search"
          placeholder={t.clients.search}
          aria-label={t.clients.search}
          value={state.query}
          onInput$={(_, el) => (state.query = el.value)}
          data-client-query
          autocomplete="off"
        />
        {state.people.length > 0 && (
          <select
            aria-label={ct.managerFilter}
            value={state.manager}
            onChange$={(_, el) => (state.manager = el.value)}
            data-client-manager-filter
          >
            <option value="" selected={state.manager === ''}>
              {ct.allClients}
            </option>
            <option value="me" selected={state.manager === 'me'}>
              {ct.myClients}
            </option>
            <option value="none" selected={state.manager === 'none'}>
              {ct.nobodysClients}
            </option>
            {state.people
              .filter((person) => person.id !== session.me?.id)
              .map((person) => (
                <option key={person.id} value={person.id} selected={state.manager === person.id}>
                  {person.name}
                </option>
              ))}
          </select>
        )}
      </div>
      {state.error && (
        <p class="form-error" role="alert">
          {state.error}
        </p>
      )}
      <p class="muted" data-client-count>
        {state.searched
          ? state.clients.length === 0
            ? t.clients.none
            : state.total > state.clients.length
              ? fill(ct.shown, { total: state.total, shown: state.clients.length })
              : fill(t.clients.found, { n: state.total })
          : ''}
      </p>
      <ul class={listClass} data-clients>
        {state.clients.map((client) => (
          <li key={client.id} class="client-card" data-client-id={client.id}>
            <h2>
              <a class="client-link" href={`/client?id=${client.id}`} data-open-client={client.id} title={ct.open}>
                {client.name ?? '—'}
              </a>
            </h2>
            {client.phone && (
              // The list shows masked phones; a tap reveals the number (a logged access) and dials it.
              <button
                type="button"
                class="btn btn-call"
                data-call-client={client.id}
                onClick$={async () => {
                  try {
                    const { phone } = await api<{ phone: string | null }>(`/api/clients/${client.id}/reveal-phone`, {
                      method: 'POST',
                    });
                    if (phone) window.location.href = telHref(phone);
                  } catch (error) {
                    state.error = problemText(error, TEXTS[lang.value].errors);
                  }
                }}
              >
                {icon('phoneCall', 18)} {t.card.call} <span class="call-number">{client.phone}</span>
              </button>
            )}
            {client.cars.length > 0 && (
              <p class="client-cars">
                {icon('car', 16)}{' '}
                {client.cars.map((car, i) => (
                  <span key={i}>
                    {i > 0 ? ', ' : ''}
                    {[car.make, car.model].filter(Boolean).join(' ')}{' '}
                    {car.plate && (
                      <a class="car-link" href={`/car?plate=${encodeURIComponent(car.plate)}`} data-car-link={car.plate}>
                        <span class="plate">{car.plate}</span>
                      </a>
                    )}
                  </span>
                ))}
              </p>
            )}
            <div class="client-stats">
              <span>
                {t.clients.visits}: <strong>{client.visits + (client.importedVisits ?? 0)}</strong>
              </span>
              <span>
                {t.clients.bookings}: <strong>{client.bookings}</strong>
              </span>
              <span>
                {t.clients.lastVisit}:{' '}
                {client.lastVisit
                  ? dateText(client.lastVisit, t.locale, state.timeZone)
                  : plainDateText(client.importedLastVisit, t.locale)}
              </span>
              <span>
                {t.clients.since}: {dateText(client.registeredAt, t.locale, state.timeZone)}
              </span>
              {client.managerId && state.people.length > 0 && (
                <span data-client-responsible>
                  {ct.responsible}: {state.people.find((person) => person.id === client.managerId)?.name ?? '…'}
                </span>
              )}
            </div>
          </li>
        ))}
      </ul>
      {state.total > state.clients.length && (
        <button type="button" class="btn btn-wide" data-more-clients disabled={state.loading} onClick$={more}>
          {ct.more}
        </button>
      )}
    </section>
  );
});

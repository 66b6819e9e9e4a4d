import { $, component$, useContext, useStore, useVisibleTask$, type QRL } from '@builder.io/qwik';
import { SessionContext } from '../../components/session';
import { LangContext, usePageTexts } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import { refusalOf } from '../../lib/refusal';
import type { Mechanic } from '../../lib/types';
import { clientTexts } from '../../texts/client';

/**
 * Who answers for the client. The owner hands the client to any owner or manager, or to nobody; a
 * manager takes a client nobody answers for. PUT /api/clients/:id/manager keeps the same rules.
 */
export const ManagerEditor = component$(
  (props: {
    clientId: string;
    managerId: string | null;
    canEdit: boolean;
    onChanged$: QRL<(managerId: string | null) => void>;
  }) => {
    const lang = useContext(LangContext);
    const session = useContext(SessionContext);
    const ct = usePageTexts(clientTexts);
    const state = useStore({ people: [] as Mechanic[], error: '', busy: false });
    const me = session.me;

    useVisibleTask$(
      async () => {
        state.people = await api<Mechanic[]>('/api/managers').catch(() => []);
      },
      { strategy: 'document-ready' },
    );

    const save = $(async (managerId: string | null) => {
      state.busy = true;
      state.error = '';
      try {
        await api(`/api/clients/${props.clientId}/manager`, { method: 'PUT', body: { managerId } });
        await props.onChanged$(managerId);
      } catch (error) {
        state.error = error instanceof ApiError && error.status === 409 ? ct.otherManager : refusalOf(error, lang.value).text;
      } finally {
        state.busy = false;
      }
    });

    const current = props.managerId;
    const name =
      current === null
        ? ct.nobody
        : current === me?.id
          ? `${state.people.find((person) => person.id === current)?.name ?? me.name} (${ct.you})`
          : (state.people.find((person) => person.id === current)?.name ?? '…');
    const owner = me?.role === 'owner';

    return (
      <section class="panel-box client-manager" aria-label={ct.responsible} data-client-manager={current ?? ''}>
        <h2>{ct.responsible}</h2>
        <p class="client-manager-name" data-manager-name>
          {name}
        </p>
        {props.canEdit && owner && (
          <label class="field">
            <span>{ct.handOver}</span>
            <select
              data-hand-over
              disabled={state.busy}
              value={current ?? ''}
              onChange$={(_, el) => save(el.value === '' ? null : el.value)}
            >
              <option value="" selected={current === null}>
                {ct.nobodyOption}
              </option>
              {state.people
                .filter((person) => person.active || person.id === current)
                .map((person) => (
                  // `selected` as well as the select's value: the people arrive after the select is drawn.
                  <option key={person.id} value={person.id} selected={person.id === current}>
                    {person.name}
                  </option>
                ))}
            </select>
          </label>
        )}
        {props.canEdit && !owner && current === null && me && (
          <button type="button" class="btn btn-wide" data-take-client disabled={state.busy} onClick$={() => save(me.id)}>
            {ct.takeClient}
          </button>
        )}
        {state.error && (
          <p class="form-error" role="alert" data-manager-error>
            {state.error}
          </p>
        )}
      </section>
    );
  },
);

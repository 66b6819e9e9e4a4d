import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import type { DocumentHead } from '@builder.io/qwik-city';
import { SessionContext } from '../../components/session';
import { Toast } from '../../components/toast';
import { LangContext, TEXTS, useT } from '../../i18n';
import { api, problemText } from '../../lib/api';
import type { Toast as ToastState } from '../../lib/board-state';
import type { Bay, Branch, Role, Service } from '../../lib/types';

type User = { id: string; email: string; name: string; role: Role; branchIds: string[]; active: boolean };
type ServiceRow = Service & { active?: boolean };

type SettingsState = {
  ready: boolean;
  branches: Branch[];
  branchId: string;
  bays: Bay[];
  services: ServiceRow[];
  users: User[];
  toast: ToastState | null;
  bayForm: { name: string; kinds: string };
  serviceForm: { name: string; duration: string; kind: string; price: string };
  userForm: { email: string; name: string; role: Role; password: string };
};

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/** The owner's settings: branches (zone, hours, days off), bays, services and users. */
export default component$(() => {
  const t = useT();
  const lang = useContext(LangContext);
  const session = useContext(SessionContext);
  const state = useStore<SettingsState>({
    ready: false,
    branches: [],
    branchId: '',
    bays: [],
    services: [],
    users: [],
    toast: null,
    bayForm: { name: '', kinds: 'lift' },
    serviceForm: { name: '', duration: '60', kind: 'lift', price: '0' },
    userForm: { email: '', name: '', role: 'manager', password: '' },
  });

  const notify = $((text: string, kind: 'ok' | 'error') => {
    const seq = (state.toast?.seq ?? 0) + 1;
    state.toast = { text, kind, seq };
    setTimeout(() => {
      if (state.toast?.seq === seq) state.toast = null;
    }, 5000);
  });

  const load = $(async () => {
    const branches = await api<Branch[]>('/api/branches');
    state.branches = branches;
    state.branchId ||= branches[0]?.id ?? '';
    if (!state.branchId) return;
    const [bays, services, users] = await Promise.all([
      api<Bay[]>(`/api/bays?branchId=${state.branchId}`),
      api<ServiceRow[]>(`/api/services?branchId=${state.branchId}`),
      api<User[]>('/api/users').catch(() => [] as User[]),
    ]);
    state.bays = bays;
    state.services = services;
    state.users = users;
    state.ready = true;
  });

  const run = $(async (work: () => Promise<unknown>) => {
    try {
      await work();
      await notify(TEXTS[lang.value].settings.saved, 'ok');
      await load();
    } catch (error) {
      await notify(problemText(error, TEXTS[lang.value].errors), 'error');
    }
  });

  useVisibleTask$(
    async ({ track }) => {
      track(() => state.branchId);
      await load();
    },
    { strategy: 'document-ready' },
  );

  const branch = state.branches.find((b) => b.id === state.branchId);
  const gridClass = state.ready ? 'settings-grid is-ready' : 'settings-grid';
  if (session.me && session.me.role !== 'owner') {
    return (
      <section class="page narrow">
        <p class="muted">{t.settings.ownerOnly}</p>
      </section>
    );
  }

  return (
    <section class="page settings-page">
      <h1>{t.settings.title}</h1>
      <div class={gridClass} data-settings>
        <section class="panel-box">
          <h2>{t.settings.branches}</h2>
          {state.branches.length > 1 && (
            <select onChange$={(_, el) => (state.branchId = el.value)} aria-label={t.settings.branches}>
              {state.branches.map((b) => (
                <option key={b.id} value={b.id} selected={b.id === state.branchId}>
                  {b.name}
                </option>
              ))}
            </select>
          )}
          {branch && (
            <>
              <p>
                <strong>{branch.name}</strong>
                <br />
                {t.settings.timeZone}: {branch.timeZone}
              </p>
              <ul class="rows" data-hours>
                {WEEKDAYS.map((day, i) => {
                  const hours = branch.hours[day];
                  return (
                    <li key={day}>
                      <span>{t.settings.weekdays[i]}</span>
                      <span>{hours ? `${hours.open}–${hours.close}` : t.settings.closed}</span>
                    </li>
                  );
                })}
              </ul>
              {branch.daysOff.length > 0 && (
                <p class="muted">
                  {t.settings.daysOff}: {branch.daysOff.join(', ')}
                </p>
              )}
            </>
          )}
        </section>

        <section class="panel-box">
          <h2>{t.settings.bays}</h2>
          <ul class="rows" data-bays>
            {state.bays.map((bay) => (
              <li key={bay.id}>
                <span>
                  {bay.name} <span class="muted">({bay.kinds.join(', ')})</span>
                </span>
                <button
                  type="button"
                  class="btn btn-small"
                  onClick$={() => run(() => api(`/api/bays/${bay.id}`, { method: 'PATCH', body: { active: !bay.active } }))}
                >
                  {bay.active ? t.settings.active : t.settings.inactive}
                </button>
              </li>
            ))}
          </ul>
          <form
            class="inline-form"
            preventdefault:submit
            onSubmit$={() =>
              run(() =>
                api('/api/bays', {
                  body: {
                    branchId: state.branchId,
                    name: state.bayForm.name.trim(),
                    kinds: state.bayForm.kinds
                      .split(',')
                      .map((k) => k.trim())
                      .filter(Boolean),
                  },
                }),
              )
            }
          >
            <label class="field">
              <span>{t.settings.name}</span>
              <input required value={state.bayForm.name} onInput$={(_, el) => (state.bayForm.name = el.value)} />
            </label>
            <label class="field">
              <span>{t.settings.kinds}</span>
              <input required value={state.bayForm.kinds} onInput$={(_, el) => (state.bayForm.kinds = el.value)} />
            </label>
            <button type="submit" class="btn btn-primary">
              {t.settings.add}
            </button>
          </form>
        </section>

        <section class="panel-box">
          <h2>{t.settings.services}</h2>
          <ul class="rows" data-services>
            {state.services.map((service) => (
              <li key={service.id}>
                <span>{service.name}</span>
                <span class="muted">
                  {service.durationMinutes} {t.settings.duration} · {service.priceRub} {t.settings.price}
                </span>
              </li>
            ))}
          </ul>
          <form
            class="inline-form"
            preventdefault:submit
            onSubmit$={() =>
              run(() =>
                api('/api/services', {
                  body: {
                    branchId: state.branchId,
                    name: state.serviceForm.name.trim(),
                    durationMinutes: Number(state.serviceForm.duration),
                    bayKind: state.serviceForm.kind.trim(),
                    priceRub: Number(state.serviceForm.price),
                  },
                }),
              )
            }
          >
            <label class="field">
              <span>{t.settings.name}</span>
              <input required value={state.serviceForm.name} onInput$={(_, el) => (state.serviceForm.name = el.value)} />
            </label>
            <label class="field">
              <span>{t.settings.durationLabel}</span>
              <input
                required
                type="number"
                min={5}
                value={state.serviceForm.duration}
                onInput$={(_, el) => (state.serviceForm.duration = el.value)}
              />
            </label>
            <label class="field">
              <span>{t.settings.bayKind}</span>
              <input required value={state.serviceForm.kind} onInput$={(_, el) => (state.serviceForm.kind = el.value)} />
            </label>
            <label class="field">
              <span>{t.settings.priceLabel}</span>
              <input
                type="number"
                min={0}
                value={state.serviceForm.price}
                onInput$={(_, el) => (state.serviceForm.price = el.value)}
              />
            </label>
            <button type="submit" class="btn btn-primary">
              {t.settings.add}
            </button>
          </form>
        </section>

        <section class="panel-box">
          <h2>{t.settings.users}</h2>
          <ul class="rows" data-users>
            {state.users.map((user) => (
              <li key={user.id}>
                <span>
                  {user.name} <span class="muted">{user.email}</span>
                </span>
                <span>{t.roles[user.role]}</span>
              </li>
            ))}
          </ul>
          <form
            class="inline-form"
            preventdefault:submit
            onSubmit$={() =>
              run(() =>
                api('/api/users', {
                  body: {
                    email: state.userForm.email.trim(),
                    name: state.userForm.name.trim(),
                    role: state.userForm.role,
                    password: state.userForm.password,
                    branchIds: state.userForm.role === 'owner' ? [] : [state.branchId],
                  },
                }),
              )
            }
          >
            <label class="field">
              <span>{t.settings.email}</span>
              <input required type="email" value={state.userForm.email} onInput$={(_, el) => (state.userForm.email = el.value)} />
            </label>
            <label class="field">
              <span>{t.settings.name}</span>
              <input required value={state.userForm.name} onInput$={(_, el) => (state.userForm.name = el.value)} />
            </label>
            <label class="field">
              <span>{t.settings.role}</span>
              <select onChange$={(_, el) => (state.userForm.role = el.value as Role)}>
                {(['manager', 'mechanic', 'owner', 'compliance'] as const).map((role) => (
                  <option key={role} value={role} selected={state.userForm.role === role}>
                    {t.roles[role]}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>{t.settings.password}</span>
              <input
                required
                type="password"
                minLength={8}
                autocomplete="new-password"
                value={state.userForm.password}
                onInput$={(_, el) => (state.userForm.password = el.value)}
              />
            </label>
            <button type="submit" class="btn btn-primary">
              {t.settings.add}
            </button>
          </form>
        </section>
      </div>
      <Toast toast={state.toast} />
    </section>
  );
});

export const head: DocumentHead = { title: 'Настройки' };

import { $, component$, useContext, useSignal, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { routeLoader$ } from '@builder.io/qwik-city';
import { DigestSettingsForm } from '../../components/digest-settings';
import { DocumentSettingsForm } from '../../components/document-settings';
import { QuarantineList } from '../../components/quarantine-list';
import { StaffInvites } from '../../components/staff-invites';
import { TelegramBotSettings } from '../../components/telegram-bot-settings';
import { WebBookingLink } from '../../components/web-booking-link';
import { DemoControl, StationTemplatePicker } from '../../components/setup-controls';
import { SessionContext } from '../../components/session';
import { Toast } from '../../components/toast';
import { LangContext, TEXTS, useT } from '../../i18n';
import { api, problemText } from '../../lib/api';
import { weakPasswordText } from '../../lib/weak-password';
import type { Toast as ToastState } from '../../lib/board-state';
import { readForRender, type ApiRead } from '../../lib/render-context';
import type { Bay, Branch, Me } from '../../lib/types';
import type { DemoStatus } from '../../../../contract/setup.ts';
import { BaysBox } from './bays-box';
import { BranchBox } from './branch-box';
import { settingsTexts } from '../../texts/settings';
import { fieldErrors, type ServiceRow, type SettingsState, type User } from './kit';
import { ServicesBox } from './services-box';
import { UsersBox } from './users-box';
import { useSignedIn } from '../layout';

/** The branches, the owner, and the `wanted` branch's (or the first's) bays, services and users; null when a read failed. */
const readSettings = async (read: ApiRead, wanted: string): Promise<SettingsState | null> => {
  const [branches, me] = await Promise.all([read<Branch[]>('/api/branches'), read<Me>('/api/auth/me')]);
  if (!branches || !me) return null;
  const branchId = branches.some((b) => b.id === wanted) ? wanted : (branches[0]?.id ?? '');
  const [bays, services, users] = branchId
    ? await Promise.all([
        read<Bay[]>(`/api/bays?branchId=${branchId}`),
        read<ServiceRow[]>(`/api/services?branchId=${branchId}&all=true`),
        read<User[]>('/api/users'),
      ])
    : [[], [], []];
  if (!bays || !services || !users) return null;
  return { me, branches, bays, services, users, loadedFor: branchId, branchId, ready: true };
};

/** The owner's settings as the server first renders them; null for anyone else or without an API to read. */
export const useFirstSettings = routeLoader$(async (event) => {
  const me = await event.resolveValue(useSignedIn);
  return me?.role === 'owner' ? await readSettings((path) => readForRender(event, path), '') : null;
});

/** The demo branch's state for the setup box, read with the page (the owner's only). */
export const useDemoStatus = routeLoader$(async (event) => {
  const me = await event.resolveValue(useSignedIn);
  return me?.role === 'owner' ? await readForRender<DemoStatus>(event, '/api/demo') : null;
});

/** The owner's settings: branches (zone, hours, days off), bays, services and users — each one editable. */
export default component$(() => {
  const t = useT();
  const lang = useContext(LangContext);
  const session = useContext(SessionContext);
  const rendered = useFirstSettings();
  const demo = useDemoStatus();
  const state = useStore<SettingsState>(
    rendered.value ?? {
      ready: false,
      me: null,
      branches: [],
      branchId: '',
      loadedFor: '',
      bays: [],
      services: [],
      users: [],
    },
  );
  // `loadError`: why the settings could not be read; the page has nothing to show without them.
  const toast = useStore<{ current: ToastState | null; loadError: string }>({ current: null, loadError: '' });

  const notify = $((text: string, kind: 'ok' | 'error') => {
    const seq = (toast.current?.seq ?? 0) + 1;
    toast.current = { text, kind, seq };
    setTimeout(() => {
      if (toast.current?.seq === seq) toast.current = null;
    }, 5000);
  });

  const load = $(async () => {
    Object.assign(state, await readSettings(api, state.branchId));
  });

  /** A load that says why it failed instead of leaving the page as it was without a word. */
  const reload = $(async () => {
    try {
      await load();
      toast.loadError = '';
    } catch (error) {
      const text = problemText(error, TEXTS[lang.value].errors);
      if (!state.ready) toast.loadError = text;
      await notify(text, 'error');
    }
  });

  // A change on its way: a second tap meanwhile (a double tap on «Добавить») would make a second bay or service.
  const saving = useSignal(false);

  /**
   * Every section writes through here: a success is said and reloaded, a refusal goes back to its
   * form. A change asked for while another is on its way is dropped, with no words for any field.
   */
  const save = $(async (work: () => Promise<unknown>) => {
    const texts = TEXTS[lang.value];
    if (saving.value) return {};
    saving.value = true;
    try {
      await work();
    } catch (error) {
      const weak = weakPasswordText(error, lang.value);
      const refused = weak ? { password: weak } : fieldErrors(error, texts.errors, settingsTexts[lang.value].problems);
      // A refusal with no field (a toggle in a row) has no form to sit in.
      if (refused._) await notify(refused._, 'error');
      return refused;
    } finally {
      saving.value = false;
    }
    await notify(texts.settings.saved, 'ok');
    await reload();
    return null;
  });

  // Runs again when the owner picks another branch (or opens a new one).
  useVisibleTask$(
    async ({ track }) => {
      const branchId = track(() => state.branchId);
      if (branchId && state.loadedFor === branchId) return;
      await reload();
    },
    { strategy: 'document-ready' },
  );

  if (session.me && session.me.role !== 'owner') {
    return (
      <section class="page narrow">
        <p class="muted">{t.settings.ownerOnly}</p>
      </section>
    );
  }

  // A plain string, not an expression in the attribute: Qwik re-renders the element reliably (see board).
  const gridClass = state.ready ? 'settings-grid is-ready' : 'settings-grid';
  return (
    <section class="page settings-page">
      <h1>{t.settings.title}</h1>
      {toast.loadError && (
        <p class="form-error" role="alert" data-settings-error>
          {toast.loadError}
        </p>
      )}
      <div class={gridClass} data-settings>
        <BranchBox state={state} save={save} />
        <BaysBox state={state} save={save} />
        <ServicesBox state={state} save={save} />
        {state.branchId && (
          <section class="panel-box" data-setup-box>
            <StationTemplatePicker branchId={state.branchId} onApplied$={load} />
            <DemoControl status={demo.value} />
          </section>
        )}
        <UsersBox state={state} save={save} />
        <StaffInvites branches={state.branches} />
        <TelegramBotSettings />
        {state.branchId && <WebBookingLink branchId={state.branchId} />}
        <DigestSettingsForm />
        <DocumentSettingsForm />
        <QuarantineList />
      </div>
      <Toast toast={toast.current} />
    </section>
  );
});

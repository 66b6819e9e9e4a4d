import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { fill, LangContext, TEXTS, usePageTexts, useT } from '../i18n';
import { api, problemText } from '../lib/api';
import type { Branch, Role } from '../lib/types';
import { dayAndTime } from '../lib/when';
import { inviteTexts } from '../texts/invites';

import type { CreatedInvite, Invite } from '../../../contract/invites.ts';
import { reachesEveryBranch } from '../../../domain/staff/role-reach.ts';

const ROLES: readonly Role[] = ['manager', 'mechanic', 'compliance', 'owner'];
/** Owners and compliance officers see every branch; only staff are tied to some. */
/** Managers and mechanics work in the branches named; the other roles reach every one. */
const hasBranches = (role: Role) => !reachesEveryBranch(role);

type InvitesState = {
  list: Invite[];
  form: { name: string; role: Role; branchIds: string[] };
  busy: boolean;
  /** The link of the invitation just made: the only time its code is known to the panel. */
  fresh: { name: string; link: string } | null;
  note: { text: string; kind: 'ok' | 'error' } | null;
};

/**
 * The owner's staff invitations: name and role (and branches for staff), a link to hand over, the
 * list with each one's state and a way to withdraw one still waiting. Times in the branch's zone.
 */
export const StaffInvites = component$((props: { branches: Branch[] }) => {
  const t = useT();
  const it = usePageTexts(inviteTexts);
  const lang = useContext(LangContext);
  const state = useStore<InvitesState>({
    list: [],
    form: { name: '', role: 'manager', branchIds: [] },
    busy: false,
    fresh: null,
    note: null,
  });

  const errorText = $((error: unknown) => problemText(error, { ...TEXTS[lang.value].errors, ...inviteTexts[lang.value].errors }));

  const load = $(async () => {
    state.list = await api<Invite[]>('/api/staff/invites');
  });

  useVisibleTask$(
    async () => {
      try {
        await load();
      } catch (error) {
        state.note = { text: await errorText(error), kind: 'error' };
      }
    },
    { strategy: 'document-ready' },
  );

  const create = $(async () => {
    state.busy = true;
    state.note = null;
    try {
      const { name, role, branchIds } = state.form;
      const created = await api<CreatedInvite>('/api/staff/invites', {
        body: { name: name.trim(), role, ...(hasBranches(role) ? { branchIds } : {}) },
      });
      // In the fragment: the browser never sends it to a server, so no log or proxy keeps it.
      state.fresh = { name: created.name, link: `${window.location.origin}/login/invite#${created.code}` };
      state.form = { name: '', role: state.form.role, branchIds: [] };
      await load();
    } catch (error) {
      state.note = { text: await errorText(error), kind: 'error' };
    } finally {
      state.busy = false;
    }
  });

  const copy = $(async () => {
    if (!state.fresh) return;
    await navigator.clipboard?.writeText(state.fresh.link).catch(() => undefined);
    state.note = { text: inviteTexts[lang.value].copied, kind: 'ok' };
  });

  const revoke = $(async (invite: Invite) => {
    const texts = inviteTexts[lang.value];
    if (!window.confirm(fill(texts.revokeConfirm, { name: invite.name }))) return;
    try {
      await api(`/api/staff/invites/${invite.id}/revoke`, { method: 'POST' });
      state.note = { text: texts.revoked, kind: 'ok' };
      await load();
    } catch (error) {
      state.note = { text: await errorText(error), kind: 'error' };
    }
  });

  const zone = props.branches[0]?.timeZone ?? 'Europe/Moscow';
  return (
    <section class="panel-box" data-staff-invites>
      <h2>{it.title}</h2>
      <p class="muted">{it.hint}</p>
      <form class="stack-form" preventdefault:submit onSubmit$={create} data-invite-form>
        <label class="field">
          <span>{it.name}</span>
          <input
            required
            maxLength={200}
            value={state.form.name}
            onInput$={(_, el) => (state.form.name = el.value)}
            data-invite-name
          />
        </label>
        <label class="field">
          <span>{it.role}</span>
          <select onChange$={(_, el) => (state.form.role = el.value as Role)} data-invite-role>
            {ROLES.map((role) => (
              <option key={role} value={role} selected={state.form.role === role}>
                {t.roles[role]}
              </option>
            ))}
          </select>
        </label>
        {hasBranches(state.form.role) && props.branches.length > 1 && (
          <fieldset class="field invite-branches">
            <span>{it.branches}</span>
            {props.branches.map((branch) => (
              <label key={branch.id} class="field-inline">
                <input
                  type="checkbox"
                  checked={state.form.branchIds.includes(branch.id)}
                  onChange$={(_, el) =>
                    (state.form.branchIds = el.checked
                      ? [...state.form.branchIds, branch.id]
                      : state.form.branchIds.filter((id) => id !== branch.id))
                  }
                />
                <span>{branch.name}</span>
              </label>
            ))}
          </fieldset>
        )}
        <button class="btn btn-primary" type="submit" disabled={state.busy} data-invite-create>
          {state.busy ? it.creating : it.create}
        </button>
      </form>
      {state.fresh && (
        <div class="invite-fresh" data-invite-fresh>
          <p>{fill(it.created, { name: state.fresh.name })}</p>
          <input class="invite-link" readOnly value={state.fresh.link} onFocus$={(_, el) => el.select()} data-invite-link />
          <button type="button" class="btn" onClick$={copy}>
            {it.copy}
          </button>
        </div>
      )}
      {state.note && (
        <p
          class={state.note.kind === 'error' ? 'form-error' : 'muted'}
          role={state.note.kind === 'error' ? 'alert' : 'status'}
          data-invite-note
        >
          {state.note.text}
        </p>
      )}
      <ul class="rows invite-rows" data-invites>
        {state.list.length === 0 && <li class="muted">{it.empty}</li>}
        {state.list.map((invite) => (
          <li key={invite.id} data-invite-state={invite.state}>
            <span>
              <strong>{invite.name}</strong> · {t.roles[invite.role]}
              <br />
              <span class="muted">
                {it.states[invite.state]}
                {invite.state === 'pending'
                  ? ` ${fill(it.until, { time: dayAndTime(invite.expiresAt, zone, TEXTS[lang.value].locale) })}`
                  : ''}
              </span>
            </span>
            {invite.state === 'pending' && (
              <button type="button" class="btn" onClick$={() => revoke(invite)} data-invite-revoke>
                {it.revoke}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
});

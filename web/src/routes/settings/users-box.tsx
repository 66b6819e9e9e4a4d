import { $, component$, useStore } from '@builder.io/qwik';
import { usePageTexts, useT } from '../../i18n';
import { api } from '../../lib/api';
import { takeShown } from '../../lib/shown-fields';
import { TextField } from '../../components/text-field';
import type { Role } from '../../lib/types';
import { settingsTexts } from '../../texts/settings';
import { EditActions, EditButton, FieldError, NameField, useSectionSave, type Save, type SettingsState } from './kit';
import { reachesEveryBranch } from '../../../../domain/staff/role-reach.ts';

const ROLES: readonly Role[] = ['manager', 'mechanic', 'owner', 'compliance'];
/** Owners and compliance officers see every branch; only staff are tied to some. */
/** Managers and mechanics work in the branches named; the other roles reach every one. */
const hasBranches = (role: Role) => !reachesEveryBranch(role);

/** The station's people: role, branches, name; switch off and on; add one. */
export const UsersBox = component$((props: { state: SettingsState; save: Save }) => {
  const t = useT();
  const st = usePageTexts(settingsTexts);
  const state = props.state;
  const editing = useStore<{ id: string; name: string; role: Role; branchIds: string[]; newPassword: string }>({
    id: '',
    name: '',
    role: 'manager',
    branchIds: [],
    newPassword: '',
  });
  const form = useStore<{ email: string; name: string; role: Role; password: string }>({
    email: '',
    name: '',
    role: 'manager',
    password: '',
  });
  const { errors, update, add } = useSectionSave(props.save, '/api/users');

  /**
   * The row's changes, and a new password when one is typed: one save, one word of success. The
   * password goes first, so a refused one leaves the rest unsaved too, as the form still shows it.
   */
  const saveEdits = $(async (id: string, body: Record<string, unknown>, password: string) => {
    const refused = await props.save(async () => {
      if (password) await api(`/api/users/${id}/password`, { body: { password } });
      await api(`/api/users/${id}`, { method: 'PATCH', body });
    });
    errors.value = { ...errors.value, edit: refused ?? {} };
    if (!refused) editing.id = '';
  });

  const branchNames = (ids: readonly string[]) =>
    ids.length ? ids.map((id) => state.branches.find((b) => b.id === id)?.name ?? '…').join(', ') : st.allBranches;

  return (
    <section class="panel-box">
      <h2>{t.settings.users}</h2>
      <ul class="rows" data-users>
        {state.users.map((user) => {
          const self = user.id === state.me?.id;
          return editing.id === user.id ? (
            <li key={`edit-${user.id}`} class="is-editing" data-user-id={user.id}>
              <form
                class="row-editor"
                data-user-editor
                preventdefault:submit
                onSubmit$={async (_, shown) => {
                  takeShown(shown, editing);
                  const body = {
                    name: editing.name.trim(),
                    role: editing.role,
                    ...(hasBranches(editing.role) ? { branchIds: editing.branchIds } : {}),
                  };
                  await saveEdits(user.id, body, editing.newPassword);
                }}
              >
                <p class="muted">{user.email}</p>
                <NameField label={t.settings.name} store={editing} />
                <FieldError errors={errors.value.edit} field="name" />
                <label class="field">
                  <span>{t.settings.role}</span>
                  <select name="role" onChange$={(_, el) => (editing.role = el.value as Role)} data-field="role">
                    {ROLES.map((role) => (
                      <option key={role} value={role} selected={editing.role === role}>
                        {t.roles[role]}
                      </option>
                    ))}
                  </select>
                </label>
                <FieldError errors={errors.value.edit} field="role" />
                {hasBranches(editing.role) && (
                  <fieldset class="chips" data-field="branchIds">
                    <legend>{st.branchesOf}</legend>
                    {state.branches.map((branch) => {
                      const on = editing.branchIds.includes(branch.id);
                      return (
                        <button
                          key={branch.id}
                          type="button"
                          class="btn btn-small chip"
                          aria-pressed={on ? 'true' : 'false'}
                          data-branch-chip={branch.id}
                          onClick$={() => {
                            editing.branchIds = on
                              ? editing.branchIds.filter((id) => id !== branch.id)
                              : [...editing.branchIds, branch.id];
                          }}
                        >
                          {branch.name}
                        </button>
                      );
                    })}
                    <p class="hint">{editing.branchIds.length ? '' : st.allBranches}</p>
                  </fieldset>
                )}
                <FieldError errors={errors.value.edit} field="branchIds" />
                {self ? (
                  <a class="btn btn-small" href="/account" data-own-password>
                    {st.ownPassword}
                  </a>
                ) : (
                  <TextField
                    label={st.newPassword}
                    name="newPassword"
                    store={editing}
                    type="password"
                    autocomplete="new-password"
                    hint={st.newPasswordHint}
                  />
                )}
                <FieldError errors={errors.value.edit} field="password" />
                <FieldError errors={errors.value.edit} field="active" />
                <FieldError errors={errors.value.edit} field="_" />
                <EditActions texts={st} onCancel$={() => (editing.id = '')}>
                  {!self && user.active && (
                    <button
                      type="button"
                      class="btn"
                      data-end-sessions
                      onClick$={async () => {
                        const refused = await props.save(() => api(`/api/users/${user.id}/sessions/revoke`, { method: 'POST' }));
                        if (!refused) editing.id = '';
                      }}
                    >
                      {st.endSessions}
                    </button>
                  )}
                  {!self && (
                    <button
                      type="button"
                      class={user.active ? 'btn btn-danger' : 'btn'}
                      data-toggle-active
                      onClick$={async () => {
                        if (await update(user.id, { active: !user.active })) editing.id = '';
                      }}
                    >
                      {user.active ? st.deactivate : st.activate}
                    </button>
                  )}
                </EditActions>
              </form>
            </li>
          ) : (
            <li key={user.id} class={user.active ? '' : 'is-off'} data-user-id={user.id}>
              <span class="row-main">
                <span>
                  {user.name} {self && <span class="muted">({st.you})</span>}
                </span>
                <span class="muted row-sub">{user.email}</span>
                <span class="muted row-sub">
                  {t.roles[user.role]}
                  {hasBranches(user.role) ? ` · ${branchNames(user.branchIds)}` : ''}
                  {user.active ? '' : ` · ${st.userOff}`}
                </span>
              </span>
              <span class="row-actions">
                <EditButton
                  texts={st}
                  onEdit$={() => {
                    errors.value = { ...errors.value, edit: {} };
                    editing.name = user.name;
                    editing.role = user.role;
                    editing.branchIds = [...user.branchIds];
                    editing.newPassword = '';
                    editing.id = user.id;
                  }}
                />
              </span>
            </li>
          );
        })}
      </ul>
      <form
        class="inline-form"
        preventdefault:submit
        onSubmit$={async (_, shown) => {
          takeShown(shown, form);
          const added = await add(() =>
            api('/api/users', {
              body: {
                email: form.email.trim(),
                name: form.name.trim(),
                role: form.role,
                password: form.password,
                branchIds: hasBranches(form.role) ? [state.branchId] : [],
              },
            }),
          );
          if (added) {
            form.email = '';
            form.name = '';
            form.password = '';
          }
        }}
      >
        <label class="field">
          <span>{t.settings.email}</span>
          <input required type="email" value={form.email} name="email" onInput$={(_, el) => (form.email = el.value)} />
        </label>
        <NameField label={t.settings.name} store={form} />
        <label class="field">
          <span>{t.settings.role}</span>
          <select name="role" onChange$={(_, el) => (form.role = el.value as Role)}>
            {ROLES.map((role) => (
              <option key={role} value={role} selected={form.role === role}>
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
            minLength={12}
            autocomplete="new-password"
            value={form.password}
            name="password"
            onInput$={(_, el) => (form.password = el.value)}
          />
        </label>
        <button type="submit" class="btn btn-primary">
          {t.settings.add}
        </button>
      </form>
      <FieldError errors={errors.value.add} field="email" />
      <FieldError errors={errors.value.add} field="name" />
      <FieldError errors={errors.value.add} field="password" />
      <FieldError errors={errors.value.add} field="_" />
    </section>
  );
});

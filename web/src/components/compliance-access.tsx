import { component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { LangContext, TEXTS, usePageTexts } from '../i18n';
import { api } from '../lib/api';
import { complianceTexts } from '../texts/compliance';
import { ListStatus, loadList, useCompliance } from './compliance-shared';
import type { AccessReport } from '../../../contract/compliance.ts';
import { TableHead } from './table-head';

type AccessUser = AccessReport['users'][number];

/** Who can reach personal data, from the users' roles (the list art. 18.1 asks the operator to keep). */
export const AccessTab = component$(() => {
  const page = useCompliance();
  const lang = useContext(LangContext);
  const tx = usePageTexts(complianceTexts);
  const state = useStore({ users: [] as AccessUser[], loaded: false, error: '' });

  useVisibleTask$(
    () =>
      loadList(page, state, lang, async () => {
        state.users = (await api<{ users: AccessUser[] }>('/api/compliance/access-report')).users;
      }),
    { strategy: 'document-ready' },
  );

  const roles = TEXTS[lang.value].roles as Record<string, string>;
  const branchNames = (ids: string[]) =>
    ids.length === 0
      ? tx.access.allBranches
      : ids.map((id) => page.branches.find((branch) => branch.id === id)?.name ?? id.slice(0, 8)).join(', ');
  return (
    <div class="cp-tab-body" data-access-report data-ready={state.loaded ? 'yes' : 'no'}>
      <div class="cp-toolbar">
        <h2>{tx.access.heading}</h2>
      </div>
      <p class="muted">{tx.access.intro}</p>
      <ListStatus state={state} loading={tx.loading} />
      {state.users.length > 0 && (
        <table class="cp-table">
          <TableHead labels={[tx.access.name, tx.access.role, tx.access.branches, tx.access.scope, tx.access.state]} />
          <tbody>
            {state.users.map((user) => (
              <tr key={user.id} data-user-id={user.id} class={{ 'is-muted': !user.active }}>
                <td data-label={tx.access.name}>
                  <strong>{user.name}</strong>
                </td>
                <td data-label={tx.access.role}>{roles[user.role] ?? user.role}</td>
                <td data-label={tx.access.branches}>{branchNames(user.branchIds)}</td>
                <td data-label={tx.access.scope}>{user.personalData}</td>
                <td data-label={tx.access.state}>{user.active ? tx.access.active : tx.access.inactive}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
});

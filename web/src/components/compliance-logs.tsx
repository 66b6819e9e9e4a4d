import { component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { fill, LangContext, TEXTS, usePageTexts } from '../i18n';
import { api } from '../lib/api';
import { logDetailsWords } from '../lib/log-details';
import { complianceTexts } from '../texts/compliance';
import { ClientChip, failure, ListStatus, loadList, rowKey, stamp, useCompliance } from './compliance-shared';
import type { AuditEntry, ChainVerification } from '../../../contract/compliance.ts';
import { TableHead } from './table-head';

type Entry = AuditEntry;
type Verify = ChainVerification;

type LogsState = {
  log: 'access' | 'security';
  /** `before` cursors of the pages shown so far; the last one is the page on screen (0: the newest). */
  cursors: number[];
  clientId: string;
  entries: Entry[];
  /** Counts the loads, for row keys (see rowKey): both logs number their entries from 1. */
  load: number;
  hasOlder: boolean;
  verify: Verify | null;
  users: Record<string, string>;
  loaded: boolean;
  error: string;
};

const PAGE = 50;
const CHIPS = 3;

/** The access and security logs, newest first, a page at a time, with the hash-chain check. */
export const LogsTab = component$(() => {
  const page = useCompliance();
  const lang = useContext(LangContext);
  const tx = usePageTexts(complianceTexts);
  const state = useStore<LogsState>({
    log: 'access',
    cursors: [0],
    clientId: '',
    entries: [],
    load: 0,
    hasOlder: false,
    verify: null,
    users: {},
    loaded: false,
    error: '',
  });

  // The chain check and the names of staff, once per visit of the tab.
  useVisibleTask$(
    async () => {
      try {
        const [verify, report] = await Promise.all([
          api<Verify>('/api/compliance/verify'),
          api<{ users: { id: string; name: string }[] }>('/api/compliance/access-report'),
        ]);
        state.verify = verify;
        state.users = Object.fromEntries(report.users.map((user) => [user.id, user.name]));
      } catch (error) {
        state.error = failure(page, error, lang.value);
      }
    },
    { strategy: 'document-ready' },
  );

  useVisibleTask$(
    async ({ track }) => {
      const log = track(() => state.log);
      const before = track(() => state.cursors[state.cursors.length - 1] ?? 0);
      const clientId = track(() => state.clientId);
      const query = new URLSearchParams({ limit: String(PAGE + 1) });
      if (before) query.set('before', String(before));
      if (clientId) query.set('clientId', clientId);
      await loadList(page, state, lang, async () => {
        const { entries } = await api<{ entries: Entry[] }>(`/api/compliance/${log}-log?${query}`);
        state.entries = entries.slice(0, PAGE);
        state.hasOlder = entries.length > PAGE;
      });
    },
    { strategy: 'document-ready' },
  );

  const locale = TEXTS[lang.value].locale;
  const roles = TEXTS[lang.value].roles as Record<string, string>;
  const verify = state.verify;
  return (
    <div class="cp-tab-body" data-logs={state.log} data-ready={state.loaded && state.verify ? 'yes' : 'no'}>
      <div class="cp-toolbar">
        <div class="cp-seg" role="group">
          {(['access', 'security'] as const).map((log) => (
            <button
              key={log}
              type="button"
              class={{ btn: true, 'btn-primary': state.log === log }}
              aria-pressed={state.log === log}
              data-log-switch={log}
              onClick$={() => {
                state.log = log;
                state.cursors = [0];
              }}
            >
              {tx.logs[log]}
            </button>
          ))}
        </div>
        {verify && (
          <span
            class={{ 'cp-badge': true, 'cp-badge-ok': verify.ok, 'cp-badge-bad': !verify.ok }}
            role="status"
            data-chain={verify.ok ? 'ok' : 'broken'}
          >
            {verify.ok ? '✓ ' : '✗ '}
            {verify.ok
              ? fill(tx.logs.chainOk, { n: verify.logs.access.entries + verify.logs.security.entries })
              : fill(tx.logs.chainBroken, {
                  log: tx.logs.logNames[verify.brokenAt!.log] ?? verify.brokenAt!.log,
                  seq: verify.brokenAt!.seq,
                })}
          </span>
        )}
        {state.clientId && (
          <button type="button" class="btn" data-log-all-clients onClick$={() => ((state.clientId = ''), (state.cursors = [0]))}>
            {tx.logs.onlyThisClient} ×
          </button>
        )}
      </div>

      <ListStatus state={state} loading={tx.loading} rows={state.entries.length} empty={tx.logs.empty} />
      {state.entries.length > 0 && (
        <table class="cp-table" data-log-entries>
          <TableHead labels={[tx.logs.when, tx.logs.who, tx.logs.role, tx.logs.what, tx.logs.client, tx.logs.from]} />
          <tbody>
            {state.entries.map((entry) => (
              <tr key={rowKey(state.load, String(entry.seq))} data-seq={entry.seq} data-action={entry.action}>
                <td data-label={tx.logs.when}>{stamp(entry.at, page.timeZone, locale)}</td>
                <td data-label={tx.logs.who}>{entry.userId ? (state.users[entry.userId] ?? tx.none) : tx.system}</td>
                <td data-label={tx.logs.role}>{entry.role ? (roles[entry.role] ?? entry.role) : tx.none}</td>
                <td data-label={tx.logs.what}>
                  <strong>{tx.logs.actions[entry.action] ?? entry.action}</strong>
                  {logDetailsWords(entry.details, lang.value, { ...tx.client.purposes, ...roles }) && (
                    <small class="muted cp-block cp-details" data-log-details>
                      {logDetailsWords(entry.details, lang.value, { ...tx.client.purposes, ...roles })}
                    </small>
                  )}
                </td>
                <td data-label={tx.logs.client}>
                  {entry.clientIds.slice(0, CHIPS).map((id) => (
                    <span key={id} class="cp-chip-wrap">
                      <ClientChip id={id} />
                      {!state.clientId && (
                        <button
                          type="button"
                          class="btn btn-quiet cp-filter"
                          aria-label={fill(tx.logs.onlyClient, { id })}
                          onClick$={() => ((state.clientId = id), (state.cursors = [0]))}
                        >
                          ⌕
                        </button>
                      )}
                    </span>
                  ))}
                  {entry.clientIds.length > CHIPS && <span class="muted"> +{entry.clientIds.length - CHIPS}</span>}
                  {entry.clientIds.length === 0 && <span class="muted">{tx.none}</span>}
                </td>
                <td data-label={tx.logs.from} class="cp-ip">
                  {entry.ip ?? tx.none}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="cp-pager">
        <button
          type="button"
          class="btn"
          disabled={state.cursors.length <= 1}
          data-newer
          onClick$={() => (state.cursors = state.cursors.slice(0, -1))}
        >
          ← {tx.logs.newer}
        </button>
        <button
          type="button"
          class="btn"
          disabled={!state.hasOlder}
          data-older
          onClick$={() => (state.cursors = [...state.cursors, state.entries[state.entries.length - 1]!.seq])}
        >
          {tx.logs.older} →
        </button>
      </div>
    </div>
  );
});

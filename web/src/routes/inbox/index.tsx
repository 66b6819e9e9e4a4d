import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { routeLoader$ } from '@builder.io/qwik-city';
import type { InboxThreadsView, InboxThreadView } from '../../../../contract/inbox';
import { icon } from '../../components/icons';
import { fill, LangContext, TEXTS, usePageTexts, useT } from '../../i18n';
import { api, problemText } from '../../lib/api';
import { followInbox } from '../../lib/live';
import { readForRender } from '../../lib/render-context';
import type { Branch } from '../../lib/types';
import { dateTimeWords } from '../../lib/words';
import { conversationTexts } from '../../texts/conversation';

type InboxState = { threads: InboxThreadView[]; loaded: boolean; error: string; timeZone: string; branchId?: string };

/** The conversations as the server first renders them; null when it has no API to read. */
export const useFirstInbox = routeLoader$(async (event): Promise<InboxState | null> => {
  const [inbox, branches] = await Promise.all([
    readForRender<InboxThreadsView>(event, '/api/inbox'),
    readForRender<Branch[]>(event, '/api/branches'),
  ]);
  const branch = branches?.[0];
  if (!inbox || !branch) return null;
  return { threads: inbox.threads, loaded: true, error: '', timeZone: branch.timeZone, branchId: branch.id };
});

/**
 * Every client who wrote in a messenger, the latest conversation first, with what is still unread.
 * A tap opens the client's card, where the conversation is read and answered. Follows the live feed.
 */
export default component$(() => {
  const t = useT();
  const ct = usePageTexts(conversationTexts);
  const lang = useContext(LangContext);
  const rendered = useFirstInbox();
  const state = useStore<InboxState>(rendered.value ?? { threads: [], loaded: false, error: '', timeZone: 'Europe/Moscow' });

  const load = $(async () => {
    try {
      state.threads = (await api<InboxThreadsView>('/api/inbox')).threads;
      state.error = '';
    } catch (error) {
      state.error = problemText(error, TEXTS[lang.value].errors);
    }
    state.loaded = true;
  });

  useVisibleTask$(
    async ({ cleanup }) => {
      // A list the server rendered is read again when the feed first says hello: nothing falls between.
      if (state.branchId) {
        const live = followInbox(state.branchId, () => void load(), { sinceFirstHello: true });
        cleanup(() => live?.close());
        return;
      }
      const branches = await api<Branch[]>('/api/branches').catch(() => [] as Branch[]);
      state.timeZone = branches[0]?.timeZone ?? state.timeZone;
      await load();
      const live = followInbox(branches[0]?.id, () => void load());
      cleanup(() => live?.close());
    },
    { strategy: 'document-ready' },
  );

  const last = (thread: InboxThreadView) =>
    thread.lastDirection === 'out' ? ct.answered : ct.kinds[thread.lastKind] || ct.fromClient;

  return (
    <section class="page inbox-page narrow" data-inbox={state.loaded ? 'ready' : 'loading'}>
      <h1>{t.nav.inbox}</h1>
      {state.error && (
        <p class="form-error" role="alert">
          {state.error}
        </p>
      )}
      {state.loaded && state.threads.length === 0 && <p class="muted">{ct.inboxNone}</p>}
      <ul class="inbox-threads">
        {state.threads.map((thread) => (
          <li key={thread.clientId}>
            <a
              class={{ 'inbox-thread': true, unread: thread.unread > 0 }}
              href={`/client?id=${thread.clientId}`}
              data-thread={thread.clientId}
              aria-label={`${ct.openConversation}: ${thread.name}`}
            >
              <span class="inbox-thread-head">
                <strong class="inbox-thread-name">{thread.name}</strong>
                {thread.unread > 0 && (
                  <span class="nav-badge" data-thread-unread={thread.unread} aria-label={fill(ct.unread, { n: thread.unread })}>
                    {thread.unread}
                  </span>
                )}
              </span>
              <span class="inbox-thread-meta muted">
                {icon(thread.channel, 16)} {ct.channels[thread.channel] ?? ''} · {last(thread)} ·{' '}
                {dateTimeWords(thread.lastAt, state.timeZone, lang.value)}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
});

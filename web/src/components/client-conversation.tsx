import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import type { InboxConversationView, InboxMessageView } from '../../../contract/inbox';
import { LangContext, usePageTexts, useT } from '../i18n';
import { api, problemText } from '../lib/api';
import { followInbox } from '../lib/live';
import type { Branch } from '../lib/types';
import { dateTimeWords } from '../lib/words';
import { conversationTexts } from '../texts/conversation';

type ConversationState = {
  messages: InboxMessageView[];
  loaded: boolean;
  reply: string;
  busy: boolean;
  note: string;
  timeZone: string;
};

/**
 * What the client wrote in the messenger outside the booking flow and the station's answers, on
 * the client's card; a reply goes back through the channel the client wrote in. Follows the live
 * feed: a new message shows without a reload.
 */
export const ClientConversation = component$<{ clientId: string }>(({ clientId }) => {
  const t = useT();
  const ct = usePageTexts(conversationTexts);
  const lang = useContext(LangContext);
  const state = useStore<ConversationState>({
    messages: [],
    loaded: false,
    reply: '',
    busy: false,
    note: '',
    timeZone: 'Europe/Moscow',
  });

  const load = $(async () => {
    try {
      state.messages = (await api<InboxConversationView>(`/api/inbox/${clientId}`)).messages;
      // Shown is read: the inbox's and the header's unread counts drop.
      if (state.messages.some((message) => message.direction === 'in')) {
        await api(`/api/inbox/${clientId}/read`, { method: 'POST' });
      }
    } catch (error) {
      state.note = problemText(error, t.errors);
    }
    state.loaded = true;
  });

  // Read and followed as soon as the card is shown, wherever the section sits on the screen.
  useVisibleTask$(
    async ({ cleanup }) => {
      const branches = await api<Branch[]>('/api/branches');
      state.timeZone = branches[0]?.timeZone ?? state.timeZone;
      await load();
      const live = followInbox(branches[0]?.id, (changed) => {
        if (changed === null || changed === clientId) void load();
      });
      cleanup(() => live?.close());
    },
    { strategy: 'document-ready' },
  );

  const send = $(async () => {
    const text = state.reply.trim();
    if (!text || state.busy) return;
    state.busy = true;
    try {
      await api(`/api/inbox/${clientId}/reply`, { body: { text } });
      state.reply = '';
      state.note = conversationTexts[lang.value].sent;
      await load();
    } catch (error) {
      state.note = problemText(error, t.errors);
    } finally {
      state.busy = false;
    }
  });

  const body = (message: InboxMessageView) => {
    const kind = ct.kinds[message.kind];
    const parts = [
      kind,
      message.fileName ?? '',
      message.location ? `${message.location.latitude.toFixed(5)}, ${message.location.longitude.toFixed(5)}` : '',
      message.text,
    ].filter(Boolean);
    return parts.join(' · ');
  };

  return (
    <section class="panel-box client-conversation" data-conversation={state.loaded ? 'ready' : 'loading'}>
      <h2>{ct.title}</h2>
      {/* A line held while loading: the card's buttons below must not move under a finger about to tap. */}
      {!state.loaded && <p class="muted">{ct.loading}</p>}
      {state.loaded && state.messages.length === 0 && <p class="muted">{ct.none}</p>}
      <ol class="conversation-messages">
        {state.messages.map((message) => (
          <li key={message.id} class={`conversation-message from-${message.direction}`} data-message={message.direction}>
            <span class="conversation-meta">
              {message.direction === 'in' ? ct.fromClient : ct.fromStation} · {ct.channels[message.channel] ?? ''} ·{' '}
              {dateTimeWords(message.at, state.timeZone, lang.value)}
            </span>
            <span class="conversation-text">{body(message)}</span>
          </li>
        ))}
      </ol>
      {state.messages.length > 0 && (
        <form class="conversation-reply" preventdefault:submit onSubmit$={send}>
          <label class="field">
            <span>{ct.replyLabel}</span>
            <textarea rows={3} value={state.reply} onInput$={(_, el) => (state.reply = el.value)} data-reply-text />
          </label>
          <button type="submit" class="btn btn-primary" disabled={state.busy || !state.reply.trim()} data-reply-send>
            {ct.send}
          </button>
        </form>
      )}
      {state.note && (
        <p class="muted" role="status" data-conversation-note>
          {state.note}
        </p>
      )}
    </section>
  );
});

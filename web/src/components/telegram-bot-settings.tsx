import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { LangContext, TEXTS, usePageTexts } from '../i18n';
import { api, problemText } from '../lib/api';
import { telegramBotTexts } from '../texts/telegram-bot';

import type { TelegramBotStatus } from '../../../contract/telegram-bot.ts';

type BotState = {
  ready: boolean;
  busy: boolean;
  status: TelegramBotStatus;
  token: string;
  /** The owner asked to paste another token over the connected bot. */
  replacing: boolean;
  note: { text: string; kind: 'ok' | 'error' } | null;
};

/**
 * The station's Telegram bot: paste BotFather's token (checked by the server with Telegram), then
 * the bot's link and a printable QR code for the counter and the website; replace or disconnect it.
 */
export const TelegramBotSettings = component$(() => {
  const bt = usePageTexts(telegramBotTexts);
  const lang = useContext(LangContext);
  const state = useStore<BotState>({
    ready: false,
    busy: false,
    status: { source: 'none', username: null, link: null },
    token: '',
    replacing: false,
    note: null,
  });

  const errorText = $((error: unknown) =>
    problemText(error, { ...TEXTS[lang.value].errors, ...telegramBotTexts[lang.value].errors }),
  );

  useVisibleTask$(
    async () => {
      try {
        state.status = await api<TelegramBotStatus>('/api/settings/telegram-bot');
        state.ready = true;
        // The first-run guide's «Подключить бота» lands here: the boxes above have grown since the
        // browser scrolled to the anchor, so it is brought into sight again once it is drawn.
        if (window.location.hash === '#telegram-bot') {
          requestAnimationFrame(() => document.getElementById('telegram-bot')?.scrollIntoView({ block: 'start' }));
        }
      } catch (error) {
        state.note = { text: await errorText(error), kind: 'error' };
      }
    },
    { strategy: 'document-ready' },
  );

  const connect = $(async () => {
    state.busy = true;
    state.note = null;
    try {
      state.status = await api<TelegramBotStatus>('/api/settings/telegram-bot', { method: 'PUT', body: { token: state.token } });
      state.token = '';
      state.replacing = false;
      state.note = { text: telegramBotTexts[lang.value].connected, kind: 'ok' };
    } catch (error) {
      state.note = { text: await errorText(error), kind: 'error' };
    } finally {
      state.busy = false;
    }
  });

  const disconnect = $(async () => {
    if (!window.confirm(telegramBotTexts[lang.value].disconnectConfirm)) return;
    state.busy = true;
    try {
      state.status = await api<TelegramBotStatus>('/api/settings/telegram-bot', { method: 'DELETE' });
      state.note = { text: telegramBotTexts[lang.value].disconnected, kind: 'ok' };
    } catch (error) {
      state.note = { text: await errorText(error), kind: 'error' };
    } finally {
      state.busy = false;
    }
  });

  const copy = $(async () => {
    if (!state.status.link) return;
    await navigator.clipboard?.writeText(state.status.link).catch(() => undefined);
    state.note = { text: telegramBotTexts[lang.value].copied, kind: 'ok' };
  });

  const { source, username, link } = state.status;
  const showForm = state.ready && source !== 'environment' && (source === 'none' || state.replacing);
  return (
    <section class="panel-box" id="telegram-bot" data-telegram-bot data-source={state.ready ? source : 'loading'}>
      <h2>{bt.title}</h2>
      {!state.ready && !state.note && <p class="muted">{bt.loading}</p>}
      {source === 'environment' && <p class="muted">{username ? bt.fromEnvironment : bt.waitingForEnvironment}</p>}
      {link && username && (
        <div class="bot-card">
          <div class="bot-card-text">
            <span class="muted">{bt.link}</span>
            <a href={link} target="_blank" rel="noopener noreferrer" data-bot-link>
              @{username}
            </a>
            <div class="bot-card-actions">
              <button type="button" class="btn" onClick$={copy}>
                {bt.copy}
              </button>
              <a class="btn" href="/api/settings/telegram-bot/qr.svg" target="_blank" data-bot-qr-print>
                {bt.print}
              </a>
            </div>
          </div>
          <figure class="bot-qr">
            <img src={`/api/settings/telegram-bot/qr.svg?bot=${username}`} width={160} height={160} alt={bt.qr} data-bot-qr />
            <figcaption class="muted">{bt.qr}</figcaption>
          </figure>
        </div>
      )}
      {showForm ? (
        <form class="stack-form" preventdefault:submit onSubmit$={connect} data-bot-form>
          <p class="muted">{bt.hint}</p>
          <label class="field">
            <span>{bt.token}</span>
            <input
              type="text"
              required
              autoComplete="off"
              spellcheck={false}
              placeholder={bt.tokenPlaceholder}
              value={state.token}
              onInput$={(_, el) => (state.token = el.value)}
              data-bot-token
            />
          </label>
          <div class="bot-card-actions">
            <button class="btn btn-primary" type="submit" disabled={state.busy} data-bot-connect>
              {state.busy ? bt.connecting : bt.connect}
            </button>
            {state.replacing && (
              <button type="button" class="btn" onClick$={() => (state.replacing = false)}>
                {bt.cancel}
              </button>
            )}
          </div>
        </form>
      ) : (
        source === 'panel' && (
          <div class="bot-card-actions">
            <button type="button" class="btn" onClick$={() => (state.replacing = true)} data-bot-replace>
              {bt.replace}
            </button>
            <button type="button" class="btn" disabled={state.busy} onClick$={disconnect} data-bot-disconnect>
              {bt.disconnect}
            </button>
          </div>
        )
      )}
      {state.note && (
        <p
          class={state.note.kind === 'error' ? 'form-error' : 'muted'}
          role={state.note.kind === 'error' ? 'alert' : 'status'}
          data-bot-note
        >
          {state.note.text}
        </p>
      )}
    </section>
  );
});

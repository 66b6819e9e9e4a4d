import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { InWords } from './in-words';
import { fill, LangContext, TEXTS, usePageTexts } from '../i18n';
import { api, ApiError, problemText } from '../lib/api';
import { digestTexts } from '../texts/digest';
import { zoneWord } from '../texts/settings';

import type { DigestLanguage, DigestSettings } from '../../../contract/settings.ts';

type DigestState = {
  ready: boolean;
  saving: boolean;
  settings: DigestSettings;
  note: { text: string; kind: 'ok' | 'error' } | null;
  linkCommand: string;
};

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const LANGUAGES: readonly DigestLanguage[] = ['ru', 'en'];

/**
 * The owner's daily digest: on/off, the local time it goes out, Telegram and/or e-mail, and its
 * language. Loads and saves /api/settings/digest; offers a Telegram link code when the owner's
 * chat is not linked yet, since the Telegram digest goes only to a linked chat.
 */
export const DigestSettingsForm = component$(() => {
  const dt = usePageTexts(digestTexts);
  const lang = useContext(LangContext);
  const state = useStore<DigestState>({
    ready: false,
    saving: false,
    settings: {
      enabled: false,
      time: '08:30',
      channels: { telegram: true, email: true },
      language: 'ru',
      timeZone: null,
      telegramLinked: false,
    },
    note: null,
    linkCommand: '',
  });

  const errorText = $((error: unknown) => problemText(error, TEXTS[lang.value].errors));

  useVisibleTask$(
    async () => {
      try {
        state.settings = await api<DigestSettings>('/api/settings/digest');
        state.ready = true;
      } catch (error) {
        state.note = { text: await errorText(error), kind: 'error' };
      }
    },
    { strategy: 'document-ready' },
  );

  const save = $(async () => {
    const texts = digestTexts[lang.value];
    const { enabled, time, channels, language } = state.settings;
    if (!TIME.test(time)) {
      state.note = { text: texts.badTime, kind: 'error' };
      return;
    }
    state.saving = true;
    try {
      state.settings = await api<DigestSettings>('/api/settings/digest', {
        method: 'PUT',
        body: { enabled, time, channels, language },
      });
      state.note = { text: texts.saved, kind: 'ok' };
    } catch (error) {
      state.note = { text: await errorText(error), kind: 'error' };
    } finally {
      state.saving = false;
    }
  });

  const getLinkCode = $(async () => {
    try {
      const { command } = await api<{ command: string }>('/api/telegram/link-code', { method: 'POST' });
      state.linkCommand = command;
    } catch (error) {
      const noBot = error instanceof ApiError && error.status === 404;
      state.note = { text: noBot ? digestTexts[lang.value].noBot : await errorText(error), kind: 'error' };
    }
  });

  const settings = state.settings;
  return (
    <section class="panel-box" data-digest-settings data-ready={state.ready ? 'yes' : 'no'}>
      <h2>{dt.title}</h2>
      <p class="muted">{dt.hint}</p>
      <form class="inline-form" preventdefault:submit onSubmit$={save}>
        <label class="field field-inline" style={{ minHeight: 'var(--tap)' }}>
          <input
            type="checkbox"
            checked={settings.enabled}
            onChange$={(_, el) => (state.settings.enabled = el.checked)}
            data-digest-enabled
          />
          <span>{dt.enabled}</span>
        </label>
        <label class="field">
          <span>
            {dt.time}
            {settings.timeZone ? ` (${fill(dt.timeZone, { zone: zoneWord(settings.timeZone, lang.value) })})` : ''}
          </span>
          <InWords kind="time" value={settings.time}>
            <input
              type="time"
              required
              value={settings.time}
              onInput$={(_, el) => (state.settings.time = el.value)}
              data-digest-time
            />
          </InWords>
        </label>
        <fieldset class="field" style={{ border: 'none', padding: 0, margin: 0 }}>
          <span>{dt.channels}</span>
          <label class="field-inline" style={{ display: 'flex', minHeight: 'var(--tap)' }}>
            <input
              type="checkbox"
              checked={settings.channels.telegram}
              onChange$={(_, el) => (state.settings.channels.telegram = el.checked)}
              data-digest-telegram
            />
            <span>{dt.telegram}</span>
          </label>
          <label class="field-inline" style={{ display: 'flex', minHeight: 'var(--tap)' }}>
            <input
              type="checkbox"
              checked={settings.channels.email}
              onChange$={(_, el) => (state.settings.channels.email = el.checked)}
              data-digest-email
            />
            <span>{dt.email}</span>
          </label>
        </fieldset>
        <label class="field">
          <span>{dt.language}</span>
          <select onChange$={(_, el) => (state.settings.language = el.value as DigestLanguage)} data-digest-language>
            {LANGUAGES.map((language) => (
              <option key={language} value={language} selected={settings.language === language}>
                {dt.languages[language]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="btn btn-primary" disabled={!state.ready || state.saving} data-digest-save>
          {state.saving ? dt.saving : dt.save}
        </button>
      </form>
      {state.ready && settings.channels.telegram && (
        <p class="muted" data-digest-telegram-link>
          {settings.telegramLinked ? (
            dt.telegramLinked
          ) : (
            <>
              {dt.telegramNotLinked}{' '}
              {state.linkCommand ? (
                <strong>{fill(dt.linkCommand, { command: state.linkCommand })}</strong>
              ) : (
                <button type="button" class="btn btn-small" onClick$={getLinkCode}>
                  {dt.linkCode}
                </button>
              )}
            </>
          )}
        </p>
      )}
      {state.note && (
        <p
          class={state.note.kind === 'error' ? 'form-error' : 'muted'}
          role={state.note.kind === 'error' ? 'alert' : 'status'}
          data-digest-note={state.note.kind}
        >
          {state.note.text}
        </p>
      )}
    </section>
  );
});

import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { fill, LangContext, TEXTS, usePageTexts, useT } from '../../../i18n';
import { api, problemText } from '../../../lib/api';
import { takeShown } from '../../../lib/shown-fields';
import { weakPasswordText } from '../../../lib/weak-password';
import { dayAndTime } from '../../../lib/when';
import { inviteTexts } from '../../../texts/invites';

import type { InvitePreview } from '../../../../../contract/invites.ts';

type PageState = {
  phase: 'checking' | 'form' | 'refused' | 'done';
  code: string;
  preview: InvitePreview | null;
  email: string;
  password: string;
  repeat: string;
  busy: boolean;
  error: string;
};

/**
 * A staff invitation opened by the invitee: who invites them and as whom, then their own e-mail
 * and password. The code travels in the link's fragment (#…), which browsers never send to a
 * server, and reaches the API only in a request body.
 */
export default component$(() => {
  const t = useT();
  const it = usePageTexts(inviteTexts);
  const lang = useContext(LangContext);
  const state = useStore<PageState>({
    phase: 'checking',
    code: '',
    preview: null,
    email: '',
    password: '',
    repeat: '',
    busy: false,
    error: '',
  });

  const errorText = $(
    (error: unknown) =>
      weakPasswordText(error, lang.value) ??
      problemText(error, { ...TEXTS[lang.value].errors, ...inviteTexts[lang.value].errors }),
  );

  useVisibleTask$(
    async () => {
      state.code = decodeURIComponent(window.location.hash.slice(1)).trim();
      if (!state.code) {
        state.phase = 'refused';
        state.error = inviteTexts[lang.value].noCode;
        return;
      }
      try {
        state.preview = await api<InvitePreview>('/api/invites/preview', { body: { code: state.code } });
        state.phase = 'form';
      } catch (error) {
        state.phase = 'refused';
        state.error = await errorText(error);
      }
    },
    { strategy: 'document-ready' },
  );

  const accept = $(async (form: HTMLFormElement) => {
    const texts = inviteTexts[lang.value];
    takeShown(form, state);
    state.error = '';
    if (state.password !== state.repeat) {
      state.error = texts.mismatch;
      return;
    }
    state.busy = true;
    try {
      await api('/api/invites/accept', { body: { code: state.code, email: state.email.trim(), password: state.password } });
      state.phase = 'done';
      // The code is used up: keep it out of the address bar and the history.
      history.replaceState(null, '', window.location.pathname);
    } catch (error) {
      state.error = await errorText(error);
    } finally {
      state.busy = false;
    }
  });

  const preview = state.preview;
  return (
    <section class="login">
      <div class="login-card invite-card" data-invite-page={state.phase}>
        <h1>{it.pageTitle}</h1>
        {state.phase === 'checking' && <p class="muted">{it.checking}</p>}
        {state.phase === 'form' && preview && (
          <form class="stack-form" preventdefault:submit onSubmit$={(_, form) => accept(form)} data-accept-form>
            <p data-invite-welcome>
              {fill(it.welcome, { organization: preview.organization, name: preview.name, role: t.roles[preview.role] })}
            </p>
            <p class="muted">
              {fill(it.validUntil, { time: dayAndTime(preview.expiresAt, preview.timeZone, TEXTS[lang.value].locale) })}
            </p>
            <label class="field">
              <span>{it.email}</span>
              <input
                type="email"
                required
                autoComplete="username"
                inputMode="email"
                name="email"
                value={state.email}
                onInput$={(_, el) => (state.email = el.value)}
                data-accept-email
              />
            </label>
            <label class="field">
              <span>{it.password}</span>
              <input
                type="password"
                required
                minLength={12}
                autoComplete="new-password"
                name="password"
                value={state.password}
                onInput$={(_, el) => (state.password = el.value)}
                data-accept-password
              />
              <small class="muted">{it.passwordHint}</small>
            </label>
            <label class="field">
              <span>{it.repeat}</span>
              <input
                type="password"
                required
                autoComplete="new-password"
                name="repeat"
                value={state.repeat}
                onInput$={(_, el) => (state.repeat = el.value)}
                data-accept-repeat
              />
            </label>
            {state.error && (
              <p class="form-error" role="alert" data-accept-error>
                {state.error}
              </p>
            )}
            <button class="btn btn-primary btn-wide" type="submit" disabled={state.busy} data-accept-submit>
              {state.busy ? it.accepting : it.accept}
            </button>
          </form>
        )}
        {state.phase === 'refused' && (
          <p class="form-error" role="alert" data-accept-error>
            {state.error}
          </p>
        )}
        {state.phase === 'done' && (
          <>
            <p data-accept-done>{it.done}</p>
            <a class="btn btn-primary btn-wide" href="/login">
              {it.toLogin}
            </a>
          </>
        )}
      </div>
    </section>
  );
});

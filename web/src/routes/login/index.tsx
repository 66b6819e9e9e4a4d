import { $, component$, useContext, useSignal } from '@builder.io/qwik';
import { fill, LangContext, TEXTS, useT, type Texts } from '../../i18n';
import { api, ApiError } from '../../lib/api';

/** Only same-origin panel paths are followed after sign-in. */
const safeNext = (value: string | null) =>
  value && /^\/(?!\/)[\w\-/?=&%.]*$/.test(value) && !value.startsWith('/login') ? value : '/';

/**
 * A closed sign-in in words: the account's own lock, or the network's allowance that a whole station
 * shares, with the minutes left as the server counts them.
 */
const lockedText = (texts: Texts, problem: Record<string, unknown> | null): string => {
  const seconds = typeof problem?.retryAfterSeconds === 'number' ? problem.retryAfterSeconds : 15 * 60;
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return fill(problem?.by === 'address' ? texts.login.addressLocked : texts.login.locked, { minutes });
};

export default component$(() => {
  const t = useT();
  const lang = useContext(LangContext);
  const email = useSignal('');
  const password = useSignal('');
  const error = useSignal('');
  const busy = useSignal(false);

  const submit = $(async (_: Event, form: HTMLFormElement) => {
    const texts = TEXTS[lang.value];
    // What the fields show, not what their handlers have stored yet: on a page just arrived, the
    // Save's code can run before the fields' (see lib/shown-fields.ts).
    const shown = (name: string) => form.querySelector<HTMLInputElement>(`input[name=${name}]`)?.value ?? '';
    email.value = shown('email');
    password.value = shown('password');
    error.value = '';
    busy.value = true;
    try {
      await api('/api/auth/login', { body: { email: email.value.trim(), password: password.value } });
      window.location.replace(safeNext(new URLSearchParams(window.location.search).get('next')));
    } catch (failure) {
      const status = failure instanceof ApiError ? failure.status : 0;
      error.value =
        status === 401 || status === 400
          ? texts.login.wrong
          : status === 429
            ? lockedText(texts, (failure as ApiError).body)
            : texts.login.failed;
      busy.value = false;
    }
  });

  return (
    <section class="login">
      <form class="login-card" preventdefault:submit onSubmit$={submit} data-login-form>
        <h1>{t.login.title}</h1>
        <label class="field">
          <span>{t.login.email}</span>
          <input name="email" type="email" autocomplete="username" required bind:value={email} inputMode="email" />
        </label>
        <label class="field">
          <span>{t.login.password}</span>
          <input name="password" type="password" autocomplete="current-password" required bind:value={password} />
        </label>
        {error.value && (
          <p class="form-error" role="alert">
            {error.value}
          </p>
        )}
        <button class="btn btn-primary btn-wide" type="submit" disabled={busy.value}>
          {t.login.submit}
        </button>
      </form>
    </section>
  );
});

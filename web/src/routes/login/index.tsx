import { $, component$, useContext, useSignal } from '@builder.io/qwik';
import { LangContext, TEXTS, useT } from '../../i18n';
import { api, ApiError } from '../../lib/api';

/** Only same-origin panel paths are followed after sign-in. */
const safeNext = (value: string | null) =>
  value && /^\/(?!\/)[\w\-/?=&%.]*$/.test(value) && !value.startsWith('/login') ? value : '/';

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
        status === 401 || status === 400 ? texts.login.wrong : status === 429 ? texts.login.locked : texts.login.failed;
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

import { $, component$, useContext, useStore } from '@builder.io/qwik';
import { LangContext, TEXTS, usePageTexts, useT } from '../../i18n';
import { api, ApiError, problemText } from '../../lib/api';
import { takeShown } from '../../lib/shown-fields';
import { weakPasswordText } from '../../lib/weak-password';
import { SessionContext } from '../../components/session';
import { TextField } from '../../components/text-field';
import { accountTexts } from '../../texts/account';

type PasswordForm = { current: string; next: string; repeat: string; busy: boolean; error: string; done: boolean };

/** The signed-in person's own page: who they are here, and their password, which only they change. */
export default component$(() => {
  const t = useT();
  const at = usePageTexts(accountTexts);
  const lang = useContext(LangContext);
  const session = useContext(SessionContext);
  const form = useStore<PasswordForm>({ current: '', next: '', repeat: '', busy: false, error: '', done: false });

  const refusalText = $((error: unknown) => {
    const texts = accountTexts[lang.value];
    if (error instanceof ApiError && error.code === 'WRONG_PASSWORD') return texts.wrong;
    if (error instanceof ApiError && error.code === 'PASSWORD_CHANGED') return texts.changedMeanwhile;
    if (error instanceof ApiError && error.status === 429) return texts.tooMany;
    return weakPasswordText(error, lang.value) ?? problemText(error, TEXTS[lang.value].errors);
  });

  const change = $(async (shown: HTMLFormElement) => {
    // A second tap while the first is on its way would be refused as a wrong current password.
    if (form.busy) return;
    takeShown(shown, form);
    form.error = '';
    form.done = false;
    if (form.next !== form.repeat) {
      form.error = accountTexts[lang.value].mismatch;
      return;
    }
    form.busy = true;
    try {
      await api('/api/auth/password', { body: { currentPassword: form.current, newPassword: form.next } });
      form.current = form.next = form.repeat = '';
      form.done = true;
    } catch (error) {
      form.error = await refusalText(error);
    } finally {
      form.busy = false;
    }
  });

  const me = session.me;
  return (
    <section class="page narrow account-page" data-account-page>
      <h1>{at.title}</h1>
      {me && (
        <dl class="account-facts panel-box" data-account-facts>
          <dt>{at.name}</dt>
          <dd>{me.name}</dd>
          <dt>{at.email}</dt>
          <dd>{me.email}</dd>
          <dt>{at.role}</dt>
          <dd>{t.roles[me.role]}</dd>
        </dl>
      )}
      <form class="panel-box stack-form" preventdefault:submit onSubmit$={(_, shown) => change(shown)} data-password-form>
        <h2>{at.passwordTitle}</h2>
        <p class="muted">{at.passwordIntro}</p>
        <TextField label={at.current} name="current" store={form} type="password" autocomplete="current-password" required />
        <TextField
          label={at.next}
          name="next"
          store={form}
          type="password"
          autocomplete="new-password"
          minLength={12}
          hint={at.nextHint}
          required
        />
        <TextField label={at.repeat} name="repeat" store={form} type="password" autocomplete="new-password" required />
        {form.error && (
          <p class="form-error" role="alert" data-password-error>
            {form.error}
          </p>
        )}
        {form.done && (
          <p class="form-ok" role="status" data-password-done>
            {at.done}
          </p>
        )}
        <button class="btn btn-primary" type="submit" disabled={form.busy} data-password-submit>
          {form.busy ? at.saving : at.submit}
        </button>
      </form>
    </section>
  );
});

import { $, component$, useContext, useStore, type QRL } from '@builder.io/qwik';
import { LangContext, usePageTexts } from '../../i18n';
import { api } from '../../lib/api';
import { refusalOf } from '../../lib/refusal';
import { takeShown } from '../../lib/shown-fields';
import { clientTexts } from '../../texts/client';

/**
 * A new number for the client (PUT /api/clients/:id/phone): the number is their key for bookings
 * and the bot, so one that is another client's is refused in words. The answer is the masked number.
 */
export const PhoneEditor = component$((props: { clientId: string; onChanged$: QRL<(masked: string | null) => void> }) => {
  const lang = useContext(LangContext);
  const ct = usePageTexts(clientTexts);
  const form = useStore({ open: false, phone: '', error: '', busy: false });

  const save = $(async (element: HTMLFormElement) => {
    takeShown(element, form);
    form.busy = true;
    form.error = '';
    try {
      const saved = await api<{ phone: string | null }>(`/api/clients/${props.clientId}/phone`, {
        method: 'PUT',
        body: { phone: form.phone },
      });
      await props.onChanged$(saved.phone);
      form.open = false;
    } catch (error) {
      form.error = refusalOf(error, lang.value).text;
    } finally {
      form.busy = false;
    }
  });

  if (!form.open) {
    return (
      <button
        type="button"
        class="btn btn-wide phone-change"
        data-change-phone
        onClick$={() => Object.assign(form, { open: true, phone: '', error: '' })}
      >
        {ct.changePhone}
      </button>
    );
  }
  return (
    <form class="profile-form" preventdefault:submit data-phone-form onSubmit$={(_, element) => save(element)}>
      <label class="field">
        <span>{ct.newPhone}</span>
        <input
          name="phone"
          type="tel"
          required
          maxLength={40}
          autocomplete="off"
          value={form.phone}
          onInput$={(_, el) => (form.phone = el.value)}
          data-field="phone"
        />
      </label>
      {form.error && (
        <p class="form-error" role="alert" data-phone-error>
          {form.error}
        </p>
      )}
      <div class="form-actions">
        <button type="button" class="btn" onClick$={() => (form.open = false)}>
          {ct.cancel}
        </button>
        <button type="submit" class="btn btn-primary" disabled={form.busy} data-save-phone>
          {ct.save}
        </button>
      </div>
    </form>
  );
});

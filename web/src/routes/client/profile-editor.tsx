import { component$, useContext, useStore, type QRL } from '@builder.io/qwik';
import { LangContext, usePageTexts } from '../../i18n';
import { api } from '../../lib/api';
import { refusalOf } from '../../lib/refusal';
import { clientTexts } from '../../texts/client';

type Profile = { id: string; name: string | null; note?: string; notes: string[] };

/**
 * The client's name and notes: the staff's own note (editable with the name), and the notes the
 * imported client base brought, shown as they came. PATCH /api/clients/:id keeps the phone as it is.
 */
export const ProfileEditor = component$(
  (props: { card: Profile; canEdit: boolean; onSaved$: QRL<(saved: { name: string; note: string }) => void> }) => {
    const lang = useContext(LangContext);
    const ct = usePageTexts(clientTexts);
    const form = useStore({ open: false, name: '', note: '', error: '', busy: false });
    const card = props.card;

    return (
      <section class="panel-box client-notes" aria-label={ct.notes} data-client-notes>
        <h2>{ct.notes}</h2>
        {form.open ? (
          <form
            class="profile-form"
            preventdefault:submit
            data-profile-form
            onSubmit$={async () => {
              form.busy = true;
              form.error = '';
              try {
                const saved = await api<{ name: string; note: string }>(`/api/clients/${card.id}`, {
                  method: 'PATCH',
                  body: { name: form.name.trim(), note: form.note },
                });
                // The answer is the saved profile: the card shows it at once, before the read model catches up.
                await props.onSaved$(saved);
                form.open = false;
              } catch (error) {
                form.error = refusalOf(error, lang.value).text;
              } finally {
                form.busy = false;
              }
            }}
          >
            <label class="field">
              <span>{ct.name}</span>
              <input required maxLength={200} value={form.name} onInput$={(_, el) => (form.name = el.value)} data-field="name" />
            </label>
            <label class="field">
              <span>{ct.staffNote}</span>
              <textarea
                rows={3}
                maxLength={1000}
                value={form.note}
                onInput$={(_, el) => (form.note = el.value)}
                data-field="note"
              />
            </label>
            {form.error && (
              <p class="form-error" role="alert">
                {form.error}
              </p>
            )}
            <div class="form-actions">
              <button type="button" class="btn" onClick$={() => (form.open = false)}>
                {ct.cancel}
              </button>
              <button type="submit" class="btn btn-primary" disabled={form.busy} data-save-profile>
                {ct.save}
              </button>
            </div>
          </form>
        ) : (
          <>
            {card.note ? (
              <p class="client-note" data-client-note>
                {card.note}
              </p>
            ) : (
              <p class="muted">{ct.noNote}</p>
            )}
            {props.canEdit && (
              <button
                type="button"
                class="btn"
                data-edit-profile
                onClick$={() => {
                  form.name = card.name ?? '';
                  form.note = card.note ?? '';
                  form.error = '';
                  form.open = true;
                }}
              >
                {ct.editProfile}
              </button>
            )}
          </>
        )}
        {card.notes.length > 0 && (
          <ul data-imported-notes>
            {card.notes.map((note) => (
              <li key={note}>
                {note} <span class="muted">({ct.importedNote})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  },
);

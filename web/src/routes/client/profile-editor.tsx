import { component$, useContext, useStore, type QRL } from '@builder.io/qwik';
import { TextField } from '../../components/text-field';
import { LangContext, usePageTexts } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import { refusalOf } from '../../lib/refusal';
import { takeShown } from '../../lib/shown-fields';
import { clientTexts } from '../../texts/client';

type Profile = { id: string; name: string | null; note?: string; email?: string; notes: string[] };
type SavedProfile = { name: string; note: string; email: string };

/**
 * The client's name, e-mail and notes: the staff's own note and the e-mail status messages may go
 * to (editable with the name), and the notes the imported client base brought, shown as they came.
 * PATCH /api/clients/:id keeps the phone as it is.
 */
export const ProfileEditor = component$(
  (props: { card: Profile; canEdit: boolean; onSaved$: QRL<(saved: SavedProfile) => void> }) => {
    const lang = useContext(LangContext);
    const ct = usePageTexts(clientTexts);
    const form = useStore({ open: false, name: '', note: '', email: '', error: '', busy: false });
    const card = props.card;

    return (
      <section class="panel-box client-notes" aria-label={ct.notes} data-client-notes>
        <h2>{ct.notes}</h2>
        {form.open ? (
          <form
            class="profile-form"
            preventdefault:submit
            data-profile-form
            onSubmit$={async (_, element) => {
              takeShown(element, form);
              form.busy = true;
              form.error = '';
              try {
                const saved = await api<SavedProfile>(`/api/clients/${card.id}`, {
                  method: 'PATCH',
                  body: { name: form.name.trim(), note: form.note, email: form.email.trim() },
                });
                // The answer is the saved profile: the card shows it at once, before the read model catches up.
                await props.onSaved$(saved);
                form.open = false;
              } catch (error) {
                // The API names the field it refused: a bad e-mail gets its own words, not the generic ones.
                const field = error instanceof ApiError ? error.body?.field : undefined;
                form.error = field === 'email' ? ct.badEmail : refusalOf(error, lang.value).text;
              } finally {
                form.busy = false;
              }
            }}
          >
            <TextField label={ct.name} name="name" store={form} required maxLength={200} />
            <label class="field">
              <span>{ct.staffNote}</span>
              <textarea
                name="note"
                rows={3}
                maxLength={1000}
                value={form.note}
                onInput$={(_, el) => (form.note = el.value)}
                data-field="note"
              />
            </label>
            <label class="field">
              <span>{ct.email}</span>
              <input
                name="email"
                // Text, not type=email: the server's rule decides (and says why), Cyrillic domains included.
                type="text"
                inputMode="email"
                autoComplete="off"
                maxLength={254}
                value={form.email}
                onInput$={(_, el) => (form.email = el.value)}
                data-field="email"
              />
              <small class="hint">{ct.emailHint}</small>
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
            <p class={card.email ? 'client-email' : 'client-email muted'} data-client-email={card.email ?? ''}>
              {card.email ? `${ct.email}: ${card.email}` : ct.noEmail}
            </p>
            {props.canEdit && (
              <button
                type="button"
                class="btn"
                data-edit-profile
                onClick$={() => {
                  form.name = card.name ?? '';
                  form.note = card.note ?? '';
                  form.email = card.email ?? '';
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

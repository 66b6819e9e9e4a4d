import { component$, useContext, useStore } from '@builder.io/qwik';
import type { WorkOrder } from '../../../contract/work-orders.ts';
import { LangContext } from '../i18n';
import { dateTimeWords } from '../lib/words';
import { workOrderTexts } from '../texts/work-order';
import { linesEditable, type ActOnOrder } from './work-order-act';

type Uploaded = { photoId: string; problem?: undefined } | { photoId?: undefined; problem: string };

/** Uploads one photo as the request's body; answers its id, or the refusal's words. */
const upload = async (
  orderId: string,
  file: File,
  t: { photoTooBig: string; notAPhoto: string; photoFailed: string; problems: Record<string, string> },
): Promise<Uploaded> => {
  const response = await fetch(`/api/work-orders/${orderId}/photos`, {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream', accept: 'application/json' },
    body: file,
  }).catch(() => null);
  if (response?.status === 201) return { photoId: ((await response.json()) as { photoId: string }).photoId };
  const status = response?.status ?? 0;
  // 409: the client's data was destroyed, and no new photo of their car is kept.
  if (status === 409) return { problem: t.problems.CLIENT_ERASED ?? t.photoFailed };
  // 400: the bytes are no picture the server can read; 413: over the limit after all.
  return { problem: status === 413 ? t.photoTooBig : [400, 415, 422].includes(status) ? t.notAPhoto : t.photoFailed };
};

/**
 * What the mechanic found on the car, with photos taken on the tablet: the findings so far, and a
 * new one (a note, photos, or both). The desk then asks the client about the extra works with them.
 */
export const WorkOrderFindings = component$((props: { order: WorkOrder; busy: boolean; act: ActOnOrder; timeZone: string }) => {
  const lang = useContext(LangContext);
  const t = workOrderTexts[lang.value];
  const form = useStore({ note: '', problem: '', uploading: false, chosen: 0 });
  const order = props.order;

  return (
    <div class="wo-findings" data-wo-findings>
      {order.findings.length > 0 && (
        <>
          <h4>{t.findingsTitle}</h4>
          <ul class="wo-finding-list">
            {order.findings.map((finding) => (
              <li key={finding.findingId} data-finding={finding.findingId}>
                <span class="muted">{dateTimeWords(finding.addedAt, props.timeZone, lang.value)}</span>
                {finding.note && <p class="wo-finding-note">{finding.note}</p>}
                <span class="wo-photos">
                  {finding.photoIds.map((photoId) => (
                    <a
                      key={photoId}
                      href={`/api/work-orders/${order.id}/photos/${photoId}`}
                      target="_blank"
                      rel="noopener"
                      aria-label={t.openPhoto}
                    >
                      <img src={`/api/work-orders/${order.id}/photos/${photoId}`} alt="" width={64} height={64} loading="lazy" />
                    </a>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {linesEditable(order.status) && (
        <form
          class="wo-finding-form"
          data-add-finding
          preventdefault:submit
          onSubmit$={async (_, el) => {
            const files = [...(el.querySelector<HTMLInputElement>('input[type=file]')?.files ?? [])];
            const note = form.note.trim();
            form.problem = files.length === 0 && !note ? t.findingEmpty : '';
            if (form.problem) return;
            form.uploading = true;
            const photoIds: string[] = [];
            for (const file of files) {
              const sent = await upload(order.id, file, t);
              if (sent.problem !== undefined) {
                form.problem = sent.problem;
                form.uploading = false;
                return;
              }
              photoIds.push(sent.photoId);
            }
            form.uploading = false;
            const added = await props.act({
              path: `/api/work-orders/${order.id}/findings`,
              body: { ...(note ? { note } : {}), photoIds },
              done: t.findingAdded,
            });
            if (added) {
              el.reset();
              Object.assign(form, { note: '', chosen: 0 });
            }
          }}
        >
          <label class="field">
            <span>{t.findingNote}</span>
            <textarea
              rows={2}
              maxLength={1000}
              value={form.note}
              onInput$={(_, el) => (form.note = el.value)}
              data-finding-note
            />
          </label>
          <label class="btn wo-photo-pick">
            {form.chosen > 0 ? t.photosChosen(form.chosen) : t.takePhoto}
            <input
              type="file"
              accept="image/jpeg,image/png,image/webp"
              capture="environment"
              multiple
              onChange$={(_, el) => (form.chosen = el.files?.length ?? 0)}
              data-finding-photos
            />
          </label>
          <button type="submit" class="btn" disabled={props.busy || form.uploading} data-add-finding-submit>
            {form.uploading ? t.uploading : t.addFinding}
          </button>
          {form.problem && (
            <p class="field-error" role="alert">
              {form.problem}
            </p>
          )}
        </form>
      )}
    </div>
  );
});

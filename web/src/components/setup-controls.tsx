import { $, component$, useSignal, type QRL } from '@builder.io/qwik';
import type { DemoStatus, StationTemplateAdded } from '../../../contract/setup.ts';
import { fill, usePageTexts } from '../i18n';
import { api } from '../lib/api';
import { setupTexts } from '../texts/setup';

const kinds = ['general', 'tyres', 'body', 'detailing'] as const;

/** A ready catalogue for the station's kind, added to a branch; applying it again adds nothing. */
export const StationTemplatePicker = component$((props: { branchId: string; onApplied$?: QRL<() => unknown> }) => {
  const t = usePageTexts(setupTexts);
  const kind = useSignal<(typeof kinds)[number]>('general');
  const busy = useSignal(false);
  const outcome = useSignal('');

  const apply = $(async () => {
    busy.value = true;
    try {
      const added = await api<StationTemplateAdded>(`/api/station-templates/${kind.value}`, {
        method: 'POST',
        body: { branchId: props.branchId },
      });
      outcome.value =
        added.bays.length + added.services.length === 0
          ? t.nothingAdded
          : fill(t.added, { services: added.services.length, bays: added.bays.length });
      await props.onApplied$?.();
    } catch {
      outcome.value = t.failed;
    } finally {
      busy.value = false;
    }
  });

  return (
    <div class="setup-template" data-station-template>
      <label class="setup-template-field">
        <span>{t.templateLabel}</span>
        <select
          value={kind.value}
          onChange$={(_, element) => (kind.value = element.value as (typeof kinds)[number])}
          data-station-kind
        >
          {kinds.map((one) => (
            <option key={one} value={one}>
              {t.kinds[one]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" class="btn" disabled={busy.value} onClick$={apply} data-station-template-apply>
        {busy.value ? t.applying : t.apply}
      </button>
      <p class="muted setup-note" role="status" data-station-template-outcome>
        {outcome.value || t.templateHint}
      </p>
    </div>
  );
});

/**
 * The demo branch of a fresh installation: made with one tap and opened on the board, removed with
 * two (the second confirms). The station's own branches, figures and client list never show it.
 * Its state is read with the page that shows it.
 */
export const DemoControl = component$((props: { status: DemoStatus | null }) => {
  const t = usePageTexts(setupTexts);
  const busy = useSignal<'' | 'create' | 'remove'>('');
  const confirming = useSignal(false);
  const failed = useSignal(false);

  const act = $(async (what: 'create' | 'remove') => {
    busy.value = what;
    failed.value = false;
    try {
      const now = await api<DemoStatus>('/api/demo', { method: what === 'create' ? 'POST' : 'DELETE' });
      // After removal the board falls back to the station's own first branch by itself.
      location.href = what === 'create' && now.branchId ? `/board?branch=${now.branchId}` : '/board';
    } catch {
      failed.value = true;
      busy.value = '';
    }
  });

  const current = props.status;
  if (!current) return null;
  return (
    <section class="setup-demo" aria-labelledby="setup-demo-title" data-demo={current.active ? 'active' : 'none'}>
      <h3 id="setup-demo-title">{t.demoTitle}</h3>
      <p>{current.active ? fill(t.demoActive, { bookings: current.bookings, clients: current.clients }) : t.demoText}</p>
      <div class="setup-demo-actions">
        {!current.active && (
          <button
            type="button"
            class="btn btn-primary"
            disabled={busy.value !== ''}
            onClick$={() => act('create')}
            data-demo-create
          >
            {busy.value === 'create' ? t.demoCreating : t.demoCreate}
          </button>
        )}
        {current.active && current.branchId && (
          <a class="btn" href={`/board?branch=${current.branchId}`} data-demo-open>
            {t.demoOpen}
          </a>
        )}
        {current.active && !confirming.value && (
          <button type="button" class="btn" onClick$={() => (confirming.value = true)} data-demo-remove>
            {t.demoRemove}
          </button>
        )}
        {current.active && confirming.value && (
          <button
            type="button"
            class="btn btn-danger"
            disabled={busy.value !== ''}
            onClick$={() => act('remove')}
            data-demo-confirm
          >
            {busy.value === 'remove' ? t.demoRemoving : t.demoConfirm}
          </button>
        )}
      </div>
      {failed.value && (
        <p class="form-error" role="alert">
          {t.failed}
        </p>
      )}
    </section>
  );
});

import { $, component$, useContext, useStore, type QRL } from '@builder.io/qwik';
import { LangContext, usePageTexts } from '../../i18n';
import { api } from '../../lib/api';
import { refusalOf } from '../../lib/refusal';
import { clientTexts } from '../../texts/client';

/**
 * Whether the client gets maintenance reminders. The client turns them off under a reminder in the
 * messenger; the staff turn them off or back on when the client asks by phone or at the desk.
 */
export const MaintenanceReminders = component$(
  (props: { clientId: string; enabled: boolean; canEdit: boolean; onChanged$: QRL<(enabled: boolean) => void> }) => {
    const lang = useContext(LangContext);
    const ct = usePageTexts(clientTexts);
    const state = useStore({ error: '', busy: false });

    const save = $(async (enabled: boolean) => {
      state.busy = true;
      state.error = '';
      try {
        await api(`/api/clients/${props.clientId}/maintenance-reminders`, { method: 'PUT', body: { enabled } });
        await props.onChanged$(enabled);
      } catch (error) {
        state.error = refusalOf(error, lang.value).text;
      } finally {
        state.busy = false;
      }
    });

    return (
      <section class="panel-box" aria-label={ct.maintenance} data-maintenance-reminders={props.enabled ? 'on' : 'off'}>
        <h2>{ct.maintenance}</h2>
        <p class="muted">{props.enabled ? ct.maintenanceOn : ct.maintenanceOff}</p>
        {props.canEdit && (
          <button type="button" class="btn" disabled={state.busy} data-maintenance-toggle onClick$={() => save(!props.enabled)}>
            {props.enabled ? ct.maintenanceTurnOff : ct.maintenanceTurnOn}
          </button>
        )}
        {state.error && (
          <p class="form-error" role="alert">
            {state.error}
          </p>
        )}
      </section>
    );
  },
);

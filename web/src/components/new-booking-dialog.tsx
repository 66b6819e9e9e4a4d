import { $, component$, useContext, useSignal, useStore, useTask$, type QRL } from '@builder.io/qwik';
import { isServer } from '@builder.io/qwik/build';
import { Modal } from '@qwik-ui/headless';
import { LangContext, TEXTS } from '../i18n';
import { api, ApiError, problemText } from '../lib/api';
import type { BoardState } from '../lib/board-state';
import type { Bay, ClientRow, Service } from '../lib/types';
import { instantOfWall, timeIn, wallIso } from '../lib/tz';

/** Opened by the board's button or a tap on a free calendar slot; `start` is a branch wall time 'YYYY-MM-DDTHH:mm'. */
export type NewBookingState = { open: boolean; start: string; bayId: string; clientId?: string };

type Form = {
  query: string;
  found: ClientRow[];
  name: string;
  phone: string;
  serviceId: string;
  bayId: string;
  start: string;
  make: string;
  model: string;
  plate: string;
  comment: string;
  error: string;
  alternatives: string[];
  busy: boolean;
};

const blank = (): Form => ({
  query: '',
  found: [],
  name: '',
  phone: '',
  serviceId: '',
  bayId: '',
  start: '',
  make: '',
  model: '',
  plate: '',
  comment: '',
  error: '',
  alternatives: [],
  busy: false,
});

/** A booking taken on the phone (channel «phone»), with a search over the station's clients. */
export const NewBookingDialog = component$(
  (props: { state: NewBookingState; board: BoardState; onCreated$: QRL<(id: string) => void> }) => {
    const lang = useContext(LangContext);
    const t = TEXTS[lang.value];
    const show = useSignal(false);
    const form = useStore<Form>(blank());
    // The board's store is read only while the dialog is open, so loading the board does not re-render it.
    const open = props.state.open;
    const board = props.board;
    const services: Service[] = open ? board.services : [];
    const bays: Bay[] = open ? board.bays : [];

    useTask$(({ track }) => {
      const open = track(() => props.state.open);
      show.value = open;
      if (!open || isServer) return;
      Object.assign(form, blank());
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      form.start = props.state.start || `${tomorrow}T10:00`;
      form.bayId = props.state.bayId;
      form.serviceId = props.board.services[0]?.id ?? '';
    });

    // Client search: a short pause after typing, then the read model.
    useTask$(async ({ track, cleanup }) => {
      const query = track(() => form.query).trim();
      if (isServer) return;
      if (query.length < 2) {
        form.found = [];
        return;
      }
      let cancelled = false;
      cleanup(() => (cancelled = true));
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (cancelled) return;
      try {
        const { clients } = await api<{ clients: ClientRow[] }>(`/api/clients?q=${encodeURIComponent(query)}`);
        if (!cancelled) form.found = clients.slice(0, 8);
      } catch {
        form.found = [];
      }
    });

    const pick = $(async (client: ClientRow) => {
      form.name = client.name ?? '';
      // Search results carry masked phones; booking needs the number, so reveal it (a logged access).
      form.phone = '';
      api<{ phone: string | null }>(`/api/clients/${client.id}/reveal-phone`, { method: 'POST' })
        .then(({ phone }) => (form.phone = phone ?? ''))
        .catch(() => (form.phone = ''));
      const car = client.cars[0];
      if (car) {
        form.make = car.make ?? '';
        form.model = car.model ?? '';
        form.plate = car.plate ?? '';
      }
      form.found = [];
      form.query = '';
    });

    // Opened for a known client (the card's «Записать»): their name, number and car are filled in.
    useTask$(async ({ track }) => {
      const open = track(() => props.state.open);
      const clientId = props.state.clientId;
      if (!open || isServer || !clientId) return;
      try {
        await pick(await api<ClientRow>(`/api/clients/${clientId}`));
      } catch (error) {
        form.error = problemText(error, TEXTS[lang.value].errors);
      }
    });

    const submit = $(async () => {
      const texts = TEXTS[lang.value];
      form.error = '';
      form.alternatives = [];
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(form.start)) {
        form.error = texts.errors.VALIDATION!;
        return;
      }
      const start = new Date(instantOfWall(Date.parse(`${form.start.slice(0, 16)}:00Z`), props.board.timeZone)).toISOString();
      const car = { make: form.make.trim(), model: form.model.trim(), plate: form.plate.trim() };
      form.busy = true;
      try {
        const created = await api<{ id: string }>('/api/bookings', {
          body: {
            branchId: props.board.branchId,
            serviceId: form.serviceId,
            start,
            ...(form.bayId ? { bayId: form.bayId } : {}),
            client: { name: form.name.trim(), phone: form.phone.trim() },
            ...(car.make || car.model || car.plate
              ? { car: Object.fromEntries(Object.entries(car).filter(([, value]) => value)) }
              : {}),
            ...(form.comment.trim() ? { comment: form.comment.trim() } : {}),
            channel: 'phone',
          },
        });
        props.state.open = false;
        await props.onCreated$(created.id);
      } catch (error) {
        form.error =
          error instanceof ApiError && error.code === 'VALIDATION'
            ? `${texts.errors.VALIDATION}: ${error.detail}`
            : problemText(error, texts.errors);
        const alternatives = error instanceof ApiError ? error.body?.alternatives : undefined;
        if (Array.isArray(alternatives)) {
          form.alternatives = alternatives
            .map((a: { start?: unknown }) => (typeof a.start === 'string' ? a.start : ''))
            .filter(Boolean)
            .slice(0, 6);
        }
      } finally {
        form.busy = false;
      }
    });

    return (
      <Modal.Root bind:show={show} onClose$={() => (props.state.open = false)}>
        <Modal.Panel class="dialog" data-new-booking-dialog>
          <header class="dialog-head">
            <Modal.Title class="dialog-title">{t.newBooking.title}</Modal.Title>
            <Modal.Close class="btn btn-icon btn-close" aria-label={t.card.close}>
              ×
            </Modal.Close>
          </header>
          <form class="form-grid" preventdefault:submit onSubmit$={submit}>
            <label class="field span-2">
              <span>{t.newBooking.search}</span>
              <input
                type="search"
                value={form.query}
                onInput$={(_, el) => (form.query = el.value)}
                autocomplete="off"
                data-client-search
              />
            </label>
            {form.found.length > 0 && (
              <ul class="client-picks span-2" data-client-results>
                {form.found.map((client) => (
                  <li key={client.id}>
                    <button type="button" class="btn btn-wide btn-left" onClick$={() => pick(client)}>
                      <strong>{client.name ?? '—'}</strong> <span class="muted">{client.phone}</span>{' '}
                      {client.cars[0]?.plate && <span class="plate">{client.cars[0].plate}</span>}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <label class="field">
              <span>{t.newBooking.name}</span>
              <input
                required
                value={form.name}
                onInput$={(_, el) => (form.name = el.value)}
                data-field="name"
                autocomplete="off"
              />
            </label>
            <label class="field">
              <span>{t.newBooking.phone}</span>
              <input
                required
                type="tel"
                inputMode="tel"
                value={form.phone}
                onInput$={(_, el) => (form.phone = el.value)}
                data-field="phone"
                autocomplete="off"
              />
            </label>
            <label class="field">
              <span>{t.newBooking.service}</span>
              <select onChange$={(_, el) => (form.serviceId = el.value)} data-field="service">
                {services.map((service) => (
                  <option key={service.id} value={service.id} selected={service.id === form.serviceId}>
                    {`${service.name} · ${service.durationMinutes} ${t.settings.duration}`}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>{t.newBooking.bay}</span>
              <select onChange$={(_, el) => (form.bayId = el.value)} data-field="bay">
                <option value="" selected={form.bayId === ''}>
                  {t.newBooking.anyBay}
                </option>
                {bays
                  .filter((bay) => bay.active)
                  .map((bay) => (
                    <option key={bay.id} value={bay.id} selected={bay.id === form.bayId}>
                      {bay.name}
                    </option>
                  ))}
              </select>
            </label>
            <label class="field span-2">
              <span>{t.newBooking.start}</span>
              <input
                type="datetime-local"
                required
                step={300}
                value={form.start}
                onInput$={(_, el) => (form.start = el.value)}
                data-field="start"
              />
            </label>
            <label class="field">
              <span>{t.newBooking.make}</span>
              <input value={form.make} onInput$={(_, el) => (form.make = el.value)} />
            </label>
            <label class="field">
              <span>{t.newBooking.model}</span>
              <input value={form.model} onInput$={(_, el) => (form.model = el.value)} />
            </label>
            <label class="field">
              <span>{t.newBooking.plate}</span>
              <input value={form.plate} onInput$={(_, el) => (form.plate = el.value)} data-field="plate" />
            </label>
            <label class="field span-2">
              <span>{t.newBooking.comment}</span>
              <textarea rows={2} value={form.comment} onInput$={(_, el) => (form.comment = el.value)} />
            </label>
            {form.error && (
              <div class="form-error span-2" role="alert" data-form-error>
                {form.error}
                {form.alternatives.length > 0 && (
                  <div class="alternatives">
                    {t.newBooking.alternatives}{' '}
                    {form.alternatives.map((start) => (
                      <button
                        key={start}
                        type="button"
                        class="btn btn-small"
                        onClick$={() => {
                          form.start = wallIso(start, props.board.timeZone).slice(0, 16);
                          form.error = '';
                          form.alternatives = [];
                        }}
                      >
                        {timeIn(start, board.timeZone)}
                      </button>
                    ))}
                  </div>
                )}
              </div>
            )}
            <div class="form-actions span-2">
              <button type="button" class="btn" onClick$={() => (props.state.open = false)}>
                {t.newBooking.cancel}
              </button>
              <button type="submit" class="btn btn-primary" disabled={form.busy} data-submit>
                {t.newBooking.submit}
              </button>
            </div>
          </form>
        </Modal.Panel>
      </Modal.Root>
    );
  },
);

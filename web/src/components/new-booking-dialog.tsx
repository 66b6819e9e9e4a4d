import { $, component$, useContext, useSignal, useStore, useTask$, type QRL } from '@builder.io/qwik';
import { isServer } from '@builder.io/qwik/build';
import { normalizePhone } from '../../../domain/shared/phone.ts';
import { Modal } from '@qwik-ui/headless';
import { LangContext, TEXTS } from '../i18n';
import { api } from '../lib/api';
import { takeShown } from '../lib/shown-fields';
import type { BoardState } from '../lib/board-state';
import { refusalOf, type Offer } from '../lib/refusal';
import { instantOfWall, todayIn } from '../lib/tz';
import type { Bay, ClientRow, Service } from '../lib/types';
import { dateTimeWords, durationWords, phoneWords } from '../lib/words';
import { phoneBookingTexts } from '../texts/phone-booking';
import { SlotOffers, SlotPicker, type SlotChoice } from './slot-picker';
import { TextField } from './text-field';

/** Opened by the board's button or a tap on a free calendar slot; `start` is a branch wall time 'YYYY-MM-DDTHH:mm'. */
export type NewBookingState = { open: boolean; start: string; bayId: string; clientId?: string };

type Car = ClientRow['cars'][number];

type Form = {
  serviceIds: string[];
  query: string;
  found: ClientRow[];
  /** The query the results answer (so «not found» is not shown while a search is on its way). */
  searched: string;
  /** The client picked from the base; null while searching or for a new one. */
  client: { id: string; name: string; maskedPhone: string; cars: Car[] } | null;
  name: string;
  phone: string;
  /** Index into the picked client's cars; -1 for a car typed in, -2 for none. */
  carIndex: number;
  make: string;
  model: string;
  plate: string;
  comment: string;
  error: string;
  offers: Offer[];
  busy: boolean;
  /** What the search last carried into the name or the phone: replaced as the query grows, unlike what was typed there. */
  carried: string;
};

const blank = (): Form => ({
  serviceIds: [],
  query: '',
  found: [],
  searched: '',
  client: null,
  name: '',
  phone: '',
  carIndex: -1,
  make: '',
  model: '',
  plate: '',
  comment: '',
  error: '',
  offers: [],
  busy: false,
  carried: '',
});

const looksLikePhone = (text: string) => /^[\d\s()+-]{5,}$/.test(text.trim());

/**
 * A booking taken on the phone (channel «phone») in a few taps: services → day → a free time on a bay
 * (the shared free-slot picker) → the client, found by any phone notation or added → their car.
 */
export const NewBookingDialog = component$(
  (props: { state: NewBookingState; board: BoardState; onCreated$: QRL<(id: string) => void> }) => {
    const lang = useContext(LangContext);
    const t = TEXTS[lang.value];
    const pt = phoneBookingTexts[lang.value];
    const show = useSignal(false);
    const form = useStore<Form>(blank());
    const choice = useStore<SlotChoice>({ date: '', start: '', bayId: '' });
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
      const zone = props.board.timeZone;
      const preset = props.state.start;
      // The picker opens on the day the board shows (a manager on the phone is looking at that day),
      // or on the branch's today when the board shows a past day.
      const today = todayIn(zone);
      choice.date = preset ? preset.slice(0, 10) : props.board.date > today ? props.board.date : today;
      // A tap on a free calendar time arrives as a wall time: the same instant the picker's slots name.
      choice.start = preset ? new Date(instantOfWall(Date.parse(`${preset.slice(0, 16)}:00Z`), zone)).toISOString() : '';
      choice.bayId = preset ? props.state.bayId : '';
      const only = props.board.services.length === 1 ? props.board.services[0] : undefined;
      if (only) form.serviceIds = [only.id];
    });

    /** `typedPhone`: the client's whole number as the manager typed it, so nothing needs revealing. */
    const pick = $(async (client: ClientRow, typedPhone?: string) => {
      form.client = { id: client.id, name: client.name ?? '', maskedPhone: client.phone ?? '', cars: client.cars };
      form.name = client.name ?? '';
      form.carIndex = client.cars.length > 0 ? 0 : -1;
      form.found = [];
      form.query = '';
      form.phone = typedPhone ?? '';
      if (typedPhone) return;
      // Search results carry masked phones; booking needs the number, so reveal it (a logged access).
      try {
        form.phone =
          (await api<{ phone: string | null }>(`/api/clients/${client.id}/reveal-phone`, { method: 'POST' })).phone ?? '';
      } catch (error) {
        form.error = refusalOf(error, lang.value).text;
      }
    });

    // Client search: a short pause after typing, then the read model (which reads any phone notation).
    useTask$(async ({ track, cleanup }) => {
      const query = track(() => form.query).trim();
      if (isServer) return;
      if (query.length < 2) {
        form.found = [];
        form.searched = '';
        return;
      }
      let cancelled = false;
      cleanup(() => (cancelled = true));
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (cancelled) return;
      try {
        const { clients } = await api<{ clients: ClientRow[] }>(`/api/clients?q=${encodeURIComponent(query)}`);
        if (cancelled) return;
        // A whole number that is one known client's is that client, picked as if tapped: a manager on
        // the phone types the number and books, and would otherwise be told the client is missing.
        const number = normalizePhone(query);
        if (number && clients.length === 1) return await pick(clients[0]!, number);
        form.found = clients.slice(0, 6);
        form.searched = query;
        if (clients.length === 0) {
          if (form.name === form.carried) form.name = '';
          if (form.phone === form.carried) form.phone = '';
          // The first digits of a number typed are no name; only words are.
          if (looksLikePhone(query)) form.phone = query;
          else if (/\p{L}/u.test(query) && !form.name) form.name = query;
          form.carried = query;
        }
      } catch {
        form.found = [];
      }
    });

    // Opened for a known client (the card's «Записать»): their name, number and car are filled in.
    useTask$(async ({ track }) => {
      const open = track(() => props.state.open);
      const clientId = props.state.clientId;
      if (!open || isServer || !clientId) return;
      try {
        await pick(await api<ClientRow>(`/api/clients/${clientId}`));
      } catch (error) {
        form.error = refusalOf(error, lang.value).text;
      }
    });

    const submit = $(async (element: HTMLFormElement) => {
      const own = phoneBookingTexts[lang.value];
      takeShown(element, form);
      form.error = '';
      const missing = [
        form.serviceIds.length === 0 ? own.missingService : '',
        choice.start ? '' : own.missingTime,
        form.name.trim() && form.phone.trim() ? '' : own.missingClient,
      ].filter(Boolean);
      if (missing.length > 0) {
        form.error = own.missing.replace('{what}', missing.join(', '));
        return;
      }
      const known = form.client && form.carIndex >= 0 ? form.client.cars[form.carIndex] : undefined;
      const typed = { make: form.make.trim(), model: form.model.trim(), plate: form.plate.trim() };
      const car = known
        ? { make: known.make ?? '', model: known.model ?? '', plate: known.plate ?? '' }
        : form.carIndex === -1
          ? typed
          : { make: '', model: '', plate: '' };
      const [serviceId] = form.serviceIds;
      form.busy = true;
      try {
        const created = await api<{ id: string }>('/api/bookings', {
          body: {
            branchId: props.board.branchId,
            serviceId,
            serviceIds: form.serviceIds,
            start: new Date(Date.parse(choice.start)).toISOString(),
            ...(choice.bayId ? { bayId: choice.bayId } : {}),
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
        const refusal = refusalOf(error, lang.value);
        form.error = refusal.text;
        form.offers = refusal.offers;
      } finally {
        form.busy = false;
      }
    });

    const zone = board.timeZone;
    const bayOf = (id: string) => bays.find((bay) => bay.id === id)?.name ?? '';
    const nothingFound = form.searched !== '' && form.searched === form.query.trim() && form.found.length === 0;
    const client = form.client;

    return (
      <Modal.Root bind:show={show} onClose$={() => (props.state.open = false)}>
        <Modal.Panel class="dialog dialog-wide" data-new-booking-dialog>
          <header class="dialog-head">
            <Modal.Title class="dialog-title">{t.newBooking.title}</Modal.Title>
            <Modal.Close class="btn btn-icon btn-close" aria-label={t.card.close}>
              ×
            </Modal.Close>
          </header>
          {open && (
            <form class="booking-steps" preventdefault:submit onSubmit$={(_, element) => submit(element)}>
              <section class="step">
                <h3 class="step-title">{pt.services}</h3>
                <div class="chip-row" role="group" aria-label={pt.services} data-services>
                  {services.map((service) => (
                    <button
                      key={service.id}
                      type="button"
                      class="btn chip"
                      aria-pressed={form.serviceIds.includes(service.id) ? 'true' : 'false'}
                      data-service-id={service.id}
                      onClick$={() => {
                        form.serviceIds = form.serviceIds.includes(service.id)
                          ? form.serviceIds.filter((id) => id !== service.id)
                          : [...form.serviceIds, service.id];
                        form.offers = [];
                      }}
                    >
                      {service.name} <span class="chip-sub">{durationWords(service.durationMinutes, lang.value)}</span>
                    </button>
                  ))}
                </div>
              </section>

              <section class="step">
                <SlotPicker
                  branchId={board.branchId}
                  serviceIds={form.serviceIds}
                  timeZone={zone}
                  bays={bays}
                  choice={choice}
                  onPick$={() => {
                    form.offers = [];
                    form.error = '';
                  }}
                />
              </section>

              <section class="step">
                <h3 class="step-title">{pt.client}</h3>
                {client ? (
                  <div class="picked-client" data-picked-client data-phone-ready={form.phone ? 'true' : 'false'}>
                    <span>
                      <strong>{client.name}</strong> <span class="muted">{phoneWords(client.maskedPhone)}</span>
                    </span>
                    <button
                      type="button"
                      class="btn"
                      onClick$={() => {
                        form.client = null;
                        form.name = '';
                        form.phone = '';
                        form.carIndex = -1;
                      }}
                    >
                      {pt.change}
                    </button>
                    {/* A client known by number alone (an import, a bot chat never finished) is asked their name. */}
                    {!client.name && <TextField label={t.newBooking.name} name="name" store={form} autocomplete="off" />}
                  </div>
                ) : (
                  <>
                    <label class="field">
                      <span>{pt.search}</span>
                      <input
                        type="search"
                        inputMode="search"
                        value={form.query}
                        onInput$={(_, el) => (form.query = el.value)}
                        autocomplete="off"
                        placeholder={pt.searchHint}
                        data-client-search
                      />
                    </label>
                    {form.found.length > 0 && (
                      <ul class="client-picks" data-client-results>
                        {form.found.map((found) => (
                          <li key={found.id}>
                            <button type="button" class="btn btn-wide btn-left" onClick$={() => pick(found)}>
                              <strong>{found.name ?? '—'}</strong> <span class="muted">{phoneWords(found.phone)}</span>{' '}
                              {found.cars[0]?.plate && <span class="plate">{found.cars[0].plate}</span>}
                            </button>
                          </li>
                        ))}
                      </ul>
                    )}
                    {nothingFound && (
                      <p class="hint" data-client-not-found>
                        {pt.notFound}
                      </p>
                    )}
                    <div class="form-grid">
                      <TextField label={t.newBooking.name} name="name" store={form} autocomplete="off" />
                      <label class="field">
                        <span>{t.newBooking.phone}</span>
                        <input
                          name="phone"
                          type="tel"
                          inputMode="tel"
                          value={form.phone}
                          onInput$={(_, el) => (form.phone = el.value)}
                          data-field="phone"
                          autocomplete="off"
                        />
                      </label>
                    </div>
                  </>
                )}
              </section>

              <section class="step">
                <h3 class="step-title">{pt.car}</h3>
                {client && client.cars.length > 0 && (
                  <div class="chip-row" role="group" aria-label={pt.car} data-cars>
                    {client.cars.map((car, index) => (
                      <button
                        key={car.id ?? index}
                        type="button"
                        class="btn chip"
                        aria-pressed={form.carIndex === index ? 'true' : 'false'}
                        onClick$={() => (form.carIndex = index)}
                      >
                        {[car.make, car.model].filter(Boolean).join(' ')} {car.plate && <span class="plate">{car.plate}</span>}
                      </button>
                    ))}
                    <button
                      type="button"
                      class="btn chip"
                      aria-pressed={form.carIndex === -1 ? 'true' : 'false'}
                      data-other-car
                      onClick$={() => (form.carIndex = -1)}
                    >
                      {pt.otherCar}
                    </button>
                  </div>
                )}
                {form.carIndex === -1 && (
                  <div class="form-grid form-grid-3">
                    <TextField label={t.newBooking.make} name="make" store={form} />
                    <TextField label={t.newBooking.model} name="model" store={form} />
                    <TextField label={t.newBooking.plate} name="plate" store={form} />
                  </div>
                )}
                <label class="field">
                  <span>{t.newBooking.comment}</span>
                  <textarea name="comment" rows={2} value={form.comment} onInput$={(_, el) => (form.comment = el.value)} />
                </label>
              </section>

              {form.error && (
                <p class="form-error" role="alert" data-form-error>
                  {form.error}
                </p>
              )}
              <SlotOffers
                offers={form.offers}
                timeZone={zone}
                bays={bays}
                choice={choice}
                onPick$={() => {
                  form.offers = [];
                  form.error = '';
                }}
              />
              <div class="form-actions">
                <button type="button" class="btn" onClick$={() => (props.state.open = false)}>
                  {t.newBooking.cancel}
                </button>
                <button type="submit" class="btn btn-primary" disabled={form.busy} data-submit>
                  {choice.start
                    ? pt.chosen.replace(
                        '{when}',
                        `${dateTimeWords(choice.start, zone, lang.value)}${choice.bayId ? ` · ${bayOf(choice.bayId)}` : ''}`,
                      )
                    : pt.chooseTime}
                </button>
              </div>
            </form>
          )}
        </Modal.Panel>
      </Modal.Root>
    );
  },
);

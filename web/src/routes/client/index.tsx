import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { routeLoader$ } from '@builder.io/qwik-city';
import { BookingDialog } from '../../components/booking-dialog';
import { icon } from '../../components/icons';
import { SessionContext } from '../../components/session';
import { Toast } from '../../components/toast';
import { fill, LangContext, TEXTS, usePageTexts, useT, type CancelReason, type Status } from '../../i18n';
import { api, ApiError, problemText } from '../../lib/api';
import { changeStatus, emptyBoardState } from '../../lib/board-actions';
import type { BoardState } from '../../lib/board-state';
import { servicesWithRetiredPath } from '../../lib/catalog';
import { readForRender, type ApiRead } from '../../lib/render-context';
import type { ClientCard } from '../../../../contract/clients.ts';
import type { Bay, BookingDetails, Branch, Service } from '../../lib/types';
import { dateIn, timeIn } from '../../lib/tz';
import { clientTexts } from '../../texts/client';
import { phoneWords, telHref } from '../../lib/words';
import { ClientConversation } from '../../components/client-conversation';
import { CarEditor } from './car-editor';
import { MaintenanceReminders } from './maintenance-reminders';
import { ManagerEditor } from './manager-editor';
import { PhoneEditor } from './phone-editor';
import { ProfileEditor } from './profile-editor';

type CardBooking = ClientCard['history'][number];
type Catalog = { timeZone: string; bays: Bay[]; services: Service[] };

type CardState = {
  card: ClientCard | null;
  error: string;
  /** The number after "Показать номер"; null while it is still masked. */
  phone: string | null;
  revealing: boolean;
  catalogs: Record<string, Catalog>;
  now: number;
};

const FALLBACK_ZONE = 'Europe/Moscow';

const CLIENT_ID = /^[0-9a-f-]{36}$/i;

/**
 * A client's card with the catalogs of the branches the client booked in (the card names only the
 * user's own) and of the first branch the user may see, for the zone of "client since"; catalogs
 * already `known` are not read again. Null when a read failed.
 */
const readCard = async (id: string, known: Record<string, Catalog>, read: ApiRead) => {
  const [card, branches] = await Promise.all([read<ClientCard>(`/api/clients/${id}`), read<Branch[]>('/api/branches')]);
  if (!card || !branches) return null;
  const visible = new Set(branches.map((branch) => branch.id));
  const wanted = [...card.history.map((booking) => booking.branchId), branches[0]?.id ?? ''];
  const missing = [...new Set(wanted)].filter((b) => visible.has(b) && !known[b]);
  const loaded = await Promise.all(
    missing.map(async (branchId): Promise<[string, Catalog] | null> => {
      const [bays, services] = await Promise.all([
        read<Bay[]>(`/api/bays?branchId=${branchId}`),
        read<Service[]>(servicesWithRetiredPath(branchId)),
      ]);
      if (!bays || !services) return null;
      return [branchId, { timeZone: branches.find((b) => b.id === branchId)?.timeZone ?? FALLBACK_ZONE, bays, services }];
    }),
  );
  if (loaded.includes(null)) return null;
  return { card, catalogs: { ...known, ...Object.fromEntries(loaded.filter((entry) => entry !== null)) } };
};

/** The card as the server first renders it; null without a client id or an API to read (the browser then says why). */
export const useFirstCard = routeLoader$(async (event): Promise<Partial<CardState> | null> => {
  const id = event.url.searchParams.get('id') ?? '';
  const read = CLIENT_ID.test(id) ? await readCard(id, {}, (path) => readForRender(event, path)) : null;
  return read && { ...read, now: Date.now() };
});

const dayText = (iso: string, timeZone: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(
    Date.parse(iso),
  );

/** A calendar date (YYYY-MM-DD) as words; it has no zone, so it is read as-is. */
const plainDateText = (date: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    Date.parse(`${date}T00:00:00Z`),
  );

/** One client: phone (revealed on request, which is logged), cars, counts and every booking. */
export default component$(() => {
  const t = useT();
  const ct = usePageTexts(clientTexts);
  const lang = useContext(LangContext);
  const session = useContext(SessionContext);
  const rendered = useFirstCard();
  const state = useStore<CardState>({
    card: null,
    error: '',
    phone: null,
    revealing: false,
    catalogs: {},
    now: 0,
    ...rendered.value,
  });
  // The booking dialog is the board's; it gets a one-card board of the booking's own branch.
  const board = useStore<BoardState>(emptyBoardState());

  const loadCard = $(async (id: string) => {
    const read = await readCard(id, state.catalogs, api);
    if (!read) return;
    state.catalogs = read.catalogs;
    state.now = Date.now();
    state.card = read.card;
  });

  useVisibleTask$(
    async () => {
      if (state.card) return;
      const id = new URLSearchParams(window.location.search).get('id') ?? '';
      if (!CLIENT_ID.test(id)) {
        state.error = clientTexts[lang.value].noId;
        return;
      }
      try {
        await loadCard(id);
      } catch (error) {
        state.error =
          error instanceof ApiError && error.code === 'CLIENT_BLOCKED'
            ? clientTexts[lang.value].blocked
            : problemText(error, TEXTS[lang.value].errors);
      }
    },
    { strategy: 'document-ready' },
  );

  const reveal = $(async () => {
    if (!state.card || state.revealing) return;
    state.revealing = true;
    try {
      const { phone } = await api<{ phone: string | null }>(`/api/clients/${state.card.id}/reveal-phone`, { method: 'POST' });
      state.phone = phone;
    } catch (error) {
      state.error = problemText(error, TEXTS[lang.value].errors);
    } finally {
      state.revealing = false;
    }
  });

  /** Puts the booking, with its branch's zone, bays and services, where the dialog looks for it. */
  const showBooking = $(async (id: string) => {
    const details = await api<BookingDetails>(`/api/bookings/${id}`);
    const catalog = state.catalogs[details.branchId];
    board.branchId = details.branchId;
    board.role = session.me?.role ?? '';
    board.timeZone = catalog?.timeZone ?? FALLBACK_ZONE;
    board.bays = catalog?.bays ?? [];
    board.services = catalog?.services ?? [];
    board.date = dateIn(details.start, board.timeZone);
    const { history: _history, ...card } = details;
    board.cards = [card];
    board.openId = id;
  });

  const openBooking = $(async (id: string) => {
    try {
      await showBooking(id);
    } catch (error) {
      state.error = problemText(error, TEXTS[lang.value].errors);
    }
  });

  const move = $(async (id: string, to: Status, reason?: CancelReason) => {
    await changeStatus(board, TEXTS[lang.value], id, to, reason);
    // What the booking is now: the move, or where it was put back to when the server refused it.
    const status = board.cards.find((c) => c.id === id)?.status;
    const clientId = state.card?.id;
    // The card's rows come from the read model, which follows the log a moment after the command's
    // answer (longer on a busy server): read again until the row shows the booking as it now is.
    for (let tries = 0; clientId && tries < 10; tries++) {
      await loadCard(clientId).catch(() => undefined);
      if (state.card?.history.find((booking) => booking.id === id)?.status === status) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    // Fresh version for the dialog's history.
    await showBooking(id).catch(() => undefined);
  });

  const card = state.card;
  if (!card) {
    return (
      <section class="page client-page narrow">
        <a class="back-link" href="/clients">
          ‹ {ct.back}
        </a>
        {state.error ? (
          <p class="form-error" role="alert" data-client-error>
            {state.error}
          </p>
        ) : (
          <p class="muted">{ct.loading}</p>
        )}
      </section>
    );
  }

  const zoneOf = (branchId: string) => state.catalogs[branchId]?.timeZone ?? FALLBACK_ZONE;
  const serviceText = (booking: CardBooking) => {
    const services = state.catalogs[booking.branchId]?.services ?? [];
    return booking.serviceIds.map((id) => services.find((s) => s.id === id)?.name ?? '…').join(', ');
  };
  // Still to happen: open bookings that have not ended (or are being worked on); the rest is history.
  const upcoming = card.history
    .filter(
      (b) => b.status === 'InProgress' || ((b.status === 'New' || b.status === 'Confirmed') && Date.parse(b.end) > state.now),
    )
    .sort((a, b) => a.start.localeCompare(b.start));
  const past = card.history.filter((b) => !upcoming.includes(b));
  const lastDone = card.history.find((b) => b.status === 'Done');
  const lastVisit = [lastDone ? dateIn(lastDone.start, zoneOf(lastDone.branchId)) : null, card.importedLastVisit].reduce<
    string | null
  >((latest, date) => (date && (!latest || date > latest) ? date : latest), null);
  const knownBranch = card.history.find((b) => state.catalogs[b.branchId])?.branchId;
  const since = dateIn(card.registeredAt, zoneOf(knownBranch ?? Object.keys(state.catalogs)[0] ?? ''));

  const canEdit = !card.blocked && (session.me?.role === 'owner' || session.me?.role === 'manager');

  const bookingRow = (booking: CardBooking) => {
    const zone = zoneOf(booking.branchId);
    const content = (
      <>
        <span class="client-booking-when">
          <strong>{dayText(booking.start, zone, t.locale)}</strong>
          <span class="client-booking-time">
            {timeIn(booking.start, zone)}–{timeIn(booking.end, zone)}
          </span>
        </span>
        <span class="client-booking-what">
          <span class="client-booking-service">{serviceText(booking)}</span>
          {(booking.car || booking.plate) && (
            <span class="muted">
              {booking.car}
              {booking.car && booking.plate ? ' · ' : ''}
              {booking.plate && <span class="plate">{booking.plate}</span>}
            </span>
          )}
          {booking.status === 'Cancelled' && booking.cancelReason && (
            <span class="muted" data-cancel-reason>
              {ct.cancelReason}: {t.reasons[booking.cancelReason]}
            </span>
          )}
        </span>
        <span class="client-booking-meta">
          <span class={`status-pill status-${booking.status}`}>{t.status[booking.status]}</span>
          <span class={`channel channel-${booking.channel}`}>
            {icon(booking.channel, 16)} {t.channels[booking.channel]}
          </span>
        </span>
      </>
    );
    return (
      <li key={booking.id}>
        <button
          type="button"
          class={`client-booking booking-${booking.status}`}
          data-booking-id={booking.id}
          data-status={booking.status}
          aria-label={`${ct.openBooking}: ${dayText(booking.start, zone, t.locale)} ${timeIn(booking.start, zone)}`}
          onClick$={() => openBooking(booking.id)}
        >
          {content}
        </button>
      </li>
    );
  };

  return (
    <section class="page client-page" data-client-card={card.id}>
      <a class="back-link" href="/clients">
        ‹ {ct.back}
      </a>
      <header class="client-head">
        <h1 data-client-name>{card.name ?? t.card.erased}</h1>
        {!card.blocked && (
          <a class="btn btn-primary" href={`/board?book=${card.id}`} data-book-client>
            + {ct.book}
          </a>
        )}
        <a class="btn" href={`/tasks?clientId=${card.id}`} data-task-from-client>
          + {ct.task}
        </a>
        {state.error && (
          <p class="form-error" role="alert" data-client-error>
            {state.error}
          </p>
        )}
      </header>

      <div class="client-top">
        <section class="panel-box client-phone" aria-label={ct.phone}>
          <h2>{ct.phone}</h2>
          {!card.phone ? (
            <p class="muted">{ct.noPhone}</p>
          ) : state.phone ? (
            <a class="btn btn-call" href={telHref(state.phone)} data-call>
              {icon('phoneCall', 20)} {ct.call} <span class="call-number">{phoneWords(state.phone)}</span>
            </a>
          ) : (
            <>
              <p class="client-masked" data-masked-phone>
                {phoneWords(card.phone)}
              </p>
              <button type="button" class="btn btn-primary btn-wide" data-reveal disabled={state.revealing} onClick$={reveal}>
                {ct.reveal}
              </button>
              <p class="hint">{ct.revealHint}</p>
            </>
          )}
          {canEdit && (
            <PhoneEditor
              clientId={card.id}
              onChanged$={(masked) => {
                if (state.card) state.card = { ...state.card, phone: masked };
                state.phone = null;
              }}
            />
          )}
        </section>

        <CarEditor
          clientId={card.id}
          cars={card.cars}
          canEdit={canEdit}
          onAdded$={(car) => {
            if (state.card) state.card = { ...state.card, cars: [...state.card.cars, car] };
          }}
        />

        <ManagerEditor
          clientId={card.id}
          managerId={card.managerId}
          canEdit={canEdit}
          onChanged$={(managerId) => {
            if (state.card) state.card = { ...state.card, managerId };
          }}
        />

        <MaintenanceReminders
          clientId={card.id}
          enabled={card.maintenanceReminders}
          canEdit={canEdit}
          onChanged$={(enabled) => {
            if (state.card) state.card = { ...state.card, maintenanceReminders: enabled };
          }}
        />
      </div>

      {canEdit && <ClientConversation clientId={card.id} />}

      <ProfileEditor
        card={card}
        canEdit={canEdit}
        onSaved$={(saved) => {
          if (state.card) state.card = { ...state.card, name: saved.name, note: saved.note, email: saved.email };
        }}
      />

      <dl class="client-numbers" data-client-numbers>
        <div>
          <dt>{ct.visits}</dt>
          <dd data-visits>{card.visits + (card.importedVisits ?? 0)}</dd>
          {!!card.importedVisits && <dd class="muted">{fill(ct.importedVisits, { n: card.importedVisits })}</dd>}
        </div>
        <div>
          <dt>{ct.bookings}</dt>
          <dd data-bookings>{card.bookings}</dd>
        </div>
        <div>
          <dt>{ct.lastVisit}</dt>
          <dd>{lastVisit ? plainDateText(lastVisit, t.locale) : '—'}</dd>
        </div>
        <div>
          <dt>{ct.since}</dt>
          <dd>{plainDateText(since, t.locale)}</dd>
        </div>
      </dl>

      <section class="client-bookings">
        <h2>{ct.upcoming}</h2>
        {upcoming.length ? (
          <ul class="client-booking-list" data-upcoming>
            {upcoming.map(bookingRow)}
          </ul>
        ) : (
          <p class="muted">{ct.noUpcoming}</p>
        )}
        <h2>{ct.past}</h2>
        {past.length ? (
          <ul class="client-booking-list" data-past>
            {past.map(bookingRow)}
          </ul>
        ) : (
          <p class="muted">{ct.noPast}</p>
        )}
      </section>

      <BookingDialog state={board} onMove$={move} />
      <Toast toast={board.toast} />
    </section>
  );
});

import { $, component$, useContext, useSignal, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { routeLoader$ } from '@builder.io/qwik-city';
import { BookingDialog } from '../../components/booking-dialog';
import { BoardCardView } from '../../components/board-card';
import { BoardFilters, passesFilter, type BoardFilter } from '../../components/board-filters';
import { FirstRunGuide, readFirstRun } from '../../components/first-run-guide';
import { InWords } from '../../components/in-words';
import { SessionContext } from '../../components/session';
import { LiveBadge } from '../../components/live-badge';
import { NewBookingDialog, type NewBookingState } from '../../components/new-booking-dialog';
import { Toast } from '../../components/toast';
import { fill, LangContext, TEXTS, useT, type CancelReason, type Status } from '../../i18n';
import { api, problemText } from '../../lib/api';
import { changeStatus, emptyBoardState, say as sayIn } from '../../lib/board-actions';
import { boardPath, sameCards, type BoardResponse } from '../../lib/board-day';
import { ensureMechanics } from '../../lib/board-mechanics';
import type { BoardState } from '../../lib/board-state';
import { dragOnFirstPress } from '../../lib/drag-on-first-press';
import { openLive } from '../../lib/live';
import { paidForVisit } from '../../lib/paid-for-visit';
import { moneyText } from '../../lib/roubles';
import { BRANCH_COOKIE, rememberBranch, rememberedBranch } from '../../lib/branch-choice';
import { readForRender } from '../../lib/render-context';
import type { Bay, BoardCard, Branch, Mechanic, Service } from '../../lib/types';
import { CANCEL_REASONS, STATUSES } from '../../lib/types';
import { addDays, dayRange, isIsoDate, timeIn, todayIn } from '../../lib/tz';
import { Modal } from '@qwik-ui/headless';
import { movesFor } from '../../../../domain/booking/status-moves.ts';
import { boardTexts } from '../../texts/board';
import { bookingTexts } from '../../texts/booking';
import { useSignedIn } from '../layout';

/** How long a booking that just arrived stays highlighted. */
const FRESH_MS = 10_000;

/**
 * The day as the server first renders it (the branch and day asked for or last seen, its cards,
 * bays, services and mechanics), so the board is readable from the first response; null when the
 * render has no API to read, and the page loads it in the browser.
 */
export const useFirstBoard = routeLoader$(async (event): Promise<Partial<BoardState> | null> => {
  const branches = await readForRender<Branch[]>(event, '/api/branches');
  if (!branches) return null;
  const wanted = event.url.searchParams.get('branch') ?? event.cookie.get(BRANCH_COOKIE)?.value;
  const branch = branches.find((b) => b.id === wanted) ?? branches[0];
  if (!branch) return { branches, ready: true };
  const asked = event.url.searchParams.get('date');
  const date = isIsoDate(asked) ? asked : todayIn(branch.timeZone);
  const [board, bays, services, mechanics] = await Promise.all([
    readForRender<BoardResponse>(event, boardPath(branch.id, date)),
    readForRender<Bay[]>(event, `/api/bays?branchId=${branch.id}`),
    readForRender<Service[]>(event, `/api/services?branchId=${branch.id}`),
    readForRender<Mechanic[]>(event, `/api/mechanics?branchId=${branch.id}`),
  ]);
  if (!board || !bays || !services) return null;
  return {
    branches,
    branchId: branch.id,
    date,
    timeZone: board.timeZone,
    bays,
    services,
    cards: board.columns.flatMap((column) => column.cards),
    ...(mechanics ? { mechanics, mechanicsBranch: branch.id } : {}),
    now: Date.now(),
    ready: true,
  };
});

/** The owner's first-run guide, drawn with the board (null for anyone else, or once it is done). */
export const useFirstRun = routeLoader$(async (event) => {
  const me = await event.resolveValue(useSignedIn);
  return me?.role === 'owner' ? await readFirstRun((path) => readForRender(event, path)) : null;
});

export default component$(() => {
  const t = useT();
  const lang = useContext(LangContext);
  const session = useContext(SessionContext);
  const own = boardTexts[lang.value];
  const first = useFirstBoard();
  const firstRun = useFirstRun();
  const state = useStore<BoardState>({ ...emptyBoardState(), ...first.value, role: session.me?.role ?? '' });
  const newBooking = useStore<NewBookingState>({ open: false, start: '', bayId: '' });
  const filter = useStore<BoardFilter>({ bayId: '', mechanicId: '', managerId: '' });
  const boardRef = useSignal<HTMLElement>();
  const cancelShow = useSignal(false);

  const say = $((text: string, kind: 'error' | 'ok') => sayIn(state, text, kind));

  /** Moves a card at once, then asks the server; a refusal puts it back and says why. */
  const moveCard = $((id: string, to: Status, reason?: CancelReason, revertTo?: Status) =>
    changeStatus(state, TEXTS[lang.value], id, to, reason, revertTo),
  );

  const askCancel = $(async (id: string, from: Status) => {
    state.cards = state.cards.map((c) => (c.id === id ? { ...c, status: 'Cancelled' } : c));
    state.cancel = { id, from, prepaid: 0 };
    cancelShow.value = true;
    const prepaid = await paidForVisit(id);
    if (state.cancel?.id === id) state.cancel = { ...state.cancel, prepaid };
  });

  const confirmCancel = $(async (reason: CancelReason) => {
    const ask = state.cancel;
    state.cancel = null;
    cancelShow.value = false;
    if (ask) await moveCard(ask.id, 'Cancelled', reason, ask.from);
  });

  const dismissCancel = $(() => {
    const ask = state.cancel;
    state.cancel = null;
    cancelShow.value = false;
    if (ask) state.cards = state.cards.map((c) => (c.id === ask.id ? { ...c, status: ask.from } : c));
  });

  /**
   * A booking that arrives while the board is open is highlighted, said in a toast and scrolled
   * into view in its column (cards stay in time order, so it may land below the fold). Its code and
   * words load when the first one arrives.
   */
  const announce = $((card: BoardCard) => {
    state.fresh = [...state.fresh, card.id];
    setTimeout(() => (state.fresh = state.fresh.filter((id) => id !== card.id)), FRESH_MS);
    const zone = state.timeZone;
    void say(
      fill(boardTexts[lang.value].arrived, {
        time: `${timeIn(card.start, zone)}–${timeIn(card.end, zone)}`,
        client: card.clientName ?? TEXTS[lang.value].card.erased,
      }),
      'ok',
    );
    let frames = 0;
    const reveal = () => {
      const element = boardRef.value?.querySelector<HTMLElement>(`[data-card-id="${card.id}"]`);
      if (element) element.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      else if (++frames < 30) requestAnimationFrame(reveal);
    };
    requestAnimationFrame(reveal);
  });

  const sayProblem = $((error: unknown) => say(problemText(error, TEXTS[lang.value].errors), 'error'));

  const refuseMove = $((from: Status, to: Status) => {
    const texts = TEXTS[lang.value];
    // A move the booking could make, but not in a mechanic's hands, is the desk's to make.
    if (movesFor(from, true).includes(to)) return say(texts.deskMove, 'error');
    return say(fill(texts.transition, { from: texts.status[from], to: texts.status[to] }), 'error');
  });

  // Everything that needs the browser: branch choice, data, live feed, drag and drop. It imports only
  // what runs on load; words, the drop rules' messages and the drag code come when first needed.
  useVisibleTask$(
    async ({ track, cleanup }) => {
      const branchId = track(() => state.branchId);
      const date = track(() => state.date);
      const url = new URL(window.location.href);

      if (!branchId) {
        const branches = await api<Branch[]>('/api/branches');
        state.branches = branches;
        const wanted = url.searchParams.get('branch') ?? rememberedBranch();
        const branch = branches.find((b) => b.id === wanted) ?? branches[0];
        if (!branch) {
          state.ready = true;
          return;
        }
        state.timeZone = branch.timeZone;
        const askedDate = url.searchParams.get('date');
        state.date = isIsoDate(askedDate) ? askedDate : todayIn(branch.timeZone);
        state.branchId = branch.id; // runs this task again with a branch
        void api<{ role: string }>('/api/auth/me').then((me) => (state.role = me.role));
        return;
      }

      const branch = state.branches.find((b) => b.id === branchId);
      if (branch) state.timeZone = branch.timeZone;
      rememberBranch(branchId);
      url.searchParams.set('branch', branchId);
      url.searchParams.set('date', date);
      history.replaceState(history.state, '', url.toString());
      // A server-rendered day came with its moment; a day read here starts its clock now.
      if (!state.now) state.now = Date.now();
      const ticker = setInterval(() => (state.now = Date.now()), 30_000);

      const [dayStart, dayEnd] = dayRange(date, state.timeZone);
      const onThisBoard = (card: BoardCard) =>
        card.branchId === branchId && Date.parse(card.start) < dayEnd && Date.parse(card.end) > dayStart;

      let loaded = false;
      const early: BoardCard[] = [];
      const upsert = (card: BoardCard) => {
        if (!loaded) {
          early.push(card);
          return;
        }
        const index = state.cards.findIndex((c) => c.id === card.id);
        const known = index >= 0 ? state.cards[index]! : null;
        if (known && known.version > card.version) return;
        if (!onThisBoard(card)) {
          if (known) state.cards = state.cards.filter((c) => c.id !== card.id);
          return;
        }
        state.cards = known ? state.cards.map((c) => (c.id === card.id ? card : c)) : [...state.cards, card];
        if (!known) void announce(card);
      };

      const load = async () => {
        const [board, bays, services] = await Promise.all([
          api<BoardResponse>(boardPath(branchId, date)),
          api<Bay[]>(`/api/bays?branchId=${branchId}`),
          api<Service[]>(`/api/services?branchId=${branchId}`),
        ]);
        // The server's render is re-read once the feed is open (nothing falls between the two); an
        // unchanged day is not drawn again.
        state.timeZone = board.timeZone;
        if (JSON.stringify(state.bays) !== JSON.stringify(bays)) state.bays = bays;
        if (JSON.stringify(state.services) !== JSON.stringify(services)) state.services = services;
        void ensureMechanics(state, branchId);
        const cards = board.columns.flatMap((column) => column.cards);
        if (!sameCards(state.cards, cards)) state.cards = cards;
        if (!state.ready) state.ready = true;
        loaded = true;
        // Cards can be dragged once the day has been read again after the feed opened (a re-read
        // that changed the cards mid-drag would redraw them under the finger); the server-rendered
        // board is readable before that.
        if (boardRef.value) boardRef.value.dataset.drag = 'ready';
        // The client card's «Записать» lands here with the client to book.
        const here = new URL(window.location.href);
        const bookFor = here.searchParams.get('book');
        if (bookFor) {
          here.searchParams.delete('book');
          history.replaceState(history.state, '', here.toString());
          newBooking.start = '';
          newBooking.bayId = '';
          newBooking.clientId = bookFor;
          newBooking.open = true;
        }
        for (const card of early.splice(0)) upsert(card);
      };

      // Load the board once the feed has said hello, so nothing falls between the two.
      const live = openLive({
        branchId,
        onStatus: (status) => (state.live = status),
        onHello: (_position, first) => {
          if (first) load().catch((error: unknown) => void sayProblem(error));
        },
        onMessage: (message) => upsert(message.booking),
      });

      const board = boardRef.value;
      const stopDrag =
        board &&
        dragOnFirstPress(board, async () =>
          (await import('../../lib/board-drag')).attachDrag(board, {
            statusOf: (id) => state.cards.find((c) => c.id === id)?.status,
            movesFrom: (from) => movesFor(from, state.role === 'owner' || state.role === 'manager'),
            move: moveCard,
            cancel: askCancel,
            refuse: refuseMove,
          }),
        );

      cleanup(() => {
        if (board) delete board.dataset.drag;
        clearInterval(ticker);
        live.close();
        stopDrag?.();
      });
    },
    { strategy: 'document-ready' },
  );

  // Plain strings computed here, not derived attribute signals: Qwik re-renders this element reliably.
  const boardClass = state.ready ? 'board is-ready' : 'board';
  const byStart = (a: BoardCard, b: BoardCard) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id);

  return (
    <section class="page board-page">
      {firstRun.value && <FirstRunGuide start={firstRun.value} />}
      <div class="toolbar">
        <label class="field field-inline">
          <span>{t.board.branch}</span>
          <select
            data-branch
            value={state.branchId}
            onChange$={(_, el) => {
              state.ready = false;
              state.cards = [];
              // Another branch has other bays and mechanics.
              filter.bayId = '';
              filter.mechanicId = '';
              state.branchId = el.value;
            }}
          >
            {state.branches.map((b) => (
              <option key={b.id} value={b.id} selected={b.id === state.branchId}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <div class="date-nav" role="group" aria-label={t.board.date}>
          <button
            type="button"
            class="btn btn-icon"
            aria-label={t.board.prevDay}
            onClick$={() => (state.date = addDays(state.date, -1))}
          >
            ‹
          </button>
          <InWords kind="date" value={state.date}>
            <input
              type="date"
              aria-label={t.board.date}
              value={state.date}
              data-date
              onChange$={(_, el) => {
                if (isIsoDate(el.value)) state.date = el.value;
              }}
            />
          </InWords>
          <button
            type="button"
            class="btn btn-icon"
            aria-label={t.board.nextDay}
            onClick$={() => (state.date = addDays(state.date, 1))}
          >
            ›
          </button>
          <button type="button" class="btn" onClick$={() => (state.date = todayIn(state.timeZone))}>
            {t.board.today}
          </button>
        </div>
        <BoardFilters
          filter={filter}
          bays={state.bays}
          mechanics={state.mechanics}
          me={session.me && (session.me.role === 'owner' || session.me.role === 'manager') ? session.me.id : null}
        />
        <div class="toolbar-end">
          {(state.role === 'owner' || state.role === 'manager') && (
            <button
              type="button"
              class="btn btn-primary"
              data-new-booking
              onClick$={() => {
                newBooking.start = '';
                newBooking.bayId = '';
                newBooking.clientId = undefined;
                newBooking.open = true;
              }}
            >
              + {t.board.newBooking}
            </button>
          )}
          <LiveBadge status={state.live} />
        </div>
      </div>

      <div class={boardClass} ref={boardRef}>
        {STATUSES.map((status) => {
          const all = state.cards.filter((c) => c.status === status);
          const cards = all.filter((c) => passesFilter(filter, c)).sort(byStart);
          const hidden = all.length - cards.length;
          return (
            <section key={status} class={`column column-${status}`} aria-labelledby={`col-${status}`} data-drop-column={status}>
              <header class="column-head">
                <h2 id={`col-${status}`}>{t.columns[status]}</h2>
                <span class="count" data-count={status}>
                  {cards.length}
                </span>
                <span class="drop-hint drop-hint-ok">{own.dropHere}</span>
                <span class="drop-hint drop-hint-no">{own.dropNo}</span>
              </header>
              {hidden > 0 && (
                <p class="column-hidden" data-hidden={status}>
                  {fill(own.hidden, { n: hidden })}
                </p>
              )}
              <ul class="column-list" data-column={status}>
                {cards.map((card) => (
                  <BoardCardView
                    key={card.id}
                    card={card}
                    state={state}
                    lang={lang.value}
                    pending={state.pending.includes(card.id)}
                    fresh={state.fresh.includes(card.id)}
                  />
                ))}
              </ul>
              {state.ready && cards.length === 0 && <p class="column-empty">{t.board.empty}</p>}
              {!state.ready && status === 'New' && <p class="column-empty">{t.board.loading}</p>}
            </section>
          );
        })}
      </div>

      <BookingDialog state={state} onMove$={moveCard} />

      <Modal.Root bind:show={cancelShow} onClose$={dismissCancel}>
        <Modal.Panel class="dialog dialog-small" data-cancel-dialog>
          <Modal.Title class="dialog-title">{t.card.cancelTitle}</Modal.Title>
          {state.cancel && state.cancel.prepaid > 0 && (
            <p class="wo-warning" data-cancel-prepaid>
              ⚠ {bookingTexts[lang.value].cancelPrepaid(moneyText(state.cancel.prepaid))}
            </p>
          )}
          <div class="reason-list">
            {CANCEL_REASONS.map((reason) => (
              <button key={reason} type="button" class="btn btn-wide" data-reason={reason} onClick$={() => confirmCancel(reason)}>
                {t.reasons[reason]}
              </button>
            ))}
          </div>
          <button type="button" class="btn btn-quiet btn-wide" onClick$={dismissCancel}>
            {t.card.cancelBack}
          </button>
        </Modal.Panel>
      </Modal.Root>

      <NewBookingDialog
        state={newBooking}
        board={state}
        onCreated$={(id: string) => {
          void id;
          void say(TEXTS[lang.value].newBooking.created, 'ok');
        }}
      />
      <Toast toast={state.toast} />
    </section>
  );
});

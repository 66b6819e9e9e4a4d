import { $, component$, useContext, useSignal, useStore, useVisibleTask$ } from '@builder.io/qwik';
import type { DocumentHead } from '@builder.io/qwik-city';
import type { EventInput } from '@fullcalendar/core';
import { BookingDialog } from '../../components/booking-dialog';
import { LiveBadge } from '../../components/live-badge';
import { NewBookingDialog, type NewBookingState } from '../../components/new-booking-dialog';
import { Toast } from '../../components/toast';
import { LangContext, TEXTS, useT, type CancelReason, type Status } from '../../i18n';
import { api, ApiError, problemText } from '../../lib/api';
import { changeStatus, emptyBoardState, ensureMechanics, say } from '../../lib/board-actions';
import { serviceNames, type BoardState } from '../../lib/board-state';
import { openLive } from '../../lib/live';
import type { Bay, Branch, CalendarEntry, Service } from '../../lib/types';
import { BAY_COLOURS } from '../../lib/types';
import { instantOfWall, isIsoDate, todayIn, wallIso } from '../../lib/tz';
import { bookingTexts } from '../../texts/booking';
import { titleTexts } from '../../texts/titles';

const VIEWS = ['timeGridDay', 'timeGridWeek', 'dayGridMonth', 'multiMonthYear'] as const;
type View = (typeof VIEWS)[number];
const BRANCH_KEY = 'zero_branch';

/** FullCalendar runs in its UTC mode on the branch's wall-clock times (see lib/tz.ts): no zone plugin needed. */
const wallDate = (date: Date) => date.toISOString().slice(0, 19);

export default component$(() => {
  const t = useT();
  const lang = useContext(LangContext);
  const state = useStore<BoardState>(emptyBoardState());
  const hidden = useStore<{ bays: string[] }>({ bays: [] });
  const newBooking = useStore<NewBookingState>({ open: false, start: '', bayId: '' });
  const host = useSignal<HTMLElement>();
  const wrapper = useSignal<HTMLElement>();

  const moveCard = $((id: string, to: Status, reason?: CancelReason) => changeStatus(state, TEXTS[lang.value], id, to, reason));

  useVisibleTask$(
    async ({ track, cleanup }) => {
      const branchId = track(() => state.branchId);
      const language = track(() => lang.value);
      const url = new URL(window.location.href);
      if (!branchId) {
        // The role before the calendar starts: it decides which bookings can be dragged.
        const [branches, me] = await Promise.all([api<Branch[]>('/api/branches'), api<{ role: string }>('/api/auth/me')]);
        state.branches = branches;
        state.role = me.role;
        const wanted = url.searchParams.get('branch') ?? localStorage.getItem(BRANCH_KEY);
        const branch = branches.find((b) => b.id === wanted) ?? branches[0];
        if (!branch) return;
        state.timeZone = branch.timeZone;
        state.branchId = branch.id;
        return;
      }
      const texts = TEXTS[language];
      // Only they may reschedule: the API refuses a mechanic's drag with 403.
      const canMove = state.role === 'owner' || state.role === 'manager';
      const branch = state.branches.find((b) => b.id === branchId)!;
      const zone = branch.timeZone;
      state.timeZone = zone;
      localStorage.setItem(BRANCH_KEY, branchId);
      const [bays, services] = await Promise.all([
        api<Bay[]>(`/api/bays?branchId=${branchId}`),
        api<Service[]>(`/api/services?branchId=${branchId}`),
      ]);
      state.bays = bays;
      state.services = services;
      void ensureMechanics(state, branchId);
      const colourOf = (bayId: string) =>
        BAY_COLOURS[
          Math.max(
            0,
            bays.findIndex((b) => b.id === bayId),
          ) % BAY_COLOURS.length
        ]!;

      // Opening hours bound the day and week grids.
      const days = Object.values(branch.hours).filter((d): d is NonNullable<typeof d> => !!d);
      const earliest = days.map((d) => d.open).sort()[0] ?? '08:00';
      const latest =
        days
          .map((d) => d.close)
          .sort()
          .at(-1) ?? '20:00';
      const hourBefore = (time: string) => `${String(Math.max(0, Number(time.slice(0, 2)) - 1)).padStart(2, '0')}:00`;
      const hourAfter = (time: string) => `${String(Math.min(24, Number(time.slice(0, 2)) + 1)).padStart(2, '0')}:00`;

      const [{ Calendar }, dayGrid, timeGrid, interaction, multiMonth, ru] = await Promise.all([
        import('@fullcalendar/core'),
        import('@fullcalendar/daygrid'),
        import('@fullcalendar/timegrid'),
        import('@fullcalendar/interaction'),
        import('@fullcalendar/multimonth'),
        import('@fullcalendar/core/locales/ru'),
      ]);

      const askedView = url.searchParams.get('view') as View | null;
      const askedDate = url.searchParams.get('date');
      const portrait = window.innerWidth < 900;
      const calendar = new Calendar(host.value!, {
        plugins: [dayGrid.default, timeGrid.default, interaction.default, multiMonth.default],
        timeZone: 'UTC',
        locale: language === 'ru' ? ru.default : 'en-gb',
        initialView: askedView && VIEWS.includes(askedView) ? askedView : portrait ? 'timeGridDay' : 'timeGridWeek',
        initialDate: isIsoDate(askedDate) ? askedDate : todayIn(zone),
        headerToolbar: { left: 'prev,next today', center: 'title', right: VIEWS.join(',') },
        buttonText: {
          today: texts.calendar.today,
          timeGridDay: texts.calendar.day,
          timeGridWeek: texts.calendar.week,
          dayGridMonth: texts.calendar.month,
          multiMonthYear: texts.calendar.year,
        },
        height: 'auto',
        allDaySlot: false,
        slotMinTime: hourBefore(earliest),
        slotMaxTime: hourAfter(latest),
        slotDuration: '00:30:00',
        slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
        eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
        nowIndicator: false,
        editable: canMove,
        longPressDelay: 300,
        eventLongPressDelay: 300,
        multiMonthMaxColumns: window.innerWidth < 1200 ? 2 : 3,
        multiMonthMinWidth: 300,
        dayMaxEvents: 3,
        // The year view limits bookings by cell height: taller cells show a few a day before «+N».
        views: { multiMonthYear: { aspectRatio: 0.9 } },
        events: (info, success, failure) => {
          const from = info.start.toISOString().slice(0, 10);
          const to = info.end.toISOString().slice(0, 10);
          api<{ events: CalendarEntry[] }>(`/api/calendar?branchId=${branchId}&from=${from}&to=${to}`)
            .then(({ events }) => {
              const byId = new Map(state.cards.map((c) => [c.id, c]));
              for (const entry of events) byId.set(entry.id, entry);
              state.cards = [...byId.values()];
              const segments = new Map<string, number>();
              for (const entry of events) segments.set(entry.id, (segments.get(entry.id) ?? 0) + 1);
              success(
                events
                  .filter((entry) => !hidden.bays.includes(entry.bayId))
                  .map((entry): EventInput => {
                    const start = Date.parse(entry.blockedFrom) < Date.parse(entry.start) ? entry.start : entry.blockedFrom;
                    const end = Date.parse(entry.blockedTo) > Date.parse(entry.end) ? entry.end : entry.blockedTo;
                    const single = segments.get(entry.id) === 1;
                    // Only the day that holds the job's end can stretch it; no groupId, so the other days stay put.
                    const holdsEnd = Date.parse(entry.blockedTo) >= Date.parse(entry.end);
                    return {
                      id: `${entry.id}@${entry.blockedFrom}`,
                      title: `${serviceNames(services, entry.serviceIds)} · ${entry.clientName ?? '—'}${entry.plate ? ` · ${entry.plate}` : ''}`,
                      start: wallIso(start, zone),
                      end: wallIso(end, zone),
                      backgroundColor: colourOf(entry.bayId),
                      borderColor: colourOf(entry.bayId),
                      classNames: [`st-${entry.status}`],
                      startEditable: canMove && single && (entry.status === 'New' || entry.status === 'Confirmed'),
                      durationEditable:
                        canMove &&
                        holdsEnd &&
                        (entry.status === 'New' || entry.status === 'Confirmed' || entry.status === 'InProgress'),
                      extendedProps: { bookingId: entry.id, bookingStart: entry.start, status: entry.status },
                    };
                  }),
              );
              state.ready = true;
            })
            .catch((error: unknown) => {
              failure(error instanceof Error ? error : new Error('calendar'));
              say(state, problemText(error, texts.errors), 'error');
            });
        },
        eventDidMount: (info) => {
          info.el.dataset.bookingId = String(info.event.extendedProps.bookingId);
          info.el.dataset.status = String(info.event.extendedProps.status);
        },
        eventClick: (info) => {
          state.openId = String(info.event.extendedProps.bookingId);
        },
        dateClick: (info) => {
          if (!canMove) return;
          const wall = info.allDay ? `${wallDate(info.date).slice(0, 10)}T${earliest}` : wallDate(info.date).slice(0, 16);
          newBooking.start = wall;
          newBooking.bayId = '';
          newBooking.open = true;
        },
        eventDrop: (info) => {
          const id = String(info.event.extendedProps.bookingId);
          const start = new Date(instantOfWall(info.event.start!.getTime(), zone)).toISOString();
          api(`/api/bookings/${id}/reschedule`, { body: { start } })
            .then(() => say(state, TEXTS[lang.value].calendar.rescheduled, 'ok'))
            .catch((error: unknown) => {
              info.revert();
              say(state, `${TEXTS[lang.value].moved.refused} ${problemText(error, TEXTS[lang.value].errors)}`, 'error');
            });
        },
        eventResize: (info) => {
          const id = String(info.event.extendedProps.bookingId);
          const start = String(info.event.extendedProps.bookingStart);
          const end = new Date(instantOfWall(info.event.end!.getTime(), zone)).toISOString();
          api(`/api/bookings/${id}/reschedule`, { body: { start, end } })
            .then(() => say(state, bookingTexts[lang.value].resized, 'ok'))
            .catch((error: unknown) => {
              info.revert();
              const own = bookingTexts[lang.value];
              const texts = TEXTS[lang.value];
              const reason =
                error instanceof ApiError && error.code === 'SLOT_TAKEN' ? own.resizeTaken : problemText(error, texts.errors);
              say(state, `${texts.moved.refused} ${reason}`, 'error');
            });
        },
        datesSet: (info) => {
          const next = new URL(window.location.href);
          next.searchParams.set('view', info.view.type);
          next.searchParams.set('date', wallDate(info.view.currentStart).slice(0, 10));
          next.searchParams.set('branch', branchId);
          history.replaceState(history.state, '', next.toString());
          wrapper.value?.setAttribute('data-view', info.view.type);
        },
      });
      calendar.render();

      // New or changed bookings from the live feed: refetch the visible range (at most every 300 ms).
      let timer: ReturnType<typeof setTimeout> | undefined;
      const refetch = () => {
        clearTimeout(timer);
        timer = setTimeout(() => calendar.refetchEvents(), 300);
      };
      const live = openLive({
        branchId,
        onStatus: (status) => (state.live = status),
        onHello: (_position, first) => {
          if (!first) refetch();
        },
        onMessage: (message) => {
          const card = message.booking;
          state.cards = state.cards.some((c) => c.id === card.id)
            ? state.cards.map((c) => (c.id === card.id ? { ...c, ...card } : c))
            : state.cards;
          refetch();
        },
      });
      host.value!.addEventListener('zero:refetch', refetch);

      cleanup(() => {
        host.value?.removeEventListener('zero:refetch', refetch);
        clearTimeout(timer);
        live.close();
        calendar.destroy();
      });
    },
    { strategy: 'document-ready' },
  );

  // Bay chips hide or show a bay's bookings: the calendar reads `hidden` when it fetches.
  useVisibleTask$(({ track }) => {
    track(() => hidden.bays.length);
    host.value?.dispatchEvent(new CustomEvent('zero:refetch'));
  });

  const hostClass = state.ready ? 'calendar-host is-ready' : 'calendar-host';
  return (
    <section class="page calendar-page">
      <div class="toolbar">
        <div class="calendar-legend" role="group" aria-label={t.calendar.bays}>
          {state.bays.map((bay, index) => (
            <button
              key={bay.id}
              type="button"
              class="bay-chip"
              style={{ '--bay': BAY_COLOURS[index % BAY_COLOURS.length] }}
              aria-pressed={hidden.bays.includes(bay.id) ? 'false' : 'true'}
              data-bay={bay.id}
              onClick$={() => {
                hidden.bays = hidden.bays.includes(bay.id) ? hidden.bays.filter((b) => b !== bay.id) : [...hidden.bays, bay.id];
              }}
            >
              <span class="bay-swatch" aria-hidden="true" />
              {bay.name}
            </button>
          ))}
        </div>
        <div class="toolbar-end">
          <LiveBadge status={state.live} />
        </div>
      </div>
      {(state.role === 'owner' || state.role === 'manager') && <p class="hint">{t.calendar.tapHint}</p>}
      {/* FullCalendar owns the inner element: Qwik re-renders the outer one's class, never the calendar's. */}
      <div class={hostClass} ref={wrapper} data-calendar>
        <div ref={host} />
      </div>
      <BookingDialog state={state} onMove$={moveCard} />
      <NewBookingDialog
        state={newBooking}
        board={state}
        onCreated$={() => {
          say(state, TEXTS[lang.value].newBooking.created, 'ok');
          host.value?.dispatchEvent(new CustomEvent('zero:refetch'));
        }}
      />
      <Toast toast={state.toast} />
    </section>
  );
});

export const head: DocumentHead = { title: titleTexts.ru.calendar };

import { $, component$, useContext, useSignal, useStore, useVisibleTask$ } from '@builder.io/qwik';
import type { EventContentArg, EventInput } from '@fullcalendar/core';
import { BookingDialog } from '../../components/booking-dialog';
import { LiveBadge } from '../../components/live-badge';
import { NewBookingDialog, type NewBookingState } from '../../components/new-booking-dialog';
import { Toast } from '../../components/toast';
import { fill, LangContext, minutesText, TEXTS, usePageTexts, useT, type CancelReason, type Status } from '../../i18n';
import { api, ApiError, problemText } from '../../lib/api';
import { rememberBranch, rememberedBranch } from '../../lib/branch-choice';
import { columnOf, shownInColumn, wallOfColumn } from '../../lib/bay-columns';
import { closedAllDay, closedAt, closedWallSpans } from '../../lib/closed-times';
import { changeStatus, emptyBoardState, say } from '../../lib/board-actions';
import { ensureMechanics } from '../../lib/board-mechanics';
import { bayName, type BoardState } from '../../lib/board-state';
import { openLive } from '../../lib/live';
import type { Bay, Branch, CalendarEntry, Service } from '../../lib/types';
import { BAY_COLOURS, STATUSES } from '../../lib/types';
import { addDays, dateIn, instantOfWall, isIsoDate, timeIn, todayIn, wallIso } from '../../lib/tz';
import { dayAndTime, longDay } from '../../lib/when';
import { bookingTexts } from '../../texts/booking';
import { calendarTexts } from '../../texts/calendar';

const VIEWS = ['timeGridDay', 'timeGridWeek', 'dayGridMonth', 'multiMonthYear'] as const;
type View = (typeof VIEWS)[number];
/** A cancelled booking frees its time and leaves the calendar: the legend names what can be seen. */
const CALENDAR_STATUSES = STATUSES.filter((status) => status !== 'Cancelled');

/** FullCalendar runs in its UTC mode on the branch's wall-clock times (see lib/tz.ts): no zone plugin needed. */
const wallDate = (date: Date) => date.toISOString().slice(0, 19);
const wallOf = (iso: string, zone: string) => Date.parse(`${wallIso(iso, zone)}Z`);
const isoOfWall = (wall: number) => new Date(wall).toISOString().slice(0, 19);

/** A free start the server offers with a refusal, on the bay it would take. */
type Offer = { start: string; bayId: string; when: string; label: string };
/** A refused drop: what was refused, in words, and the free starts nearby to take instead. */
type Refusal = { bookingId: string; text: string; offers: Offer[] };

const isAlternative = (value: unknown): value is { start: string; bayIds: string[] } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { start?: unknown }).start === 'string' &&
  Array.isArray((value as { bayIds?: unknown }).bayIds);

/**
 * The lines a booking shows in the time grids, each whole or cut at its own end: in the day view
 * time and status, service, plate and client; in the week's narrow columns start, service, plate.
 * `time` and `late` only for a job under way past its booked end: its booked time, and by how much
 * it overran.
 */
type Lines = { service: string; plate: string; who: string; statusWord: string; time: string | null; late: string | null };

const FIVE_MINUTES = 5 * 60_000;

/**
 * The booked time an overrunning job's first line keeps: in the day view «10:00–10:45», in the week's
 * narrow columns its start alone, as for every job; «→ 10:45» for a job that began on an earlier day.
 */
const bookedTime = (entry: CalendarEntry, zone: string, dayView: boolean): string => {
  const end = timeIn(entry.end, zone);
  if (dateIn(entry.start, zone) !== dateIn(entry.end, zone)) return `→ ${end}`;
  return dayView ? `${timeIn(entry.start, zone)}–${end}` : timeIn(entry.start, zone);
};

/**
 * By how many whole minutes a job still under way has run past its booked end at `nowMs`, on the
 * day it was to end (the day it can be drawn to the present moment); 0 when it has not, or that
 * day is over (the board's card still says it then).
 */
const overranMinutes = (entry: CalendarEntry, nowMs: number, zone: string): number =>
  entry.status === 'InProgress' && dateIn(nowMs, zone) === dateIn(entry.end, zone)
    ? Math.max(0, Math.floor((nowMs - Date.parse(entry.end)) / 60_000))
    : 0;

const eventLines = (arg: EventContentArg) => {
  // The closed time's shading has no words: the hatching says it.
  if (arg.event.display === 'background') return { domNodes: [] };
  const { service, plate, who, statusWord, time, late } = arg.event.extendedProps as Lines;
  const line = (name: string, text: string) => {
    const el = document.createElement('span');
    el.className = name;
    el.textContent = text;
    return el;
  };
  const day = arg.view.type === 'timeGridDay';
  return {
    domNodes: [
      line('zc-ev-time', day ? `${time ?? arg.timeText} · ${statusWord}` : (time ?? arg.timeText)),
      ...(late ? [line('zc-ev-late', late)] : []),
      line('zc-ev-what', service),
      line('zc-ev-who', day ? [plate, who].filter(Boolean).join(' · ') : plate),
    ],
  };
};

export default component$(() => {
  const t = useT();
  const tc = usePageTexts(calendarTexts);
  const lang = useContext(LangContext);
  const state = useStore<BoardState>(emptyBoardState());
  const hidden = useStore<{ bays: string[] }>({ bays: [] });
  const refused = useStore<{ current: Refusal | null }>({ current: null });
  const newBooking = useStore<NewBookingState>({ open: false, start: '', bayId: '' });
  const host = useSignal<HTMLElement>();
  const wrapper = useSignal<HTMLElement>();

  const moveCard = $((id: string, to: Status, reason?: CancelReason) => changeStatus(state, TEXTS[lang.value], id, to, reason));

  /** Takes a free start the refusal offered: the same reschedule, on the offered bay. */
  const takeOffer = $(async (bookingId: string, offer: Offer) => {
    const texts = TEXTS[lang.value];
    const own = calendarTexts[lang.value];
    try {
      await api(`/api/bookings/${bookingId}/reschedule`, { body: { start: offer.start, bayId: offer.bayId } });
      refused.current = null;
      say(state, fill(own.movedToBay, { bay: bayName(state.bays, offer.bayId), when: offer.when }), 'ok');
      host.value?.dispatchEvent(new CustomEvent('zero:refetch'));
    } catch (error) {
      say(state, `${own.refusedHere} ${problemText(error, texts.errors)}`, 'error');
    }
  });

  useVisibleTask$(
    async ({ track, cleanup }) => {
      const branchId = track(() => state.branchId);
      const language = track(() => lang.value);
      // The day view has a column per shown bay: hiding one rebuilds the grid.
      const hiddenBays = track(() => hidden.bays.join(','));
      const url = new URL(window.location.href);
      if (!branchId) {
        // The role before the calendar starts: it decides which bookings can be dragged.
        const [branches, me] = await Promise.all([api<Branch[]>('/api/branches'), api<{ role: string }>('/api/auth/me')]);
        state.branches = branches;
        state.role = me.role;
        const wanted = url.searchParams.get('branch') ?? rememberedBranch();
        const branch = branches.find((b) => b.id === wanted) ?? branches[0];
        if (!branch) return;
        state.timeZone = branch.timeZone;
        state.branchId = branch.id;
        return;
      }
      const texts = TEXTS[language];
      const own = calendarTexts[language];
      // Only they may reschedule: the API refuses a mechanic's drag with 403.
      const canMove = state.role === 'owner' || state.role === 'manager';
      const branch = state.branches.find((b) => b.id === branchId)!;
      const zone = branch.timeZone;
      state.timeZone = zone;
      rememberBranch(branchId);
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
      const columns = bays.filter((bay) => !hiddenBays.split(',').includes(bay.id));
      // «Шиномонтаж (4 колеса)» reads as «Шиномонтаж» in a narrow column; the card has the whole name.
      const serviceName = (id: string) => (services.find((s) => s.id === id)?.name ?? '…').replace(/\s*\(.*\)$/, '');
      // One service's name and how many more: the grid's narrow columns keep the plate readable.
      const shortServices = (ids: readonly string[]) =>
        ids.length > 1 ? `${serviceName(ids[0]!)} +${ids.length - 1}` : serviceName(ids[0] ?? '');

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

      /** A refusal in a person's words; a taken time comes with the free starts nearby to tap. */
      const refuse = (error: unknown, bookingId: string, bayId: string | undefined, preferredBayId: string) => {
        if (!(error instanceof ApiError) || error.code !== 'SLOT_TAKEN') {
          say(state, `${own.refusedHere} ${problemText(error, texts.errors)}`, 'error');
          return;
        }
        const alternatives = Array.isArray(error.body?.alternatives) ? error.body.alternatives.filter(isAlternative) : [];
        const offers = alternatives
          .filter((a) => a.bayIds.length > 0)
          .map((a): Offer => {
            const bay = a.bayIds.includes(preferredBayId) ? preferredBayId : a.bayIds[0]!;
            const when = dayAndTime(a.start, zone, texts.locale);
            return { start: a.start, bayId: bay, when, label: `${when} · ${bayName(bays, bay)}` };
          });
        // The sheet sits where the toasts do: an earlier «moved» must not cover it.
        state.toast = null;
        refused.current = {
          bookingId,
          text: bayId ? fill(own.taken, { bay: bayName(bays, bayId) }) : texts.errors.SLOT_TAKEN!,
          offers,
        };
      };

      /**
       * The branch's closed time, shaded under the bookings: before opening, breaks and after closing in
       * the time grids (each bay's column of the day view on the real day), whole days off in the month
       * and year views.
       */
      const closedShading = (from: string, to: string, dayView: boolean): EventInput[] => {
        const background: EventInput = { display: 'background', classNames: ['zc-closed'] };
        if (dayView) {
          return closedWallSpans(branch, from).flatMap((span) =>
            columns.map((_, column) => ({
              ...background,
              start: isoOfWall(shownInColumn(span.from, column)),
              end: isoOfWall(shownInColumn(span.to, column)),
            })),
          );
        }
        const shading: EventInput[] = [];
        for (let date = from; date < to; date = addDays(date, 1)) {
          if (!viewType.startsWith('timeGrid')) {
            if (closedAllDay(branch, date)) shading.push({ ...background, start: date, end: addDays(date, 1), allDay: true });
            continue;
          }
          for (const span of closedWallSpans(branch, date)) {
            shading.push({ ...background, start: isoOfWall(span.from), end: isoOfWall(span.to) });
          }
        }
        return shading;
      };

      const askedView = url.searchParams.get('view') as View | null;
      const askedDate = url.searchParams.get('date');
      const portrait = window.innerWidth < 900;
      /** The day view: the real day's start, and which bay a drawn time stands for. */
      const inDay = (shown: Date, viewStart: Date) => {
        const column = columnOf(shown.getTime(), viewStart.getTime());
        return { bay: columns[column], wall: wallOfColumn(shown.getTime(), column) };
      };
      const initialView = askedView && VIEWS.includes(askedView) ? askedView : portrait ? 'timeGridDay' : 'timeGridWeek';
      // The view the fetch draws for: FullCalendar fetches for a new view before it reports it (datesSet),
      // so a fetch made for the other kind of view is made again once the view is known.
      let drawnFor: string = initialView;
      let underWayShown = false;
      let viewType: string = initialView;
      const calendar = new Calendar(host.value!, {
        plugins: [dayGrid.default, timeGrid.default, interaction.default, multiMonth.default],
        timeZone: 'UTC',
        locale: language === 'ru' ? ru.default : 'en-gb',
        initialView,
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
        // Blocks in the status colour in every view (the month's default is a dot that hides it).
        eventDisplay: 'block',
        views: {
          // The bays side by side: one "day" of the grid per bay shown (lib/bay-columns.ts), a day at a step.
          timeGridDay: {
            duration: { days: Math.max(1, columns.length) },
            dateIncrement: { days: 1 },
            titleFormat: (arg) => longDay(arg.date.marker.getTime(), texts.locale),
            dayHeaderContent: (arg) => columns[columnOf(arg.date.getTime(), arg.view.currentStart.getTime())]?.name ?? '',
          },
          timeGrid: { eventContent: eventLines },
          // The start alone: «10:00 - 10:45» does not fit a portrait week's column.
          timeGridWeek: { displayEventEnd: false },
          // A month's bookings are finger-high: two a day, then «+N» (the week rows stay a glance high).
          dayGridMonth: { dayMaxEvents: 2 },
          // The year view limits bookings by cell height: taller cells show a few a day before «+N».
          multiMonthYear: { aspectRatio: 0.9 },
        },
        events: (info, success, failure) => {
          drawnFor = viewType;
          const dayView = viewType === 'timeGridDay';
          const from = info.start.toISOString().slice(0, 10);
          const to = dayView ? addDays(from, 1) : info.end.toISOString().slice(0, 10);
          api<{ events: CalendarEntry[] }>(`/api/calendar?branchId=${branchId}&from=${from}&to=${to}`)
            .then(({ events }) => {
              const byId = new Map(state.cards.map((c) => [c.id, c]));
              for (const entry of events) byId.set(entry.id, entry);
              state.cards = [...byId.values()];
              const segments = new Map<string, number>();
              for (const entry of events) segments.set(entry.id, (segments.get(entry.id) ?? 0) + 1);
              const shown: EventInput[] = [];
              const nowMs = Date.now();
              // Only the time grids draw an overrun, and only on the day the job was to end.
              underWayShown =
                viewType.startsWith('timeGrid') &&
                events.some((entry) => entry.status === 'InProgress' && dateIn(entry.end, zone) === dateIn(nowMs, zone));
              for (const entry of events) {
                const column = columns.findIndex((bay) => bay.id === entry.bayId);
                if (column < 0) continue;
                const start = Date.parse(entry.blockedFrom) < Date.parse(entry.start) ? entry.start : entry.blockedFrom;
                const offset = dayView ? column : 0;
                const single = segments.get(entry.id) === 1;
                // Only the day that holds the job's end can stretch it; no groupId, so the other days stay put.
                const holdsEnd = Date.parse(entry.blockedTo) >= Date.parse(entry.end);
                const overran = holdsEnd ? overranMinutes(entry, nowMs, zone) : 0;
                // A job still under way past its booked end fills its bay to the present moment (its bay
                // is held meanwhile); its first line keeps the booked time, the next says by how much it overran.
                const end =
                  overran > 0
                    ? new Date(Math.ceil(nowMs / FIVE_MINUTES) * FIVE_MINUTES).toISOString()
                    : Date.parse(entry.blockedTo) > Date.parse(entry.end)
                      ? entry.end
                      : entry.blockedTo;
                const what = `${shortServices(entry.serviceIds)}${entry.plate ? ` · ${entry.plate}` : ''}`;
                shown.push({
                  id: `${entry.id}@${entry.blockedFrom}`,
                  title: what,
                  start: isoOfWall(shownInColumn(wallOf(start, zone), offset)),
                  end: isoOfWall(shownInColumn(wallOf(end, zone), offset)),
                  classNames: ['zc-event', `st-${entry.status}`, ...(overran > 0 ? ['is-overran'] : [])],
                  startEditable: canMove && single && (entry.status === 'New' || entry.status === 'Confirmed'),
                  durationEditable:
                    canMove &&
                    holdsEnd &&
                    (entry.status === 'New' || entry.status === 'Confirmed' || entry.status === 'InProgress'),
                  extendedProps: {
                    bookingId: entry.id,
                    bookingStart: entry.start,
                    bayId: entry.bayId,
                    status: entry.status,
                    service: shortServices(entry.serviceIds),
                    plate: entry.plate ?? '',
                    who: entry.clientName ?? '—',
                    statusWord: texts.status[entry.status],
                    time: overran > 0 ? bookedTime(entry, zone, dayView) : null,
                    late: overran > 0 ? `${texts.board.overran} ${minutesText(texts, overran)}` : null,
                    summary: [texts.status[entry.status], what, entry.clientName, bayName(bays, entry.bayId)]
                      .filter(Boolean)
                      .join(' · '),
                  } satisfies Lines & Record<string, unknown>,
                });
              }
              success([...shown, ...closedShading(from, to, dayView)]);
              state.ready = true;
            })
            .catch((error: unknown) => {
              failure(error instanceof Error ? error : new Error('calendar'));
              say(state, problemText(error, texts.errors), 'error');
            });
        },
        eventDidMount: (info) => {
          if (info.event.display === 'background') return;
          const props = info.event.extendedProps;
          info.el.dataset.bookingId = String(props.bookingId);
          info.el.dataset.status = String(props.status);
          info.el.dataset.bay = String(props.bayId);
          info.el.title = String(props.summary);
          info.el.style.setProperty('--bay', colourOf(String(props.bayId)));
        },
        eventClick: (info) => {
          state.openId = String(info.event.extendedProps.bookingId);
        },
        dateClick: (info) => {
          if (!canMove) return;
          let wall = info.date.getTime();
          let bayId = '';
          if (info.view.type === 'timeGridDay') {
            const place = inDay(info.date, info.view.currentStart);
            wall = place.wall;
            bayId = place.bay?.id ?? '';
          }
          // A tap on the shaded closed time says so, instead of a form the server would refuse.
          if (info.allDay ? closedAllDay(branch, isoOfWall(wall).slice(0, 10)) : closedAt(branch, wall)) {
            say(state, texts.errors.OUTSIDE_WORKING_HOURS!, 'error');
            return;
          }
          const shown = isoOfWall(wall);
          newBooking.start = info.allDay ? `${shown.slice(0, 10)}T${earliest}` : shown.slice(0, 16);
          newBooking.bayId = bayId;
          newBooking.open = true;
        },
        eventDrop: (info) => {
          const id = String(info.event.extendedProps.bookingId);
          const ownBay = String(info.event.extendedProps.bayId);
          let wall = info.event.start!.getTime();
          // In the day view the column is the bay: the drop names it, so the server never picks another.
          let bayId: string | undefined;
          if (info.view.type === 'timeGridDay') {
            const place = inDay(info.event.start!, info.view.currentStart);
            wall = place.wall;
            bayId = place.bay?.id;
          }
          const start = new Date(instantOfWall(wall, zone)).toISOString();
          refused.current = null;
          api(`/api/bookings/${id}/reschedule`, { body: bayId ? { start, bayId } : { start } })
            .then(() => {
              const when = dayAndTime(start, zone, texts.locale);
              say(
                state,
                bayId && bayId !== ownBay
                  ? fill(own.movedToBay, { bay: bayName(bays, bayId), when })
                  : fill(own.movedTo, { when }),
                'ok',
              );
              refetch();
            })
            .catch((error: unknown) => {
              info.revert();
              refuse(error, id, bayId, bayId ?? ownBay);
            });
        },
        eventResize: (info) => {
          const id = String(info.event.extendedProps.bookingId);
          const start = String(info.event.extendedProps.bookingStart);
          const endShown = info.event.end!.getTime();
          const endWall =
            info.view.type === 'timeGridDay'
              ? wallOfColumn(endShown, columnOf(info.event.start!.getTime(), info.view.currentStart.getTime()))
              : endShown;
          const end = new Date(instantOfWall(endWall, zone)).toISOString();
          api(`/api/bookings/${id}/reschedule`, { body: { start, end } })
            .then(() => say(state, bookingTexts[lang.value].resized, 'ok'))
            .catch((error: unknown) => {
              info.revert();
              const booking = bookingTexts[lang.value];
              const reason =
                error instanceof ApiError && error.code === 'SLOT_TAKEN' ? booking.resizeTaken : problemText(error, texts.errors);
              say(state, `${texts.moved.refused} ${reason}`, 'error');
            });
        },
        datesSet: (info) => {
          viewType = info.view.type;
          if ((drawnFor === 'timeGridDay') !== (viewType === 'timeGridDay')) calendar.refetchEvents();
          // The date the manager looks at, not the range's first day: the year view would reopen on January.
          const date = wallDate(calendar.getDate()).slice(0, 10);
          const next = new URL(window.location.href);
          next.searchParams.set('view', info.view.type);
          next.searchParams.set('date', date);
          next.searchParams.set('branch', branchId);
          history.replaceState(history.state, '', next.toString());
          wrapper.value?.setAttribute('data-view', info.view.type);
          if (info.view.type === 'multiMonthYear') {
            // The page scrolls, not the year view's own box, so its scroll to the current month does nothing.
            setTimeout(() => {
              host.value
                ?.querySelector(`.fc-multimonth-month[data-date="${date.slice(0, 7)}"]`)
                ?.scrollIntoView({ block: 'start' });
            }, 0);
          }
        },
      });

      // New or changed bookings from the live feed: refetch the visible range (at most every 300 ms).
      let timer: ReturnType<typeof setTimeout> | undefined;
      const refetch = () => {
        clearTimeout(timer);
        timer = setTimeout(() => calendar.refetchEvents(), 300);
      };
      // Jobs under way are drawn again every minute: one may run past its booked end meanwhile.
      const minute = setInterval(() => {
        if (underWayShown) refetch();
      }, 60_000);
      calendar.render();
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
        clearInterval(minute);
        live.close();
        calendar.destroy();
      });
    },
    { strategy: 'document-ready' },
  );

  const hostClass = state.ready ? 'calendar-host is-ready' : 'calendar-host';
  const refusal = refused.current;
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
      <ul class="status-legend" aria-label={tc.statuses} data-status-legend>
        {CALENDAR_STATUSES.map((status) => (
          <li key={status} class={`status-key st-${status}`} data-status={status}>
            <span class="status-swatch" aria-hidden="true" />
            {t.status[status]}
          </li>
        ))}
      </ul>
      {(state.role === 'owner' || state.role === 'manager') && <p class="hint">{t.calendar.tapHint}</p>}
      {/* FullCalendar owns the inner element: Qwik re-renders the outer one's class, never the calendar's. */}
      <div class={hostClass} ref={wrapper} data-calendar>
        <div ref={host} />
      </div>
      {refusal && (
        <div class="calendar-refusal" role="alert" data-refusal>
          <p class="calendar-refusal-text">
            <strong>{refusal.text}</strong> {refusal.offers.length > 0 ? tc.pick : tc.none}
          </p>
          <div class="calendar-refusal-offers">
            {refusal.offers.map((offer) => (
              <button
                key={`${offer.start}-${offer.bayId}`}
                type="button"
                class="btn"
                data-offer={offer.start}
                data-offer-bay={offer.bayId}
                onClick$={() => takeOffer(refusal.bookingId, offer)}
              >
                {offer.label}
              </button>
            ))}
            <button type="button" class="btn" data-refusal-close onClick$={() => (refused.current = null)}>
              {tc.close}
            </button>
          </div>
        </div>
      )}
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

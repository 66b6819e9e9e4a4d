import { clientChange } from '../../domain/booking/client-changes.ts';
import { openIntervals, type Service } from '../../domain/catalog/catalog.ts';
import { requireComment } from '../../domain/booking/booking-rules.ts';
import type { Alternative } from '../../domain/schedule/alternatives.ts';
import { requireCar } from '../../domain/client/client-rules.ts';
import {
  carOfText,
  isPlateAttempt,
  isRussianPlate,
  normalizePlate,
  plateProblem,
  requirePlate,
} from '../../domain/client/plate.ts';
import { DomainError, isDomainError } from '../../domain/shared/errors.ts';
import { multiLineProblem, normalizeLineEnds, textLimits } from '../../domain/shared/input-rules.ts';
import { typedVisit } from '../../domain/booking/typed-visit.ts';
import { addDays, dateOf } from '../../domain/shared/time.ts';
import { encode, newWizardId, type CallbackData } from '../callback-data.ts';
import { actorOf, type ConversationServices, type Feature, type Turn } from '../context.ts';
import { carLabel, chunk, dayLabel, readyLabel, shortWhen, timeLabel, todayIn, whenLabel } from '../format.ts';
import type { Car, SessionData, Wizard, WizardStep } from '../../core/chats/chat-store.ts';
import { menuLabels } from '../texts.ts';
import { isNotACar, saysNoPlate } from '../understand.ts';
import { Buttons, type MessageId } from '../port.ts';
import { clearTapped, commandArgs, hears, mainMenu, tapped, tappedMessage, notLinkedYet } from './shared.ts';
import { getClientBookings } from '../../projections/board/queries.ts';
import { stationContacts } from '../station-facts.ts';
import { countOpenBookings } from '../../core/booking/open-bookings.ts';
import { assertRoomForAnotherBooking, OPEN_BOOKINGS_PER_CLIENT } from '../../domain/booking/client-limits.ts';

const DAYS = 14;
const TIMES_PER_ROW = 4;
/** The nearest free times a repeat offers at once, soonest first. */
const SOONEST = 6;

type View = { text: string; keyboard: Buttons };

/** The last finished wizard as the session keeps it. */
type Finished = NonNullable<SessionData['done']>;

type WizardTap = 'branch' | 'service' | 'date' | 'time' | 'car' | 'skip' | 'add' | 'back' | 'cancel' | 'confirm';
type Tapped<K extends WizardTap> = Extract<CallbackData, { kind: K }>;

/**
 * The booking wizard on inline keyboards: branch (when more than one) → service → date → time →
 * car (make, model and plate in one answer) → summary → confirm; a plate left out or a comment is
 * added from the summary, so a new client is not made to skip questions. Rules (availability,
 * non-overlap, working hours) all come from the booking commands the HTTP API uses; the wizard
 * only collects choices. The same wizard, in `move` mode, reschedules an existing booking
 * (date → time → summary).
 */
export const bookingFeature = (s: ConversationServices) => {
  const branchCatalog = async (turn: Turn, branchId: string) => {
    const found = await s.catalog.forBranch(turn.org.id, branchId);
    if (!found) throw new DomainError('NOT_FOUND', 'Branch not found');
    return found;
  };

  const servicesOf = (services: readonly Service[], ids: readonly string[]) =>
    ids.map((id) => services.find((service) => service.id === id)).filter((service): service is Service => !!service);

  const savedCar = async (turn: Turn): Promise<Car | null> => {
    const linked = turn.linked;
    if (!linked?.car) return null;
    return s.vault.open<Car>(linked.clientId, linked.car).catch(() => null);
  };

  /** Services some active bay can take: the ones a client may book. */
  const bookableOf = (found: Awaited<ReturnType<typeof branchCatalog>>) =>
    found.services.filter((service) => found.bays.some((bay) => bay.active && bay.kinds.includes(service.bayKind)));

  /** The dates the date step offers: today and the branch's horizon, two weeks at most. */
  const datesOf = (found: Awaited<ReturnType<typeof branchCatalog>>) => {
    const today = todayIn(s.now(), found.branch.timeZone);
    const days = Math.min(DAYS, Math.max(found.branch.bookingHorizonDays, 1));
    return Array.from({ length: days }, (_, i) => addDays(today, i));
  };

  const free = (turn: Turn, w: Wizard, date: string): Promise<Alternative[]> =>
    s.commands.availability(actorOf(turn), w.branchId!, w.serviceIds!, date);

  const navigation = (turn: Turn, w: Wizard, keyboard: Buttons, withBack = true) => {
    keyboard.row();
    if (withBack) keyboard.text(turn.t.back, encode({ kind: 'back', wizard: w.id }));
    keyboard.text(turn.t.cancel, encode({ kind: 'cancel', wizard: w.id }));
    return keyboard;
  };

  const timeButtons = (turn: Turn, w: Wizard, starts: number[], timeZone: string, label: (start: number) => string) => {
    const keyboard = new Buttons();
    for (const row of chunk(starts, TIMES_PER_ROW)) {
      for (const start of row) keyboard.text(label(start), encode({ kind: 'time', wizard: w.id, start }));
      keyboard.row();
    }
    return keyboard;
  };

  const serviceTitle = async (turn: Turn, w: Wizard) => {
    const found = await branchCatalog(turn, w.branchId!);
    return servicesOf(found.services, w.serviceIds ?? [])
      .map((service) => service.name)
      .join(', ');
  };

  const render = async (turn: Turn, w: Wizard): Promise<View> => {
    const { t, org } = turn;
    switch (w.step) {
      case 'branch': {
        const keyboard = new Buttons();
        for (const branch of await s.catalog.listBranches(org.id)) {
          keyboard.text(branch.name, encode({ kind: 'branch', wizard: w.id, branchId: branch.id })).row();
        }
        return { text: t.chooseBranch, keyboard: navigation(turn, w, keyboard, false) };
      }
      case 'service': {
        const found = await branchCatalog(turn, w.branchId!);
        const bookable = bookableOf(found);
        const keyboard = new Buttons();
        const repeat = servicesOf(bookable, w.repeat ?? []);
        const car = w.repeat ? await savedCar(turn) : null;
        if (car && repeat.length === w.repeat?.length) {
          const label = t.repeatLast(repeat.map((service) => service.name).join(', '), carLabel(car) ?? '');
          keyboard.text(label, encode({ kind: 'skip', wizard: w.id })).row();
        }
        for (const service of bookable) {
          const label = t.serviceLine(service.name, t.minutes(service.durationMinutes), t.price(service.priceRub));
          keyboard.text(label, encode({ kind: 'service', wizard: w.id, serviceId: service.id })).row();
        }
        const branches = await s.catalog.listBranches(org.id);
        return {
          text: bookable.length > 0 ? t.chooseService : t.noServices,
          keyboard: navigation(turn, w, keyboard, branches.length > 1),
        };
      }
      case 'date': {
        const found = await branchCatalog(turn, w.branchId!);
        const dates = datesOf(found);
        const freeCounts = await Promise.all(dates.map(async (date) => (await free(turn, w, date)).length));
        const keyboard = new Buttons();
        for (const row of chunk(dates, 3)) {
          for (const date of row) {
            const open = freeCounts[dates.indexOf(date)]! > 0;
            keyboard.text(`${open ? '' : '✖ '}${dayLabel(t, date)}`, encode({ kind: 'date', wizard: w.id, date, free: open }));
          }
          keyboard.row();
        }
        const title = await serviceTitle(turn, w);
        let text = t.chooseDate(title);
        if (w.mode === 'move' && w.bookingId) {
          const booking = await s.commands.loadBooking(actorOf(turn), w.bookingId);
          text = `${t.moveIntro(title, whenLabel(t, Date.parse(booking.start), found.branch.timeZone))}\n${text}`;
        }
        return { text, keyboard: navigation(turn, w, keyboard, w.mode === 'new') };
      }
      case 'time': {
        const found = await branchCatalog(turn, w.branchId!);
        const timeZone = found.branch.timeZone;
        const slots = await free(turn, w, w.date!);
        const starts = slots.map((slot) => Date.parse(slot.start));
        const title = await serviceTitle(turn, w);
        // The part of the day the client typed comes first; the whole day is a tap away.
        const window = w.wanted && w.wanted.date === w.date ? w.wanted.window : undefined;
        const within = window
          ? starts.filter((start) => timeLabel(start, timeZone) >= window.from && timeLabel(start, timeZone) < window.to)
          : starts;
        const shown = within.length > 0 ? within : starts;
        const day = dayLabel(t, w.date!);
        const text =
          starts.length === 0
            ? t.noFreeTime
            : window && within.length === 0
              ? `${t.windowFull(t.timeWindow(window.from, window.to))}\n${t.chooseTime(title, day)}`
              : t.chooseTime(title, window ? `${day}, ${t.timeWindow(window.from, window.to)}` : day);
        const keyboard = timeButtons(turn, w, shown, timeZone, (start) => timeLabel(start, timeZone));
        if (shown.length < starts.length) keyboard.text(t.wholeDay, encode({ kind: 'skip', wizard: w.id })).row();
        return { text, keyboard: navigation(turn, w, keyboard) };
      }
      case 'car': {
        const car = await savedCar(turn);
        const keyboard = new Buttons();
        if (car) keyboard.text(`🚗 ${carLabel(car) ?? ''}`, encode({ kind: 'car', wizard: w.id, saved: true })).row();
        keyboard.text(t.otherCar, encode({ kind: 'car', wizard: w.id, saved: false }));
        return { text: t.chooseCar, keyboard: navigation(turn, w, keyboard) };
      }
      case 'carModel':
        return { text: t.askCar, keyboard: navigation(turn, w, new Buttons()) };
      case 'plate':
        return { text: t.askPlate, keyboard: navigation(turn, w, new Buttons()) };
      case 'comment':
        return { text: t.askComment, keyboard: navigation(turn, w, new Buttons()) };
      case 'soonest': {
        const found = await branchCatalog(turn, w.branchId!);
        const timeZone = found.branch.timeZone;
        const today = todayIn(s.now(), timeZone);
        const starts: number[] = [];
        for (let day = 0; day < Math.min(DAYS, found.branch.bookingHorizonDays + 1) && starts.length < SOONEST; day += 1) {
          const slots = await free(turn, w, addDays(today, day));
          starts.push(...slots.slice(0, SOONEST - starts.length).map((slot) => Date.parse(slot.start)));
        }
        const keyboard = new Buttons();
        for (const row of chunk(starts, 2)) {
          for (const start of row) {
            const date = dateOf(start, timeZone);
            const day = date === today ? t.today : date === addDays(today, 1) ? t.tomorrow : dayLabel(t, date);
            const label = `${day} ${timeLabel(start, timeZone)}`;
            keyboard.text(label, encode({ kind: 'time', wizard: w.id, start }));
          }
          keyboard.row();
        }
        keyboard.text(t.otherDay, encode({ kind: 'skip', wizard: w.id }));
        const title = await serviceTitle(turn, w);
        return { text: starts.length > 0 ? t.soonest(title) : t.noFreeTime, keyboard: navigation(turn, w, keyboard) };
      }
      case 'summary': {
        w.reviewed = true;
        const found = await branchCatalog(turn, w.branchId!);
        const timeZone = found.branch.timeZone;
        const services = servicesOf(found.services, w.serviceIds ?? []);
        const title = services.map((service) => service.name).join(', ');
        const when = whenLabel(t, w.start!, timeZone);
        if (w.mode === 'move') {
          const booking = await s.commands.loadBooking(actorOf(turn), w.bookingId!);
          return {
            text: t.moveSummary(title, whenLabel(t, Date.parse(booking.start), timeZone), when),
            keyboard: navigation(turn, w, new Buttons().text(t.moveConfirm, encode({ kind: 'confirm', wizard: w.id }))),
          };
        }
        const price = services.reduce((sum, service) => sum + service.priceRub, 0);
        const keyboard = new Buttons().text(t.confirm, encode({ kind: 'confirm', wizard: w.id })).row();
        if (w.car && !w.car.plate) keyboard.text(t.addPlate, encode({ kind: 'add', wizard: w.id, field: 'plate' }));
        keyboard.text(w.comment ? t.changeComment : t.addComment, encode({ kind: 'add', wizard: w.id, field: 'comment' }));
        return {
          text: t.summary({
            service: title,
            when,
            branch: found.branch.name,
            car: carLabel(w.car),
            comment: w.comment ?? null,
            price: t.price(price),
          }),
          keyboard: navigation(turn, w, keyboard),
        };
      }
    }
  };

  /** Takes the buttons off an earlier wizard message; one too old to edit keeps them. */
  const retire = (turn: Turn, id: MessageId) => turn.out.clearButtons(id).catch(() => undefined);

  /** Edits the wizard's message when the tap came from it; otherwise sends a new one and retires the old keyboard. */
  const show = async (turn: Turn, w: Wizard, view: View) => {
    const say = { text: view.text, buttons: view.keyboard.rows };
    const tapped = tappedMessage(turn)?.id;
    if (tapped !== undefined && tapped === w.messageId) {
      await turn.out.edit(tapped, say);
      return;
    }
    if (w.messageId !== undefined) await retire(turn, w.messageId);
    w.messageId = await turn.out.say(say);
  };

  const step = async (turn: Turn, w: Wizard, next: WizardStep) => {
    w.step = next;
    turn.session.wizard = w;
    await show(turn, w, await render(turn, w));
  };

  /** Leaves the wizard message with a final text and no buttons. */
  const finish = async (turn: Turn, w: Wizard, text: string) => {
    delete turn.session.wizard;
    const tapped = tappedMessage(turn)?.id;
    if (tapped !== undefined && tapped === w.messageId) {
      await turn.out.edit(tapped, { text });
    } else {
      if (w.messageId !== undefined) await retire(turn, w.messageId);
      await turn.out.say({ text });
    }
  };

  /**
   * Says so when the client already holds as many upcoming visits as they may book themselves
   * (before they choose anything, not after): their bookings are one tap away, the station's phone for more.
   */
  const fullUp = async (turn: Turn, branchId?: string): Promise<boolean> => {
    if (!turn.linked) return false;
    const open = await countOpenBookings(s.pool, turn.linked.clientId, new Date(s.now()));
    if (open < OPEN_BOOKINGS_PER_CLIENT) return false;
    const { phone } = await stationContacts(s.pool, turn.org.id, branchId);
    await turn.out.say({ text: turn.t.tooManyBookings(OPEN_BOOKINGS_PER_CLIENT, phone), menu: mainMenu(turn.t) });
    return true;
  };

  const begin = async (turn: Turn, w: Omit<Wizard, 'id' | 'step'>, first: WizardStep) => {
    if (w.mode === 'new' && (await fullUp(turn, w.branchId))) return;
    const previous = turn.session.wizard;
    // A new wizard answers below the tap; the old one's buttons are retired.
    if (previous?.messageId !== undefined) {
      await retire(turn, previous.messageId);
    }
    await step(turn, { ...w, id: newWizardId(), step: first }, first);
  };

  const startBooking = async (turn: Turn) => {
    const { t, org, linked } = turn;
    if (!linked) {
      await notLinkedYet(turn);
      return;
    }
    const branches = await s.catalog.listBranches(org.id);
    if (branches.length === 0) {
      await turn.out.say({ text: t.notConfigured });
      return;
    }
    // A returning client with a car on record is offered their last visit's services first.
    const [last] = linked.car ? await getClientBookings(s.pool, org.id, linked.clientId, 1) : [];
    const repeat = last && branches.length === 1 ? { repeat: last.serviceIds } : {};
    if (branches.length > 1) await begin(turn, { mode: 'new' }, 'branch');
    else await begin(turn, { mode: 'new', branchId: branches[0]!.id, ...repeat }, 'service');
  };

  /**
   * Starts a booking from what the client typed («хочу поменять масло в субботу утром»): the
   * service and day it names are taken, so the wizard opens at that day's times (in the part of
   * the day asked for), at the days for the service, or at the services for the day. With
   * `service named` a text must name one of the station's jobs, with `service and day named` a
   * day (or a part of one) too, or it starts nothing (false) and is left to a manager.
   */
  const startFromText = async (
    turn: Turn,
    text: string,
    only: 'always' | 'service named' | 'service and day named' = 'always',
  ): Promise<boolean> => {
    const branches = turn.linked ? await s.catalog.listBranches(turn.org.id) : [];
    const found = branches.length === 1 ? await branchCatalog(turn, branches[0]!.id) : null;
    const typed = found ? typedVisit(text, bookableOf(found), s.now(), found.branch.timeZone) : null;
    const date = found && typed?.date && datesOf(found).includes(typed.date) ? typed.date : null;
    if (only !== 'always' && !typed?.serviceId) return false;
    if (only === 'service and day named' && !(date || typed?.window)) return false;
    if (!found || !typed || (!typed.serviceId && !date)) {
      await startBooking(turn);
      return true;
    }
    const services = typed.serviceId ? { serviceIds: [typed.serviceId] } : {};
    // A day the client named that the bot cannot book is said so, and the days it can are offered.
    const dates = datesOf(found);
    if (typed.serviceId && typed.date && !date && typed.date > dates.at(-1)!) {
      const { phone } = await stationContacts(s.pool, turn.org.id, found.branch.id);
      await turn.out.say({ text: turn.t.dayBeyondHorizon(dayLabel(turn.t, typed.date), dayLabel(turn.t, dates.at(-1)!), phone) });
      await begin(turn, { mode: 'new', branchId: found.branch.id, ...services }, 'date');
      return true;
    }
    if (typed.serviceId && date && openIntervals(found.branch, date).length === 0) {
      await turn.out.say({ text: turn.t.dayClosed(dayLabel(turn.t, date)) });
      await begin(turn, { mode: 'new', branchId: found.branch.id, ...services }, 'date');
      return true;
    }
    const wanted = date ? { date, wanted: { date, ...(typed.window ? { window: typed.window } : {}) } } : {};
    await begin(
      turn,
      { mode: 'new', branchId: found.branch.id, ...services, ...wanted },
      typed.serviceId ? (date ? 'time' : 'date') : 'service',
    );
    return true;
  };

  /** Starts a new booking at the date step for a service already chosen (another time than a maintenance reminder offered). */
  const startForService = async (turn: Turn, chosen: { branchId: string; serviceIds: string[] }) => {
    await begin(turn, { mode: 'new', branchId: chosen.branchId, serviceIds: chosen.serviceIds }, 'date');
  };

  /** Starts moving an existing booking; the my-bookings feature checks ownership and the client-change rule first. */
  const startMove = async (turn: Turn, booking: { bookingId: string; branchId: string; serviceIds: string[] }) => {
    await begin(
      turn,
      { mode: 'move', bookingId: booking.bookingId, branchId: booking.branchId, serviceIds: booking.serviceIds },
      'date',
    );
  };

  const previousStep = async (turn: Turn, w: Wizard): Promise<WizardStep | null> => {
    if (w.mode === 'move') return w.step === 'summary' ? 'time' : w.step === 'time' ? 'date' : null;
    switch (w.step) {
      case 'branch':
        return null;
      case 'service':
        return (await s.catalog.listBranches(turn.org.id)).length > 1 ? 'branch' : null;
      case 'date':
        return w.quick ? 'soonest' : 'service';
      case 'soonest':
        return 'service';
      case 'time':
        return 'date';
      case 'car':
        return 'time';
      case 'carModel':
        return (await savedCar(turn)) ? 'car' : 'time';
      case 'plate':
      case 'comment':
        return 'summary';
      case 'summary':
        return w.quick ? 'soonest' : w.carTyped ? 'carModel' : 'car';
    }
  };

  /** What a finished wizard's button says: the visit cancelled since, moved, or booked. */
  const finishedText = async (turn: Turn, done: Finished): Promise<string> => {
    const { t } = turn;
    const booking = done.bookingId
      ? await s.commands.loadBooking(actorOf(turn), done.bookingId).catch((error: unknown) => {
          // A booking gone since (the client's data erased) has nothing more to tell.
          if (isDomainError(error) && error.code === 'NOT_FOUND') return null;
          throw error;
        })
      : null;
    if (booking?.status === 'Cancelled') return t.alreadyCancelled;
    const when = whenLabel(t, done.start, done.timeZone);
    return done.moved ? t.alreadyMoved(when) : t.alreadyBooked(when);
  };

  /** The wizard a button belongs to, or null after telling the client the button is stale. */
  const current = async (turn: Turn, wizardId: string): Promise<Wizard | null> => {
    const { t, session } = turn;
    const w = session.wizard;
    if (w && w.id === wizardId && turn.linked) return w;
    if (session.done?.wizard === wizardId && turn.linked) {
      await turn.answer(await finishedText(turn, session.done), true);
    } else {
      await turn.answer(t.wizardExpired, true);
    }
    await clearTapped(turn);
    return null;
  };

  const afterTime = async (turn: Turn, w: Wizard): Promise<WizardStep> => {
    if (w.mode === 'move' || w.reviewed || w.quick) return 'summary';
    return (await savedCar(turn)) ? 'car' : 'carModel';
  };

  const tapBranch = async (turn: Turn, data: Tapped<'branch'>) => {
    const w = await current(turn, data.wizard);
    if (!w) return;
    await turn.answer();
    const found = await s.catalog.forBranch(turn.org.id, data.branchId);
    if (!found) return step(turn, w, 'branch');
    Object.assign(w, { branchId: data.branchId, serviceIds: undefined, date: undefined, start: undefined });
    await step(turn, w, 'service');
  };

  const tapService = async (turn: Turn, data: Tapped<'service'>) => {
    const w = await current(turn, data.wizard);
    if (!w || !w.branchId) return;
    await turn.answer();
    const found = await branchCatalog(turn, w.branchId);
    if (!found.services.some((service) => service.id === data.serviceId)) return step(turn, w, 'service');
    // A day the client typed is kept: its times come next.
    const date = w.wanted?.date;
    Object.assign(w, { serviceIds: [data.serviceId], date, start: undefined, quick: undefined });
    await step(turn, w, date ? 'time' : 'date');
  };

  const tapDate = async (turn: Turn, data: Tapped<'date'>) => {
    const w = await current(turn, data.wizard);
    if (!w || !w.serviceIds) return;
    if (!data.free) {
      await turn.answer(turn.t.noFreeDay);
      return;
    }
    await turn.answer();
    Object.assign(w, { date: data.date, start: undefined });
    await step(turn, w, 'time');
  };

  const tapTime = async (turn: Turn, data: Tapped<'time'>) => {
    const w = await current(turn, data.wizard);
    if (!w || !w.serviceIds || !w.branchId) return;
    const found = await branchCatalog(turn, w.branchId);
    const date = dateOf(data.start, found.branch.timeZone);
    // Checked again here so a time that went meanwhile is refused before the car questions.
    const slots = await free(turn, w, date);
    if (!slots.some((slot) => Date.parse(slot.start) === data.start)) {
      await turn.answer(turn.t.timeGone, true);
      w.date = date;
      await step(turn, w, 'time');
      return;
    }
    await turn.answer();
    Object.assign(w, { date, start: data.start });
    await step(turn, w, await afterTime(turn, w));
  };

  const tapCar = async (turn: Turn, data: Tapped<'car'>) => {
    const w = await current(turn, data.wizard);
    if (!w) return;
    await turn.answer();
    const car = data.saved ? await savedCar(turn) : null;
    if (car) {
      Object.assign(w, { car, carTyped: false });
      await step(turn, w, 'summary');
    } else {
      Object.assign(w, { car: undefined, carTyped: true });
      await step(turn, w, 'carModel');
    }
  };

  const tapSkip = async (turn: Turn, data: Tapped<'skip'>) => {
    const w = await current(turn, data.wizard);
    if (!w) return;
    await turn.answer();
    if (w.step === 'service' && w.repeat) {
      // «Like last time»: the same services and the saved car, then the soonest times.
      const car = await savedCar(turn);
      if (!car) return step(turn, w, 'service');
      Object.assign(w, { serviceIds: w.repeat, car, carTyped: false, quick: true, date: undefined, start: undefined });
      await step(turn, w, 'soonest');
    } else if (w.step === 'soonest') {
      await step(turn, w, 'date');
    } else if (w.step === 'time' && w.wanted) {
      delete w.wanted.window;
      await step(turn, w, 'time');
    } else {
      await step(turn, w, w.step);
    }
  };

  const tapAdd = async (turn: Turn, data: Tapped<'add'>) => {
    const w = await current(turn, data.wizard);
    if (!w) return;
    await turn.answer();
    await step(turn, w, w.step === 'summary' ? data.field : w.step);
  };

  const tapBack = async (turn: Turn, data: Tapped<'back'>) => {
    const w = await current(turn, data.wizard);
    if (!w) return;
    await turn.answer();
    const previous = await previousStep(turn, w);
    await step(turn, w, previous ?? w.step);
  };

  const tapCancel = async (turn: Turn, data: Tapped<'cancel'>) => {
    const w = await current(turn, data.wizard);
    if (!w) return;
    await turn.answer();
    await finish(turn, w, turn.t.wizardCancelled);
  };

  const showAlternatives = async (turn: Turn, w: Wizard, alternatives: Alternative[], timeZone: string) => {
    const { t } = turn;
    const starts = alternatives.map((alternative) => Date.parse(alternative.start));
    w.step = 'time';
    if (starts.length === 0) {
      await show(turn, w, { text: t.slotTakenNone, keyboard: navigation(turn, w, new Buttons()) });
      return;
    }
    const keyboard = timeButtons(turn, w, starts, timeZone, (start) => shortWhen(start, timeZone));
    await show(turn, w, { text: t.slotTaken, keyboard: navigation(turn, w, keyboard) });
  };

  const tapConfirm = async (turn: Turn, data: Tapped<'confirm'>) => {
    const w = await current(turn, data.wizard);
    if (!w) return;
    const { t, linked } = turn;
    if (w.step !== 'summary' || !w.branchId || !w.serviceIds || w.start === undefined || !linked) {
      await turn.answer();
      await step(turn, w, w.step);
      return;
    }
    await turn.answer(w.mode === 'move' ? undefined : t.booking);
    const found = await branchCatalog(turn, w.branchId);
    const timeZone = found.branch.timeZone;
    const start = new Date(w.start).toISOString();
    let end: string;
    let bookingId: string;
    try {
      if (w.mode === 'move') {
        // The client-change rule is checked again: the client may have taken a while to choose.
        const booking = await s.commands.loadBooking(actorOf(turn), w.bookingId!);
        if (booking.clientId !== linked.clientId) throw new DomainError('NOT_FOUND', 'Booking not found');
        const change = clientChange(booking, found.branch.changeNoticeMinutes, s.now());
        if (!change.allowed) {
          const tooLate = change.reason === 'too_late';
          const phone = tooLate ? (await stationContacts(s.pool, turn.org.id, w.branchId)).phone : null;
          const refusal = tooLate
            ? t.tooLate(t.minutes(change.noticeMinutes), phone)
            : change.reason === 'past'
              ? t.bookingPast
              : t.notChangeable;
          await finish(turn, w, refusal);
          return;
        }
        ({ end, id: bookingId } = await s.commands.reschedule(actorOf(turn), w.bookingId!, { start }));
      } else {
        const profile = await s.vault.open<{ name: string; phone: string }>(linked.clientId, linked.profile);
        if (!profile) throw new DomainError('NOT_FOUND', 'The client profile is gone');
        // Counted again at the last tap: another chat of theirs may have booked meanwhile.
        assertRoomForAnotherBooking(await countOpenBookings(s.pool, linked.clientId, new Date(s.now())));
        ({ end, id: bookingId } = await s.commands.place(actorOf(turn), {
          branchId: w.branchId,
          serviceIds: w.serviceIds,
          start,
          client: profile,
          car: w.car,
          comment: w.comment,
          channel: turn.sender.channel,
          ...(turn.session.source ? { source: turn.session.source } : {}),
          // A double tap or a retried update books once.
          idempotencyKey: `${turn.sender.channel}:${w.id}`,
        }));
        if (w.car && w.carTyped) await s.chats.setCar(turn.userKey, await s.vault.seal(linked.clientId, w.car));
      }
    } catch (error) {
      if (!isDomainError(error)) throw error;
      // To a client a time with no mechanic on shift is as taken as a time with no free bay.
      if (error.code === 'SLOT_TAKEN' || error.code === 'NO_MECHANIC_ON_SHIFT') {
        const alternatives = (error.details?.alternatives ?? []) as Alternative[];
        await showAlternatives(turn, w, alternatives, timeZone);
        return;
      }
      if (error.code === 'TOO_MANY_OPEN_BOOKINGS') {
        const { phone } = await stationContacts(s.pool, turn.org.id, w.branchId);
        await finish(turn, w, t.tooManyBookings(OPEN_BOOKINGS_PER_CLIENT, phone));
        return;
      }
      if (error.code === 'TOO_SOON') {
        const phone = (await stationContacts(s.pool, turn.org.id, w.branchId)).phone;
        await turn.out.say({ text: t.tooSoon(t.minutes(Number(error.details?.leadMinutes ?? 0)), phone) });
        await step(turn, w, 'time');
        return;
      }
      if (error.code === 'IN_PAST' || error.code === 'OUTSIDE_WORKING_HOURS') {
        await turn.out.say({ text: t.timeGone });
        await step(turn, w, 'time');
        return;
      }
      await finish(
        turn,
        w,
        error.code === 'ILLEGAL_TRANSITION' || error.code === 'NOT_FOUND' ? t.notChangeable : t.somethingWrong,
      );
      return;
    }
    turn.session.done = { wizard: w.id, start: w.start, timeZone, moved: w.mode === 'move', bookingId };
    const when = whenLabel(t, w.start, timeZone);
    // A job over several days: the client is told when the car will be ready, not only when to bring it.
    const ready = readyLabel(t, w.start, Date.parse(end), timeZone);
    await finish(turn, w, w.mode === 'move' ? t.moved(when, ready) : t.booked(when, ready));
  };

  /** A typed car (make, model, the plate if given), or why the rules refuse it; the same rules as every other channel. */
  const typedCar = (text: string): Car | 'control' | 'bad' => {
    try {
      return requireCar(carOfText(text)) ?? 'bad';
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'VALIDATION') throw error;
      return error.details?.problem === 'control' ? 'control' : 'bad';
    }
  };

  /**
   * A car typed at the summary, to correct it: a plate on its own replaces the plate, a car ending in
   * a plate replaces the car. Anything else there is not taken as the car.
   */
  const correction = (w: Wizard, text: string): Car | null => {
    if (isRussianPlate(text)) return { ...w.car, plate: normalizePlate(text) };
    const car = typedCar(text);
    return typeof car === 'object' && car.plate && car.make && !isNotACar(text) ? car : null;
  };

  // Typed answers to the car, plate and comment questions, held to the rules the booking command applies.
  // A question typed instead of the car («а сколько это стоит?») is left to the features that answer
  // it; the wizard still waits for the car.
  const typed = async (turn: Turn, raw: string): Promise<boolean> => {
    const w = turn.session.wizard;
    if (!w || !turn.linked || !['carModel', 'plate', 'comment', 'summary'].includes(w.step)) return false;
    const text = raw.trim();
    if (text.startsWith('/')) return false;
    const { t } = turn;
    const refuse = async (message: string) => {
      await turn.out.say({ text: message });
      return true;
    };
    if (w.step === 'summary') {
      const corrected = w.mode === 'move' ? null : correction(w, text);
      if (!corrected) return false;
      w.car = corrected;
      w.carTyped = true;
      await step(turn, w, 'summary');
      return true;
    }
    if (w.step === 'carModel') {
      const car = typedCar(text);
      if (car === 'control') return refuse(t.badCharacters);
      if (car === 'bad') return refuse(t.badCar);
      if (isNotACar(text)) return false;
      w.car = car;
      w.carTyped = true;
      await step(turn, w, 'summary');
      return true;
    }
    if (w.step === 'plate') {
      if (saysNoPlate(text)) {
        await turn.out.say({ text: t.plateSkipped });
        await step(turn, w, 'summary');
        return true;
      }
      const problem = plateProblem(text);
      if (problem === 'control') return refuse(t.badCharacters);
      // A phrase typed while the plate is asked («я опаздываю на 15 минут») is a message for the
      // features after this one (an answer, a manager); only a plate mistyped is asked again.
      if (problem) return isPlateAttempt(text) ? refuse(t.badPlate) : false;
      w.car = { ...w.car, plate: requirePlate(text) };
      await step(turn, w, 'summary');
      return true;
    }
    const problem = multiLineProblem(normalizeLineEnds(text), textLimits.comment);
    if (problem) return refuse(problem === 'control' ? t.badCharacters : t.badComment(textLimits.comment));
    w.comment = requireComment(text);
    await step(turn, w, 'summary');
    return true;
  };

  const taps: { [K in WizardTap]: (turn: Turn, data: Tapped<K>) => Promise<unknown> } = {
    branch: tapBranch,
    service: tapService,
    date: tapDate,
    time: tapTime,
    car: tapCar,
    skip: tapSkip,
    add: tapAdd,
    back: tapBack,
    cancel: tapCancel,
    confirm: tapConfirm,
  };

  const feature: Feature = async (turn) => {
    if (hears(turn, menuLabels.book) || commandArgs(turn, 'book') !== null) {
      await startBooking(turn);
      return true;
    }
    for (const kind of Object.keys(taps) as WizardTap[]) {
      const data = tapped(turn, kind);
      if (data) {
        await (taps[kind] as (turn: Turn, data: Tapped<WizardTap>) => Promise<unknown>)(turn, data);
        return true;
      }
    }
    const { input } = turn;
    return input.kind === 'text' && typed(turn, input.text);
  };

  return { feature, startMove, startBooking, startFromText, startForService };
};

import { Composer, InlineKeyboard } from 'grammy';
import { clientChange } from '../../domain/booking/client-changes.ts';
import type { Service } from '../../domain/catalog/catalog.ts';
import { requireComment } from '../../domain/booking/booking-rules.ts';
import type { Alternative } from '../../domain/schedule/alternatives.ts';
import { requireCar } from '../../domain/client/client-rules.ts';
import { plateProblem, requirePlate } from '../../domain/client/plate.ts';
import { DomainError, isDomainError } from '../../domain/shared/errors.ts';
import { multiLineProblem, normalizeLineEnds, textLimits } from '../../domain/shared/input-rules.ts';
import { addDays, dateOf } from '../../domain/shared/time.ts';
import { encode, newWizardId } from '../callback-data.ts';
import type { BotContext, BotServices } from '../context.ts';
import { carLabel, chunk, dayLabel, shortWhen, timeLabel, todayIn, whenLabel } from '../format.ts';
import type { Car, Wizard, WizardStep } from '../../core/chats/chat-store.ts';
import { menuLabels } from '../texts.ts';
import { actorOf, chatIdOf, onData } from './shared.ts';

const DAYS = 14;
const TIMES_PER_ROW = 4;

type View = { text: string; keyboard: InlineKeyboard };

/**
 * The booking wizard on inline keyboards: branch (when more than one) → service → date → time →
 * car → comment → summary → confirm. Rules (availability, non-overlap, working hours) all come
 * from the booking commands the HTTP API uses; the wizard only collects choices. The same wizard,
 * in `move` mode, reschedules an existing booking (date → time → summary).
 */
export const bookingFeature = (s: BotServices) => {
  const composer = new Composer<BotContext>();

  const branchCatalog = async (ctx: BotContext, branchId: string) => {
    const found = await s.catalog.forBranch(ctx.z.org.id, branchId);
    if (!found) throw new DomainError('NOT_FOUND', 'Branch not found');
    return found;
  };

  const servicesOf = (services: readonly Service[], ids: readonly string[]) =>
    ids.map((id) => services.find((service) => service.id === id)).filter((service): service is Service => !!service);

  const savedCar = async (ctx: BotContext): Promise<Car | null> => {
    const linked = ctx.z.linked;
    if (!linked?.car) return null;
    return s.vault.open<Car>(linked.clientId, linked.car).catch(() => null);
  };

  const free = (ctx: BotContext, w: Wizard, date: string): Promise<Alternative[]> =>
    s.commands.availability(actorOf(ctx), w.branchId!, w.serviceIds!, date);

  const navigation = (ctx: BotContext, w: Wizard, keyboard: InlineKeyboard, withBack = true) => {
    keyboard.row();
    if (withBack) keyboard.text(ctx.z.t.back, encode({ kind: 'back', wizard: w.id }));
    keyboard.text(ctx.z.t.cancel, encode({ kind: 'cancel', wizard: w.id }));
    return keyboard;
  };

  const timeButtons = (ctx: BotContext, w: Wizard, starts: number[], timeZone: string, label: (start: number) => string) => {
    const keyboard = new InlineKeyboard();
    for (const row of chunk(starts, TIMES_PER_ROW)) {
      for (const start of row) keyboard.text(label(start), encode({ kind: 'time', wizard: w.id, start }));
      keyboard.row();
    }
    return keyboard;
  };

  const serviceTitle = async (ctx: BotContext, w: Wizard) => {
    const found = await branchCatalog(ctx, w.branchId!);
    return servicesOf(found.services, w.serviceIds ?? [])
      .map((service) => service.name)
      .join(', ');
  };

  const render = async (ctx: BotContext, w: Wizard): Promise<View> => {
    const { t, org } = ctx.z;
    switch (w.step) {
      case 'branch': {
        const keyboard = new InlineKeyboard();
        for (const branch of await s.catalog.listBranches(org.id)) {
          keyboard.text(branch.name, encode({ kind: 'branch', wizard: w.id, branchId: branch.id })).row();
        }
        return { text: t.chooseBranch, keyboard: navigation(ctx, w, keyboard, false) };
      }
      case 'service': {
        const found = await branchCatalog(ctx, w.branchId!);
        const bookable = found.services.filter((service) =>
          found.bays.some((bay) => bay.active && bay.kinds.includes(service.bayKind)),
        );
        const keyboard = new InlineKeyboard();
        for (const service of bookable) {
          const label = t.serviceLine(service.name, t.minutes(service.durationMinutes), t.price(service.priceRub));
          keyboard.text(label, encode({ kind: 'service', wizard: w.id, serviceId: service.id })).row();
        }
        const branches = await s.catalog.listBranches(org.id);
        return {
          text: bookable.length > 0 ? t.chooseService : t.noServices,
          keyboard: navigation(ctx, w, keyboard, branches.length > 1),
        };
      }
      case 'date': {
        const found = await branchCatalog(ctx, w.branchId!);
        const today = todayIn(s.now(), found.branch.timeZone);
        const days = Math.min(DAYS, Math.max(found.branch.bookingHorizonDays, 1));
        const dates = Array.from({ length: days }, (_, i) => addDays(today, i));
        const freeCounts = await Promise.all(dates.map(async (date) => (await free(ctx, w, date)).length));
        const keyboard = new InlineKeyboard();
        for (const row of chunk(dates, 3)) {
          for (const date of row) {
            const open = freeCounts[dates.indexOf(date)]! > 0;
            keyboard.text(`${open ? '' : '✖ '}${dayLabel(t, date)}`, encode({ kind: 'date', wizard: w.id, date, free: open }));
          }
          keyboard.row();
        }
        const title = await serviceTitle(ctx, w);
        let text = t.chooseDate(title);
        if (w.mode === 'move' && w.bookingId) {
          const booking = await s.commands.loadBooking(actorOf(ctx), w.bookingId);
          text = `${t.moveIntro(title, whenLabel(t, Date.parse(booking.start), found.branch.timeZone))}\n${text}`;
        }
        return { text, keyboard: navigation(ctx, w, keyboard, w.mode === 'new') };
      }
      case 'time': {
        const found = await branchCatalog(ctx, w.branchId!);
        const timeZone = found.branch.timeZone;
        const slots = await free(ctx, w, w.date!);
        const starts = slots.map((slot) => Date.parse(slot.start));
        const title = await serviceTitle(ctx, w);
        const text = starts.length > 0 ? t.chooseTime(title, dayLabel(t, w.date!)) : t.noFreeTime;
        return {
          text,
          keyboard: navigation(
            ctx,
            w,
            timeButtons(ctx, w, starts, timeZone, (start) => timeLabel(start, timeZone)),
          ),
        };
      }
      case 'car': {
        const car = await savedCar(ctx);
        const keyboard = new InlineKeyboard();
        if (car) keyboard.text(`🚗 ${carLabel(car) ?? ''}`, encode({ kind: 'car', wizard: w.id, saved: true })).row();
        keyboard.text(t.otherCar, encode({ kind: 'car', wizard: w.id, saved: false }));
        return { text: t.chooseCar, keyboard: navigation(ctx, w, keyboard) };
      }
      case 'carModel':
        return { text: t.askCar, keyboard: navigation(ctx, w, new InlineKeyboard()) };
      case 'plate':
        return {
          text: t.askPlate,
          keyboard: navigation(ctx, w, new InlineKeyboard().text(t.skip, encode({ kind: 'skip', wizard: w.id }))),
        };
      case 'comment':
        return {
          text: t.askComment,
          keyboard: navigation(ctx, w, new InlineKeyboard().text(t.skip, encode({ kind: 'skip', wizard: w.id }))),
        };
      case 'summary': {
        w.reviewed = true;
        const found = await branchCatalog(ctx, w.branchId!);
        const timeZone = found.branch.timeZone;
        const services = servicesOf(found.services, w.serviceIds ?? []);
        const title = services.map((service) => service.name).join(', ');
        const when = whenLabel(t, w.start!, timeZone);
        if (w.mode === 'move') {
          const booking = await s.commands.loadBooking(actorOf(ctx), w.bookingId!);
          return {
            text: t.moveSummary(title, whenLabel(t, Date.parse(booking.start), timeZone), when),
            keyboard: navigation(ctx, w, new InlineKeyboard().text(t.moveConfirm, encode({ kind: 'confirm', wizard: w.id }))),
          };
        }
        const price = services.reduce((sum, service) => sum + service.priceRub, 0);
        return {
          text: t.summary({
            service: title,
            when,
            branch: found.branch.name,
            car: carLabel(w.car),
            comment: w.comment ?? null,
            price: t.price(price),
          }),
          keyboard: navigation(ctx, w, new InlineKeyboard().text(t.confirm, encode({ kind: 'confirm', wizard: w.id }))),
        };
      }
    }
  };

  /** Edits the wizard's message when the tap came from it; otherwise sends a new one and retires the old keyboard. */
  const show = async (ctx: BotContext, w: Wizard, view: View) => {
    const tappedMessage = ctx.callbackQuery?.message?.message_id;
    if (tappedMessage !== undefined && tappedMessage === w.messageId) {
      await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
      return;
    }
    if (w.messageId !== undefined) {
      await ctx.api.editMessageReplyMarkup(chatIdOf(ctx), w.messageId).catch(() => undefined);
    }
    const sent = await ctx.reply(view.text, { reply_markup: view.keyboard });
    w.messageId = sent.message_id;
  };

  const step = async (ctx: BotContext, w: Wizard, next: WizardStep) => {
    w.step = next;
    ctx.z.session.wizard = w;
    await show(ctx, w, await render(ctx, w));
  };

  /** Leaves the wizard message with a final text and no buttons. */
  const finish = async (ctx: BotContext, w: Wizard, text: string) => {
    delete ctx.z.session.wizard;
    if (ctx.callbackQuery?.message?.message_id === w.messageId) {
      await ctx.editMessageText(text, { reply_markup: undefined });
    } else {
      if (w.messageId !== undefined) await ctx.api.editMessageReplyMarkup(chatIdOf(ctx), w.messageId).catch(() => undefined);
      await ctx.reply(text);
    }
  };

  const begin = async (ctx: BotContext, w: Omit<Wizard, 'id' | 'step'>, first: WizardStep) => {
    const previous = ctx.z.session.wizard;
    // A new wizard answers below the tap; the old one's buttons are retired.
    if (previous?.messageId !== undefined) {
      await ctx.api.editMessageReplyMarkup(chatIdOf(ctx), previous.messageId).catch(() => undefined);
    }
    await step(ctx, { ...w, id: newWizardId(), step: first }, first);
  };

  const startBooking = async (ctx: BotContext) => {
    const { t, org, linked } = ctx.z;
    if (!linked) {
      await ctx.reply(t.notLinked);
      return;
    }
    const branches = await s.catalog.listBranches(org.id);
    if (branches.length === 0) {
      await ctx.reply(t.notConfigured);
      return;
    }
    if (branches.length > 1) await begin(ctx, { mode: 'new' }, 'branch');
    else await begin(ctx, { mode: 'new', branchId: branches[0]!.id }, 'service');
  };

  /** Starts moving an existing booking; the my-bookings feature checks ownership and the client-change rule first. */
  const startMove = async (ctx: BotContext, booking: { bookingId: string; branchId: string; serviceIds: string[] }) => {
    await begin(
      ctx,
      { mode: 'move', bookingId: booking.bookingId, branchId: booking.branchId, serviceIds: booking.serviceIds },
      'date',
    );
  };

  const previousStep = async (ctx: BotContext, w: Wizard): Promise<WizardStep | null> => {
    if (w.mode === 'move') return w.step === 'summary' ? 'time' : w.step === 'time' ? 'date' : null;
    switch (w.step) {
      case 'branch':
        return null;
      case 'service':
        return (await s.catalog.listBranches(ctx.z.org.id)).length > 1 ? 'branch' : null;
      case 'date':
        return 'service';
      case 'time':
        return 'date';
      case 'car':
        return 'time';
      case 'carModel':
        return (await savedCar(ctx)) ? 'car' : 'time';
      case 'plate':
        return 'carModel';
      case 'comment':
        return w.carTyped ? 'plate' : 'car';
      case 'summary':
        return 'comment';
    }
  };

  /** The wizard a button belongs to, or null after telling the client the button is stale. */
  const current = async (ctx: BotContext, wizardId: string): Promise<Wizard | null> => {
    const { t, session } = ctx.z;
    const w = session.wizard;
    if (w && w.id === wizardId && ctx.z.linked) return w;
    if (session.done?.wizard === wizardId && ctx.z.linked) {
      await ctx.z.answer(t.alreadyBooked(whenLabel(t, session.done.start, session.done.timeZone)), true);
    } else {
      await ctx.z.answer(t.wizardExpired, true);
    }
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    return null;
  };

  const afterTime = async (ctx: BotContext, w: Wizard): Promise<WizardStep> => {
    if (w.mode === 'move' || w.reviewed) return 'summary';
    return (await savedCar(ctx)) ? 'car' : 'carModel';
  };

  composer.hears(menuLabels.book, startBooking);
  composer.command('book', startBooking);

  onData(composer, 'branch', async (ctx, data) => {
    const w = await current(ctx, data.wizard);
    if (!w) return;
    await ctx.z.answer();
    const found = await s.catalog.forBranch(ctx.z.org.id, data.branchId);
    if (!found) return step(ctx, w, 'branch');
    Object.assign(w, { branchId: data.branchId, serviceIds: undefined, date: undefined, start: undefined });
    await step(ctx, w, 'service');
  });

  onData(composer, 'service', async (ctx, data) => {
    const w = await current(ctx, data.wizard);
    if (!w || !w.branchId) return;
    await ctx.z.answer();
    const found = await branchCatalog(ctx, w.branchId);
    if (!found.services.some((service) => service.id === data.serviceId)) return step(ctx, w, 'service');
    Object.assign(w, { serviceIds: [data.serviceId], date: undefined, start: undefined });
    await step(ctx, w, 'date');
  });

  onData(composer, 'date', async (ctx, data) => {
    const w = await current(ctx, data.wizard);
    if (!w || !w.serviceIds) return;
    if (!data.free) {
      await ctx.z.answer(ctx.z.t.noFreeDay);
      return;
    }
    await ctx.z.answer();
    Object.assign(w, { date: data.date, start: undefined });
    await step(ctx, w, 'time');
  });

  onData(composer, 'time', async (ctx, data) => {
    const w = await current(ctx, data.wizard);
    if (!w || !w.serviceIds || !w.branchId) return;
    const found = await branchCatalog(ctx, w.branchId);
    const date = dateOf(data.start, found.branch.timeZone);
    // Checked again here so a time that went meanwhile is refused before the car questions.
    const slots = await free(ctx, w, date);
    if (!slots.some((slot) => Date.parse(slot.start) === data.start)) {
      await ctx.z.answer(ctx.z.t.timeGone, true);
      w.date = date;
      await step(ctx, w, 'time');
      return;
    }
    await ctx.z.answer();
    Object.assign(w, { date, start: data.start });
    await step(ctx, w, await afterTime(ctx, w));
  });

  onData(composer, 'car', async (ctx, data) => {
    const w = await current(ctx, data.wizard);
    if (!w) return;
    await ctx.z.answer();
    const car = data.saved ? await savedCar(ctx) : null;
    if (car) {
      Object.assign(w, { car, carTyped: false });
      await step(ctx, w, 'comment');
    } else {
      Object.assign(w, { car: undefined, carTyped: true });
      await step(ctx, w, 'carModel');
    }
  });

  onData(composer, 'skip', async (ctx, data) => {
    const w = await current(ctx, data.wizard);
    if (!w) return;
    await ctx.z.answer();
    if (w.step === 'plate') {
      if (w.car) delete w.car.plate;
      await step(ctx, w, 'comment');
    } else if (w.step === 'comment') {
      delete w.comment;
      await step(ctx, w, 'summary');
    } else {
      await step(ctx, w, w.step);
    }
  });

  onData(composer, 'back', async (ctx, data) => {
    const w = await current(ctx, data.wizard);
    if (!w) return;
    await ctx.z.answer();
    const previous = await previousStep(ctx, w);
    await step(ctx, w, previous ?? w.step);
  });

  onData(composer, 'cancel', async (ctx, data) => {
    const w = await current(ctx, data.wizard);
    if (!w) return;
    await ctx.z.answer();
    await finish(ctx, w, ctx.z.t.wizardCancelled);
  });

  const showAlternatives = async (ctx: BotContext, w: Wizard, alternatives: Alternative[], timeZone: string) => {
    const { t } = ctx.z;
    const starts = alternatives.map((alternative) => Date.parse(alternative.start));
    w.step = 'time';
    if (starts.length === 0) {
      await show(ctx, w, { text: t.slotTakenNone, keyboard: navigation(ctx, w, new InlineKeyboard()) });
      return;
    }
    const keyboard = timeButtons(ctx, w, starts, timeZone, (start) => shortWhen(start, timeZone));
    await show(ctx, w, { text: t.slotTaken, keyboard: navigation(ctx, w, keyboard) });
  };

  onData(composer, 'confirm', async (ctx, data) => {
    const w = await current(ctx, data.wizard);
    if (!w) return;
    const { t, linked } = ctx.z;
    if (w.step !== 'summary' || !w.branchId || !w.serviceIds || w.start === undefined || !linked) {
      await ctx.z.answer();
      await step(ctx, w, w.step);
      return;
    }
    await ctx.z.answer(w.mode === 'move' ? undefined : t.booking);
    const found = await branchCatalog(ctx, w.branchId);
    const timeZone = found.branch.timeZone;
    const start = new Date(w.start).toISOString();
    try {
      if (w.mode === 'move') {
        // The client-change rule is checked again: the client may have taken a while to choose.
        const booking = await s.commands.loadBooking(actorOf(ctx), w.bookingId!);
        if (booking.clientId !== linked.clientId) throw new DomainError('NOT_FOUND', 'Booking not found');
        const change = clientChange(booking, found.branch.changeNoticeMinutes, s.now());
        if (!change.allowed) {
          await finish(ctx, w, change.reason === 'too_late' ? t.tooLate(t.minutes(change.noticeMinutes)) : t.notChangeable);
          return;
        }
        await s.commands.reschedule(actorOf(ctx), w.bookingId!, { start });
      } else {
        const profile = await s.vault.open<{ name: string; phone: string }>(linked.clientId, linked.profile);
        if (!profile) throw new DomainError('NOT_FOUND', 'The client profile is gone');
        await s.commands.place(actorOf(ctx), {
          branchId: w.branchId,
          serviceIds: w.serviceIds,
          start,
          client: profile,
          car: w.car,
          comment: w.comment,
          channel: 'telegram',
          // A double tap or a retried update books once.
          idempotencyKey: `telegram:${w.id}`,
        });
        if (w.car && w.carTyped) await s.chats.setCar(ctx.z.userKey, await s.vault.seal(linked.clientId, w.car));
      }
    } catch (error) {
      if (!isDomainError(error)) throw error;
      // To a client a time with no mechanic on shift is as taken as a time with no free bay.
      if (error.code === 'SLOT_TAKEN' || error.code === 'NO_MECHANIC_ON_SHIFT') {
        const alternatives = (error.details?.alternatives ?? []) as Alternative[];
        await showAlternatives(ctx, w, alternatives, timeZone);
        return;
      }
      if (error.code === 'IN_PAST' || error.code === 'OUTSIDE_WORKING_HOURS') {
        await ctx.reply(t.timeGone);
        await step(ctx, w, 'time');
        return;
      }
      await finish(
        ctx,
        w,
        error.code === 'ILLEGAL_TRANSITION' || error.code === 'NOT_FOUND' ? t.notChangeable : t.somethingWrong,
      );
      return;
    }
    ctx.z.session.done = { wizard: w.id, start: w.start, timeZone };
    const when = whenLabel(t, w.start, timeZone);
    await finish(ctx, w, w.mode === 'move' ? t.moved(when) : t.booked(when));
  });

  /** A typed car (make, then model), or why the rules refuse it; the same rules as every other channel. */
  const typedCar = (text: string): Car | 'control' | 'bad' => {
    const [make, ...model] = text.split(/\s+/);
    try {
      return requireCar({ make, ...(model.length > 0 ? { model: model.join(' ') } : {}) }) ?? 'bad';
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'VALIDATION') throw error;
      return error.details?.problem === 'control' ? 'control' : 'bad';
    }
  };

  // Typed answers to the car, plate and comment questions, held to the rules the booking command applies.
  composer.on('message:text', async (ctx, next) => {
    const w = ctx.z.session.wizard;
    if (!w || !ctx.z.linked || !['carModel', 'plate', 'comment'].includes(w.step)) return next();
    const text = ctx.message.text.trim();
    if (text.startsWith('/')) return next();
    const { t } = ctx.z;
    if (w.step === 'carModel') {
      const car = typedCar(text);
      if (car === 'control') return ctx.reply(t.badCharacters);
      if (car === 'bad') return ctx.reply(t.badCar);
      w.car = car;
      w.carTyped = true;
      return step(ctx, w, 'plate');
    }
    if (w.step === 'plate') {
      const problem = plateProblem(text);
      if (problem) return ctx.reply(problem === 'control' ? t.badCharacters : t.badPlate);
      w.car = { ...w.car, plate: requirePlate(text) };
      return step(ctx, w, 'comment');
    }
    const problem = multiLineProblem(normalizeLineEnds(text), textLimits.comment);
    if (problem) return ctx.reply(problem === 'control' ? t.badCharacters : t.badComment(textLimits.comment));
    w.comment = requireComment(text);
    return step(ctx, w, 'summary');
  });

  return { composer, startMove };
};

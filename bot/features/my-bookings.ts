import { Composer, InlineKeyboard } from 'grammy';
import type { PlacedBooking } from '../../domain/booking/booking.ts';
import { clientChange, isChangeableByClient } from '../../domain/booking/client-changes.ts';
import { isDomainError } from '../../domain/shared/errors.ts';
import { getClientBookings } from '../../projections/board/queries.ts';
import { encode } from '../callback-data.ts';
import type { BotContext, BotServices } from '../context.ts';
import { shortWhen, whenLabel } from '../format.ts';
import { menuLabels } from '../texts.ts';
import { actorOf, onData } from './shared.ts';

const UPCOMING_LIMIT = 5;
const PAST_LIMIT = 5;

/**
 * «Мои записи»: current and past bookings with their status, read from the board's read model;
 * an upcoming one can be cancelled or moved while the branch's notice period allows it.
 */
export const myBookingsFeature = (s: BotServices, startMove: (ctx: BotContext, booking: PlacedBooking) => Promise<void>) => {
  const composer = new Composer<BotContext>();

  const describe = async (ctx: BotContext, branchId: string, serviceIds: readonly string[]) => {
    const found = await s.catalog.forBranch(ctx.z.org.id, branchId);
    const names = serviceIds.map((id) => found?.services.find((service) => service.id === id)?.name ?? '—');
    return { title: names.join(', '), timeZone: found?.branch.timeZone ?? 'Europe/Moscow', found };
  };

  const list = async (ctx: BotContext) => {
    const { t, linked } = ctx.z;
    if (!linked) {
      await ctx.reply(t.notLinked);
      return;
    }
    const nowMs = s.now();
    const rows = await getClientBookings(s.pool, ctx.z.org.id, linked.clientId);
    const upcoming = rows
      .filter((row) => row.start.getTime() > nowMs && (isChangeableByClient(row.status) || row.status === 'InProgress'))
      .reverse()
      .slice(0, UPCOMING_LIMIT);
    const past = rows.filter((row) => !upcoming.includes(row)).slice(0, PAST_LIMIT);
    if (upcoming.length === 0 && past.length === 0) {
      await ctx.reply(t.mineEmpty);
      return;
    }
    const lines: string[] = [];
    const keyboard = new InlineKeyboard();
    if (upcoming.length > 0) lines.push(t.mineUpcoming);
    for (const row of upcoming) {
      const { title, timeZone } = await describe(ctx, row.branchId, row.serviceIds);
      const start = row.start.getTime();
      lines.push(t.mineLine(title, whenLabel(t, start, timeZone), t.status[row.status]));
      if (isChangeableByClient(row.status)) {
        const short = shortWhen(start, timeZone);
        keyboard
          .text(t.mineCancel(short), encode({ kind: 'booking', action: 'cancel', bookingId: row.id }))
          .text(t.mineMove(short), encode({ kind: 'booking', action: 'move', bookingId: row.id }))
          .row();
      }
    }
    if (past.length > 0) lines.push(...(upcoming.length > 0 ? [''] : []), t.minePast);
    for (const row of past) {
      const { title, timeZone } = await describe(ctx, row.branchId, row.serviceIds);
      lines.push(t.mineLine(title, whenLabel(t, row.start.getTime(), timeZone), t.status[row.status]));
    }
    await ctx.reply(lines.join('\n'), { reply_markup: keyboard });
  };

  /** The booking if it is this client's and may still be changed by them; otherwise tells why not. */
  const changeableBooking = async (ctx: BotContext, bookingId: string) => {
    const { t, linked } = ctx.z;
    let booking: PlacedBooking;
    try {
      booking = await s.commands.loadBooking(actorOf(ctx), bookingId);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      await ctx.z.answer(t.bookingNotFound, true);
      return null;
    }
    if (!linked || booking.clientId !== linked.clientId) {
      await ctx.z.answer(t.bookingNotFound, true);
      return null;
    }
    const { found } = await describe(ctx, booking.branchId, booking.serviceIds);
    const change = clientChange(booking, found?.branch.changeNoticeMinutes ?? 0, s.now());
    if (change.allowed) return booking;
    if (change.reason === 'not_changeable') {
      await ctx.z.answer(t.notChangeable, true);
      await ctx.editMessageReplyMarkup().catch(() => undefined);
    } else {
      await ctx.z.answer();
      await ctx.reply(t.tooLate(t.minutes(change.noticeMinutes)));
    }
    return null;
  };

  composer.hears(menuLabels.mine, list);
  composer.command(['my', 'bookings'], list);

  onData(composer, 'booking', async (ctx, data) => {
    const { t } = ctx.z;
    if (data.action === 'coming') {
      await ctx.z.answer(t.comingThanks);
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      return;
    }
    if (data.action === 'cancelNo') {
      await ctx.z.answer();
      await ctx.editMessageText(t.keptBooking, { reply_markup: undefined }).catch(() => undefined);
      return;
    }
    const booking = await changeableBooking(ctx, data.bookingId);
    if (!booking) return;
    await ctx.z.answer();
    const { title, timeZone } = await describe(ctx, booking.branchId, booking.serviceIds);
    const when = whenLabel(t, Date.parse(booking.start), timeZone);
    switch (data.action) {
      case 'cancel':
        await ctx.reply(t.confirmCancel(title, when), {
          reply_markup: new InlineKeyboard()
            .text(t.yesCancel, encode({ kind: 'booking', action: 'cancelYes', bookingId: booking.bookingId }))
            .text(t.noKeep, encode({ kind: 'booking', action: 'cancelNo', bookingId: booking.bookingId })),
        });
        return;
      case 'cancelYes':
        try {
          await s.commands.changeStatus(actorOf(ctx), booking.bookingId, 'Cancelled', 'client_request');
        } catch (error) {
          if (!isDomainError(error)) throw error;
          await ctx.editMessageText(t.notChangeable, { reply_markup: undefined }).catch(() => undefined);
          return;
        }
        await ctx
          .editMessageText(t.cancelledByClient(when), { reply_markup: undefined })
          .catch(() => ctx.reply(t.cancelledByClient(when)));
        return;
      case 'move':
        await startMove(ctx, booking);
        return;
    }
  });

  return composer;
};

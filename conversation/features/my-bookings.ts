import type { PlacedBooking } from '../../domain/booking/booking.ts';
import { clientChange, isChangeableByClient } from '../../domain/booking/client-changes.ts';
import { isDomainError } from '../../domain/shared/errors.ts';
import { getClientBookings } from '../../projections/board/queries.ts';
import { readModelsCaughtUp } from '../../projections/caught-up.ts';
import { encode } from '../callback-data.ts';
import { actorOf, type ConversationServices, type Feature, type Turn } from '../context.ts';
import { shortWhen, whenLabel } from '../format.ts';
import { stationContacts } from '../station-facts.ts';
import { Buttons } from '../port.ts';
import { menuLabels, type Texts } from '../texts.ts';
import { clearTapped, commandArgs, editTapped, hears, tapped, notLinkedYet } from './shared.ts';

const UPCOMING_LIMIT = 5;
const PAST_LIMIT = 5;
/** How long the list waits for the read models to take the latest changes before it reads them as they are. */
const LIST_WAIT_MS = 2000;

/** Why a client's booking cannot take a tap: cancelled, over, or otherwise past changing. */
const refusalOf = (t: Texts, booking: PlacedBooking, reason: 'not_changeable' | 'past'): string => {
  if (booking.status === 'Cancelled') return t.alreadyCancelled;
  return reason === 'past' || booking.status === 'Done' ? t.bookingPast : t.notChangeable;
};

/**
 * «Мои записи»: current and past bookings with their status, read from the board's read model;
 * an upcoming one can be cancelled or moved while the branch's notice period allows it.
 */
export const myBookingsFeature = (s: ConversationServices, startMove: (turn: Turn, booking: PlacedBooking) => Promise<void>) => {
  const describe = async (turn: Turn, branchId: string, serviceIds: readonly string[]) => {
    const found = await s.catalog.forBranch(turn.org.id, branchId);
    const names = serviceIds.map((id) => found?.services.find((service) => service.id === id)?.name ?? '—');
    return { title: names.join(', '), timeZone: found?.branch.timeZone ?? 'Europe/Moscow', found };
  };

  const list = async (turn: Turn) => {
    const { t, linked } = turn;
    if (!linked) {
      await notLinkedYet(turn);
      return;
    }
    const nowMs = s.now();
    // A booking made a moment ago is on the list: the read models are given a moment to take it.
    await readModelsCaughtUp(s.pool, LIST_WAIT_MS);
    const rows = await getClientBookings(s.pool, turn.org.id, linked.clientId);
    const upcoming = rows
      .filter((row) => row.start.getTime() > nowMs && (isChangeableByClient(row.status) || row.status === 'InProgress'))
      .reverse()
      .slice(0, UPCOMING_LIMIT);
    const past = rows.filter((row) => !upcoming.includes(row)).slice(0, PAST_LIMIT);
    if (upcoming.length === 0 && past.length === 0) {
      await turn.out.say({ text: t.mineEmpty });
      return;
    }
    const lines: string[] = [];
    const buttons = new Buttons();
    // The booking's branch's phone, read once a branch and only when a booking can no longer be changed here.
    const read = new Map<string, ReturnType<typeof stationContacts>>();
    const contacts = (branchId: string) => {
      if (!read.has(branchId)) read.set(branchId, stationContacts(s.pool, turn.org.id, branchId));
      return read.get(branchId)!;
    };
    if (upcoming.length > 0) lines.push(t.mineUpcoming);
    for (const row of upcoming) {
      const { title, timeZone, found } = await describe(turn, row.branchId, row.serviceIds);
      const start = row.start.getTime();
      lines.push(t.mineLine(title, whenLabel(t, start, timeZone), t.status[row.status]));
      // Within the branch's notice a change goes through the station: no buttons that only say so.
      const change = clientChange(
        { status: row.status, start: row.start.toISOString() },
        found?.branch.changeNoticeMinutes ?? 0,
        nowMs,
      );
      if (!change.allowed && change.reason === 'too_late') lines.push(t.mineTooLate((await contacts(row.branchId)).phone));
      if (change.allowed) {
        const short = shortWhen(start, timeZone);
        buttons
          .text(t.mineCancel(short), encode({ kind: 'booking', action: 'cancel', bookingId: row.id }))
          .text(t.mineMove(short), encode({ kind: 'booking', action: 'move', bookingId: row.id }))
          .row();
      }
    }
    if (past.length > 0) lines.push(...(upcoming.length > 0 ? [''] : []), t.minePast);
    for (const row of past) {
      const { title, timeZone } = await describe(turn, row.branchId, row.serviceIds);
      lines.push(t.mineLine(title, whenLabel(t, row.start.getTime(), timeZone), t.status[row.status]));
    }
    await turn.out.say({ text: lines.join('\n'), buttons: buttons.rows });
  };

  /** The booking if it is this client's and may still be changed by them; otherwise tells why not. */
  const changeableBooking = async (turn: Turn, bookingId: string) => {
    const { t, linked } = turn;
    let booking: PlacedBooking;
    try {
      booking = await s.commands.loadBooking(actorOf(turn), bookingId);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      await turn.answer(t.bookingNotFound, true);
      return null;
    }
    if (!linked || booking.clientId !== linked.clientId) {
      await turn.answer(t.bookingNotFound, true);
      return null;
    }
    const { found } = await describe(turn, booking.branchId, booking.serviceIds);
    const change = clientChange(booking, found?.branch.changeNoticeMinutes ?? 0, s.now());
    if (change.allowed) return booking;
    if (change.reason === 'not_changeable' || change.reason === 'past') {
      // A second tap on «Да, отменить» finds the booking cancelled: say so, not that it cannot change;
      // a button left under a visit that is over says it is over, not to call the station.
      await turn.answer(refusalOf(t, booking, change.reason), true);
      await clearTapped(turn);
    } else {
      await turn.answer();
      await turn.out.say({
        text: t.tooLate(t.minutes(change.noticeMinutes), (await stationContacts(s.pool, turn.org.id, booking.branchId)).phone),
      });
    }
    return null;
  };

  /**
   * «👍 Приеду» under a reminder: thanks with the visit's time as it stands now (a move since the
   * reminder shows), or says honestly that the visit is cancelled or over.
   */
  const coming = async (turn: Turn, bookingId: string) => {
    const { t, linked } = turn;
    const booking = await s.commands.loadBooking(actorOf(turn), bookingId).catch((error: unknown) => {
      if (!isDomainError(error)) throw error;
      return null;
    });
    if (!booking || !linked || booking.clientId !== linked.clientId) {
      await turn.answer(t.bookingNotFound, true);
    } else if (booking.status === 'InProgress') {
      await turn.answer(t.bookingUnderWay, true);
    } else if (booking.status === 'Cancelled' || booking.status === 'Done' || Date.parse(booking.start) <= s.now()) {
      await turn.answer(refusalOf(t, booking, 'past'), true);
    } else {
      const { timeZone } = await describe(turn, booking.branchId, booking.serviceIds);
      await turn.answer(t.comingThanks(whenLabel(t, Date.parse(booking.start), timeZone)));
    }
    await clearTapped(turn);
  };

  const act = async (turn: Turn, data: { action: string; bookingId: string }) => {
    const { t } = turn;
    if (data.action === 'coming') {
      await coming(turn, data.bookingId);
      return;
    }
    if (data.action === 'cancelNo') {
      await turn.answer();
      await editTapped(turn, { text: t.keptBooking }).catch(() => undefined);
      return;
    }
    const booking = await changeableBooking(turn, data.bookingId);
    if (!booking) return;
    await turn.answer();
    const { title, timeZone } = await describe(turn, booking.branchId, booking.serviceIds);
    const when = whenLabel(t, Date.parse(booking.start), timeZone);
    switch (data.action) {
      case 'cancel':
        await turn.out.say({
          text: t.confirmCancel(title, when),
          buttons: new Buttons()
            .text(t.yesCancel, encode({ kind: 'booking', action: 'cancelYes', bookingId: booking.bookingId }))
            .text(t.noKeep, encode({ kind: 'booking', action: 'cancelNo', bookingId: booking.bookingId })).rows,
        });
        return;
      case 'cancelYes':
        try {
          await s.commands.changeStatus(actorOf(turn), booking.bookingId, 'Cancelled', 'client_request');
        } catch (error) {
          if (!isDomainError(error)) throw error;
          await editTapped(turn, { text: t.notChangeable }).catch(() => undefined);
          return;
        }
        await editTapped(turn, { text: t.cancelledByClient(when) }).catch(() =>
          turn.out.say({ text: t.cancelledByClient(when) }),
        );
        return;
      case 'move':
        await startMove(turn, booking);
        return;
    }
  };

  const feature: Feature = async (turn) => {
    if (hears(turn, menuLabels.mine) || commandArgs(turn, 'my', 'bookings') !== null) {
      await list(turn);
      return true;
    }
    const data = tapped(turn, 'booking');
    if (!data) return false;
    await act(turn, data);
    return true;
  };

  return { feature, list };
};

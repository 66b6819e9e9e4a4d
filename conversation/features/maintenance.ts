import type { MaintenanceReminders } from '../../core/maintenance/reminders.ts';
import { isDomainError } from '../../domain/shared/errors.ts';
import type { Alternative } from '../../domain/schedule/alternatives.ts';
import { encode } from '../callback-data.ts';
import type { ConversationServices, Feature, Turn } from '../context.ts';
import { actorOf } from '../context.ts';
import { readyLabel, shortWhen, whenLabel } from '../format.ts';
import { maintenanceTexts } from '../maintenance-texts.ts';
import { clearTapped, tapped } from './shared.ts';

/** The nearest free times a refused one-tap booking offers instead, as buttons. */
const ALTERNATIVES_SHOWN = 3;

/**
 * The buttons under a maintenance reminder, only from a chat linked to the reminder's client:
 * book at the time offered (or a free time offered after it was taken) in one tap, choose another
 * time in the booking wizard with the service already chosen, or turn the reminders off.
 */
export const maintenanceFeature =
  (
    s: ConversationServices & { maintenance: MaintenanceReminders },
    flows: { startForService: (turn: Turn, chosen: { branchId: string; serviceIds: string[] }) => Promise<void> },
  ): Feature =>
  async (turn) => {
    const data = tapped(turn, 'maintenance');
    if (!data) return false;
    const m = maintenanceTexts(turn.lang);
    const reminder = turn.linked ? await s.maintenance.reminderOf(turn.org.id, data.reminderId, turn.linked.clientId) : null;
    if (!turn.linked || !reminder) {
      await turn.answer(m.notYours, true);
      return true;
    }
    const clientId = turn.linked.clientId;
    if (data.action === 'stop') {
      await s.clients.setMaintenanceReminders(actorOf(turn), clientId, false, turn.sender.channel);
      await clearTapped(turn);
      await turn.answer();
      await turn.out.say({ text: m.stopped });
      return true;
    }
    if (data.action === 'other' || data.start === undefined) {
      await turn.answer();
      await flows.startForService(turn, { branchId: reminder.branchId, serviceIds: [reminder.serviceId] });
      return true;
    }
    const found = await s.catalog.forBranch(turn.org.id, reminder.branchId);
    const timeZone = found?.branch.timeZone ?? 'Europe/Moscow';
    await turn.answer(turn.t.booking);
    try {
      const { summary, already } = await s.maintenance.book(actorOf(turn), {
        reminderId: reminder.reminderId,
        clientId,
        start: new Date(data.start).toISOString(),
        channel: turn.sender.channel,
      });
      await clearTapped(turn);
      const when = whenLabel(turn.t, Date.parse(summary.start), timeZone);
      if (summary.status === 'Cancelled') await turn.out.say({ text: m.cancelledBefore });
      else {
        const ready = readyLabel(turn.t, Date.parse(summary.start), Date.parse(summary.end), timeZone);
        await turn.out.say({ text: already ? m.already(when) : turn.t.booked(when, ready) });
      }
    } catch (error) {
      if (!isDomainError(error)) throw error;
      // A time that passed, or came inside the lead time, while the message waited is as gone as a taken one.
      const gone = error.code === 'IN_PAST' || error.code === 'TOO_SOON';
      if (error.code !== 'SLOT_TAKEN' && error.code !== 'NO_MECHANIC_ON_SHIFT' && !gone) throw error;
      const starts = ((error.details?.alternatives ?? []) as Alternative[])
        .slice(0, ALTERNATIVES_SHOWN)
        .map((alternative) => Date.parse(alternative.start));
      const button = (start?: number) =>
        encode({ kind: 'maintenance', action: start === undefined ? 'other' : 'book', reminderId: reminder.reminderId, start });
      await clearTapped(turn);
      await turn.out.say({
        text: gone ? turn.t.timeGone : starts.length > 0 ? m.taken : m.takenNone,
        buttons: [
          ...starts.map((start) => [{ text: m.bookAt(shortWhen(start, timeZone)), data: button(start) }]),
          [{ text: m.otherTime, data: button() }],
        ],
      });
    }
    return true;
  };

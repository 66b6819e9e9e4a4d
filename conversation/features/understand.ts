import type { ConversationServices, Feature, Turn } from '../context.ts';
import { intentOf, isAboutBooking, isForManager, saysNeed } from '../understand.ts';
import { addressAnswer, hoursAnswer, phoneAnswer, pricesAnswer } from '../understand-answers.ts';
import { stationContacts } from '../station-facts.ts';
import { mainMenu } from './shared.ts';

/**
 * Typed text that no step of a flow took, read for a clear request: «хочу записаться» starts the
 * booking (at the service, day and part of the day the text names, if it does; a text naming one
 * of the station's services with a day or a need books it even without a request's words);
 * «когда я записан» / «отмените запись» / «перенесите» show the client's bookings with their
 * buttons; «удалите мои данные» gets the /privacy choices; the hours, the address and the prices
 * are answered from the station's own settings.
 * Whatever is not clear, or has no answer in the settings, goes on to a manager.
 */
export const understandFeature =
  (
    s: ConversationServices,
    flows: {
      startFromText: (turn: Turn, text: string, only?: 'service named' | 'service and day named') => Promise<boolean>;
      listBookings: (turn: Turn) => Promise<void>;
      showPrivacy: (turn: Turn) => Promise<void>;
    },
  ): Feature =>
  async (turn) => {
    const { input } = turn;
    if (input.kind !== 'text' || input.command) return false;
    const intent = intentOf(input.text);
    switch (intent) {
      case 'privacy':
        // «удалите мои данные», «отзываю согласие»: the same choices as /privacy, not a wait for a manager.
        await flows.showPrivacy(turn);
        return true;
      case 'book':
        await flows.startFromText(turn, input.text);
        return true;
      case 'mine':
      case 'cancel':
      case 'move':
        await flows.listBookings(turn);
        return true;
      case 'hours': {
        const branches = await s.catalog.listBranches(turn.org.id);
        if (branches.length === 0) return false;
        await turn.out.say({ text: hoursAnswer(branches, turn.lang), menu: mainMenu(turn.t) });
        return true;
      }
      case 'prices': {
        const [branch] = await s.catalog.listBranches(turn.org.id);
        const found = branch ? await s.catalog.forBranch(turn.org.id, branch.id) : null;
        const text = found ? pricesAnswer(found.services, turn.lang) : null;
        if (!text) return false;
        await turn.out.say({ text, menu: mainMenu(turn.t) });
        return true;
      }
      case 'phone': {
        const branches = await s.catalog.listBranches(turn.org.id);
        const phones = await Promise.all(
          branches.map(async (branch) => ({
            name: branch.name,
            phone: (await stationContacts(s.pool, turn.org.id, branch.id)).phone,
          })),
        );
        const text = phoneAnswer(phones, turn.lang);
        if (!text) return false;
        await turn.out.say({ text, menu: mainMenu(turn.t) });
        return true;
      }
      case 'address': {
        const [branches, station] = await Promise.all([
          s.catalog.listBranches(turn.org.id),
          stationContacts(s.pool, turn.org.id),
        ]);
        const text = addressAnswer(
          branches.map((branch) => ({ name: branch.name, address: branch.address ?? station.address })),
          turn.lang,
        );
        if (!text) return false;
        await turn.out.say({ text, menu: mainMenu(turn.t) });
        return true;
      }
      case null:
        // «масло в субботу поменяете?», «масло менять пора»: no request's words, but a job the station
        // does with a day or a need. A job alone («подскажите по кузовному ремонту») is a manager's question.
        if (!turn.linked || isForManager(input.text) || isAboutBooking(input.text)) return false;
        return flows.startFromText(turn, input.text, saysNeed(input.text) ? 'service named' : 'service and day named');
    }
  };

import { createChatStore, createSessionStore } from '../core/chats/chat-store.ts';
import type { BotDeps, ConversationServices, Feature, Turn } from './context.ts';
import { approvalFeature } from './features/approval.ts';
import { assistantFeature } from './features/assistant.ts';
import { maintenanceFeature } from './features/maintenance.ts';
import { createMaintenanceReminders } from '../core/maintenance/reminders.ts';
import { bookingFeature } from './features/booking.ts';
import { contactFeature } from './features/contact.ts';
import { fallbackFeature } from './features/fallback.ts';
import { inboxFeature } from './features/inbox.ts';
import { understandFeature } from './features/understand.ts';
import { createInbox } from '../core/inbox/inbox.ts';
import { languageFeature } from './features/language.ts';
import { managerLinkFeature } from './features/manager-link.ts';
import { myBookingsFeature } from './features/my-bookings.ts';
import { privacyFeature } from './features/privacy.ts';
import { startFeature } from './features/start.ts';
import type { ChannelPort, Input, Sender } from './port.ts';
import { textsFor } from './texts.ts';

/** A wizard left alone this long is forgotten (with the car and comment typed into it). */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The booking conversation, once for every messenger: consent, own contact, the booking wizard,
 * my bookings (cancel, move), language and privacy requests. An adapter hands it one update at a
 * time as an `Input` with the sender and a `ChannelPort` to answer through; the conversation
 * loads the sender's session and linked chat, runs the first feature that takes the update, and
 * saves the session. An error is logged without payloads and answered with an apology; it never
 * reaches the adapter, so one update never stops a bot for others.
 */
export const createConversation = (deps: BotDeps) => {
  const s: ConversationServices = {
    ...deps,
    sessions: createSessionStore(deps.pool),
    chats: createChatStore(deps.pool),
    inbox: createInbox({ ...deps, nameOf: async (clientId) => (await deps.clients.profileOf(clientId))?.name ?? null }),
  };
  const booking = bookingFeature(s);
  const privacy = privacyFeature(s);
  const myBookings = myBookingsFeature(s, booking.startMove);
  const maintenance = createMaintenanceReminders(deps);
  const features: Feature[] = [
    languageFeature(s),
    managerLinkFeature(s),
    privacy.feature,
    startFeature(s),
    contactFeature(s, booking.startBooking),
    myBookings.feature,
    approvalFeature(s),
    maintenanceFeature({ ...s, maintenance }, booking),
    booking.feature,
    understandFeature(s, {
      startFromText: booking.startFromText,
      listBookings: myBookings.list,
      showPrivacy: privacy.show,
    }),
    assistantFeature(s),
    inboxFeature(s),
    fallbackFeature(),
  ];

  const run = async (turn: Turn) => {
    for (const feature of features) if (await feature(turn)) return;
  };

  const handle = async (sender: Sender, input: Input, out: ChannelPort): Promise<void> => {
    const tap = input.kind === 'button';
    // A tap has one toast: the spinner's answer, an error's, or a step's own («Записываю…»).
    let answered = !tap;
    let turn: Turn | undefined;
    try {
      const org = await deps.organization();
      if (!org) {
        if (tap) await out.toast(undefined, false).catch(() => undefined);
        else await out.say({ text: textsFor('ru').notConfigured });
        return;
      }
      const userKey = await s.clients.messengerHash(org.id, sender.channel, sender.userId);
      const nowMs = s.now();
      const [session, linked] = await Promise.all([s.sessions.load(userKey, nowMs), s.chats.byKey(userKey)]);
      // Writing to the bot again means the person unblocked it.
      if (linked?.unreachable) await s.chats.markReachable(userKey);
      const lang = linked?.language ?? session.lang ?? 'ru';
      const before = JSON.stringify(session);
      const current: Turn = {
        org,
        sender,
        input,
        out,
        userKey,
        session,
        linked,
        lang,
        t: textsFor(lang),
        answer: async (text, alert) => {
          if (answered) return;
          answered = true;
          await out.toast(text, alert ?? false).catch(() => undefined);
        },
      };
      turn = current;
      let failure: { error: unknown } | null = null;
      try {
        await run(current);
      } catch (error) {
        failure = { error };
      }
      // What the turn settled is kept even when a reply to it failed: a consent the client was
      // thanked for stays given, a wizard's step stays taken.
      if (JSON.stringify(current.session) !== before) {
        await s.sessions.save({
          userKey,
          orgId: org.id,
          clientId: current.linked?.clientId ?? null,
          data: current.session,
          expiresAt: nowMs + SESSION_TTL_MS,
        });
      }
      if (failure) throw failure.error;
      // A tap always stops the spinner.
      await current.answer();
    } catch (error) {
      deps.log.error({ channel: sender.channel, ...out.describeError(error) }, 'bot update failed');
      const t = turn?.t ?? textsFor('ru');
      // A tap whose toast a step already used hears of the failure in the chat, not in a toast refused.
      if (!answered) {
        answered = true;
        await out.toast(t.somethingWrong, true).catch(() => undefined);
      } else await out.say({ text: t.somethingWrong }).catch(() => undefined);
    }
  };

  return { handle };
};

export type Conversation = ReturnType<typeof createConversation>;

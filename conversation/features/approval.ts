import { isDomainError } from '../../domain/shared/errors.ts';
import { approvalTexts } from '../approval-texts.ts';
import type { ConversationServices, Feature } from '../context.ts';
import { clearTapped, tapped, tappedMessage } from './shared.ts';

/**
 * «Согласовать» / «Отказаться» under an estimate or additional works: the answer is recorded on the
 * work order with the messenger's evidence (channel, message, tap ids), only from a chat linked to
 * the order's client. The buttons go; the answer is confirmed in the chat, once.
 */
export const approvalFeature =
  (s: ConversationServices): Feature =>
  async (turn) => {
    const data = tapped(turn, 'approval');
    if (!data || turn.input.kind !== 'button') return false;
    const t = approvalTexts(turn.lang);
    if (!turn.linked) {
      await turn.answer(t.notYours, true);
      return true;
    }
    const message = tappedMessage(turn);
    try {
      // A second tap (a double tap, or the button of a message answered already) gets a short
      // answer, not a second «согласовано» in the chat.
      const before = await s.visit.load({ orgId: turn.org.id, userId: null }, data.workOrderId);
      const asked = before.approvals.find((approval) => approval.requestId === data.requestId);
      if (before.clientId === turn.linked.clientId && asked?.decision) {
        await clearTapped(turn);
        await turn.answer(t.alreadyAnswered);
        return true;
      }
      const order = await s.visit.answer(turn.org.id, {
        workOrderId: data.workOrderId,
        requestId: data.requestId,
        approve: data.approve,
        clientId: turn.linked.clientId,
        evidence: {
          channel: turn.sender.channel,
          messageId: message ? String(message.id) : '',
          updateId: turn.input.updateId,
          callbackId: turn.input.callbackId,
        },
      });
      const request = order.approvals.find((approval) => approval.requestId === data.requestId)!;
      const title = request.scope === 'estimate' ? t.estimateTitle(order.number) : t.additionalTitle(order.number);
      await clearTapped(turn);
      await turn.answer();
      // The recorded decision, not the tap: a second tap of the other button does not change the answer.
      await turn.out.say({ text: request.decision?.approved ? t.approved(title) : t.declined(title) });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.code === 'VISIT_CANCELLED') {
        // Nothing is left to agree to: the buttons go, as after an answer.
        await clearTapped(turn);
        await turn.answer(t.visitCancelled, true);
      } else await turn.answer(error.code === 'NOT_FOUND' ? t.notYours : t.changed, true);
    }
    return true;
  };

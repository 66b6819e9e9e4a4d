import { maskPersonalData } from '../../domain/assistant/personal-data-mask.ts';
import { multiLineProblem, normalizeLineEnds } from '../../domain/shared/input-rules.ts';
import type { ConversationServices, Feature, Turn } from '../context.ts';
import { assistantBrief, HAND_OVER, stationContacts } from '../station-facts.ts';
import { mainMenu } from './shared.ts';

/** Longer messages are letters to the station, not questions: a manager reads them. */
const QUESTION_MAX = 500;
/** An answer longer than this was not asked for; it is cut at a sentence. */
const ANSWER_MAX = 800;
/** Questions one chat may put to the model in a clock hour; the rest go to a manager. */
const HOURLY_QUOTA = 10;
const HOUR_MS = 60 * 60 * 1000;

/** The model's text as a chat message: line ends kept, other control characters gone, a long one cut. */
const cleanAnswer = (raw: string): string | null => {
  const text = normalizeLineEnds(raw)
    .replace(/[^\P{Cc}\n]/gu, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!text || text.includes(HAND_OVER)) return null;
  if (text.length <= ANSWER_MAX) return text;
  const cut = text.slice(0, ANSWER_MAX);
  const sentence = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
  return sentence > 0 ? cut.slice(0, sentence + 1) : `${cut}…`;
};

/**
 * A free-form question no rule understood («а гибриды вы обслуживаете?», «можно подождать в
 * зале?») is put to the station's language model, when the owner configured one, with the
 * station's public facts and the question masked of personal data (the client's name, phones,
 * e-mails, plates, VINs); nothing else about the client is sent. A linked client's question still
 * lands in the inbox, so a manager sees it and can correct the automatic answer. When the model
 * hands over, fails or is slow, or the chat has used its hourly quota, the inbox takes the message
 * as before.
 */
export const assistantFeature =
  (s: ConversationServices): Feature =>
  async (turn) => {
    const { input, linked, t } = turn;
    const assistant = s.assistant;
    if (!assistant || input.kind !== 'text' || input.command) return false;
    const text = input.text.trim();
    if (text.length < 3 || multiLineProblem(text, QUESTION_MAX)) return false;
    if (!takeQuota(turn, s.now())) return false;

    const question = maskPersonalData(text, await knownNames(s, turn));
    let answer: string | null;
    try {
      answer = await assistant.complete([
        { role: 'system', content: await brief(s, turn) },
        { role: 'user', content: question },
      ]);
    } catch (error) {
      // The question and the answer are the client's words: only that the call failed is logged.
      s.log.warn({ channel: turn.sender.channel, reason: (error as Error).name }, 'assistant unavailable');
      return false;
    }
    const reply = answer === null ? null : cleanAnswer(answer);
    if (!reply) return false;
    if (linked) {
      await s.inbox.receive({
        orgId: turn.org.id,
        clientId: linked.clientId,
        channel: turn.sender.channel,
        kind: 'text',
        body: { text: input.text },
      });
    }
    await turn.out.say({ text: t.assistantAnswer(reply, !!linked), ...(linked ? { menu: mainMenu(t) } : {}) });
    return true;
  };

const takeQuota = (turn: Turn, nowMs: number): boolean => {
  const hour = Math.floor(nowMs / HOUR_MS);
  const used = turn.session.assistant?.hour === hour ? turn.session.assistant.asked : 0;
  if (used >= HOURLY_QUOTA) return false;
  turn.session.assistant = { hour, asked: used + 1 };
  return true;
};

/** The client's name as the messenger shows it and as the station keeps it: words to mask. */
const knownNames = async (s: ConversationServices, turn: Turn): Promise<string[]> => {
  const names = [turn.sender.name];
  if (turn.linked) {
    const profile = await s.vault.open<{ name: string }>(turn.linked.clientId, turn.linked.profile).catch(() => null);
    if (profile?.name) names.push(profile.name);
  }
  return names;
};

const brief = async (s: ConversationServices, turn: Turn): Promise<string> => {
  const branches = await s.catalog.listBranches(turn.org.id);
  const found = branches[0] ? await s.catalog.forBranch(turn.org.id, branches[0].id) : null;
  return assistantBrief({
    station: turn.org.name,
    branches,
    ...(await stationContacts(s.pool, turn.org.id)),
    services: found?.services ?? [],
  });
};

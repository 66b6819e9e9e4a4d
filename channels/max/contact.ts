import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Message } from '@maxhub/max-bot-api/types';
import type { ContactVerdict } from '../../conversation/port.ts';

/** A contact card as MAX sends it after a request_contact tap. `tam_info` is the field's older name. */
type ContactPayload = {
  vcf_info?: string | null;
  hash?: string | null;
  max_info?: { user_id?: number } | null;
  tam_info?: { user_id?: number } | null;
};

/** The TEL line of a vCard (`TEL;TYPE=cell:7999…`, `item1.TEL:+7…`); some cards carry escaped line ends. */
export const phoneOfVcard = (vcf: string): string | null => {
  const text = vcf.replaceAll('\\r\\n', '\n').replaceAll('\\n', '\n').replaceAll('\r\n', '\n');
  const match = /^(?:item\d+\.)?TEL[^:\n]*:(.+)$/im.exec(text);
  return match ? match[1]!.trim() : null;
};

/**
 * Whether the card's hash is HMAC-SHA256 of the vCard under the bot token (hex, or base64). A card
 * without a hash or a vCard proves nothing: anyone can type a vCard and an account id into a message.
 */
export const hashMatches = (payload: { vcf_info?: string | null; hash?: string | null }, token: string): boolean => {
  if (!payload.hash || !payload.vcf_info) return false;
  const mac = createHmac('sha256', token).update(payload.vcf_info).digest();
  const given = payload.hash;
  const candidates = [Buffer.from(mac.toString('hex')), Buffer.from(mac.toString('base64'))];
  return candidates.some((expected) => expected.length === given.length && timingSafeEqual(expected, Buffer.from(given)));
};

/**
 * The contact in a MAX message and whose it is. request_contact sends the *current user's* card,
 * with their account in `max_info` and the card's hash under the bot's token; a card picked from the
 * phone book has no account, another person's card has theirs, and a forwarded message carries
 * `link`. Only the sender's own card whose hash checks out is `own`: a phone typed into a card
 * with the sender's own account, without MAX's hash, is not proof that the number is theirs.
 */
export const contactOf = (message: Message, token: string): { phone: string; verdict: ContactVerdict } | null => {
  const contacts = (message.body.attachments ?? []).filter((attachment) => attachment.type === 'contact');
  if (contacts.length === 0) return null;
  const payload = contacts[0]!.payload as ContactPayload;
  const phone = payload.vcf_info ? (phoneOfVcard(payload.vcf_info) ?? '') : '';
  if (message.link?.type === 'forward') return { phone, verdict: 'forwarded' };
  const account = (payload.max_info ?? payload.tam_info)?.user_id;
  if (contacts.length > 1 || account === undefined) return { phone, verdict: 'unverified' };
  if (account !== message.sender?.user_id) return { phone, verdict: 'notOwn' };
  return { phone, verdict: hashMatches(payload, token) ? 'own' : 'unverified' };
};

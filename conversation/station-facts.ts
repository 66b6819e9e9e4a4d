import type { Pool } from 'pg';
import type { Branch, Service } from '../domain/catalog/catalog.ts';
import { branchWeeks } from './understand-answers.ts';

export type Contacts = { address: string | null; phone: string | null };

/**
 * The address and phone a client is given: the branch's own where it has them (a station of several
 * branches), else the station's as its documents print them; null where the owner filled in neither.
 */
export const stationContacts = async (pool: Pool, orgId: string, branchId?: string): Promise<Contacts> => {
  const { rows } = await pool.query<Contacts>(
    `SELECT coalesce(b.address, o.legal_address) AS address, coalesce(b.phone, o.phone) AS phone
       FROM organizations o LEFT JOIN branches b ON b.org_id = o.id AND b.id = $2
      WHERE o.id = $1`,
    [orgId, branchId ?? null],
  );
  return { address: rows[0]?.address?.trim() || null, phone: rows[0]?.phone?.trim() || null };
};

/** Where a client is expected: the branch's name, with its address (or the station's) when one is known. */
export const placeOf = (branchName: string, contacts: Contacts): string =>
  contacts.address ? `${branchName}, ${contacts.address}` : branchName;

/** What the assistant answers with when the facts do not hold the answer: the question goes to a manager. */
export const HAND_OVER = 'MANAGER';

/**
 * The assistant's instructions and the station's public facts (hours, address, services and
 * prices), in Russian whatever the client writes in: the model answers in the question's language.
 * Nothing about the client is here.
 */
export const assistantBrief = (facts: {
  station: string;
  branches: readonly (Branch & { address: string | null })[];
  address: string | null;
  phone: string | null;
  services: readonly Service[];
}): string => {
  const hours = branchWeeks(facts.branches, 'ru');
  const services = facts.services.map(
    (service) =>
      `- ${service.name}: ${service.priceRub > 0 ? `от ${service.priceRub} ₽` : 'цена после осмотра'}, около ${service.durationMinutes} мин`,
  );
  return [
    `Ты — помощник автосервиса «${facts.station}» в чате с клиентом.`,
    'Отвечай коротко, не больше трёх предложений, на языке вопроса, только по фактам ниже.',
    'Не придумывай цены, сроки, скидки и наличие запчастей.',
    `Если ответа нет в фактах, если спрашивают о конкретном автомобиле, записи, оплате или просят человека — ответь одним словом ${HAND_OVER}.`,
    '',
    `Часы работы: ${hours.join('; ') || 'не указаны'}`,
    facts.branches.some((branch) => branch.address)
      ? `Адреса: ${facts.branches.map((branch) => `${branch.name} — ${branch.address ?? facts.address ?? 'не указан'}`).join('; ')}`
      : `Адрес: ${facts.address ?? 'не указан'}`,
    `Телефон: ${facts.phone ?? 'не указан'}`,
    'Услуги и цены:',
    ...(services.length > 0 ? services : ['- не указаны']),
    'Записаться можно кнопкой «Записаться» в этом чате.',
  ].join('\n');
};

import type { Pool } from 'pg';
import type { Branch, Service } from '../domain/catalog/catalog.ts';
import { branchWeeks } from './understand-answers.ts';

/** The station's address and phone as its documents print them; null where the owner has not filled one in. */
export const stationContacts = async (pool: Pool, orgId: string): Promise<{ address: string | null; phone: string | null }> => {
  const { rows } = await pool.query<{ legal_address: string | null; phone: string | null }>(
    'SELECT legal_address, phone FROM organizations WHERE id = $1',
    [orgId],
  );
  return { address: rows[0]?.legal_address?.trim() || null, phone: rows[0]?.phone?.trim() || null };
};

/** What the assistant answers with when the facts do not hold the answer: the question goes to a manager. */
export const HAND_OVER = 'MANAGER';

/**
 * The assistant's instructions and the station's public facts (hours, address, services and
 * prices), in Russian whatever the client writes in: the model answers in the question's language.
 * Nothing about the client is here.
 */
export const assistantBrief = (facts: {
  station: string;
  branches: readonly Branch[];
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
    `Адрес: ${facts.address ?? 'не указан'}`,
    `Телефон: ${facts.phone ?? 'не указан'}`,
    'Услуги и цены:',
    ...(services.length > 0 ? services : ['- не указаны']),
    'Записаться можно кнопкой «Записаться» в этом чате.',
  ].join('\n');
};

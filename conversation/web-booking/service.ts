import type { Pool } from 'pg';
import { installationSecret } from '../../core/database/secrets.ts';
import type { SmsGateway } from '../../core/messaging/sms-gateway.ts';
import type { DeliveryRoute } from '../status-cascade.ts';
import { createChallenges } from './challenge.ts';
import { createClientTokens } from './client-token.ts';
import { codeDelivery } from './code-delivery.ts';
import { createOneTimeCodes } from './one-time-codes.ts';
import { createWebBooking, type WebBookingDeps } from './web-booking.ts';

/** The web booking page's service with its installation secrets (code HMAC, client tokens, puzzles). */
export const createWebBookingService = async (
  deps: Omit<WebBookingDeps, 'codes' | 'tokens' | 'challenges' | 'deliverCode' | 'codesBySms'> & {
    pool: Pool;
    messengers: () => readonly DeliveryRoute[];
    sms: SmsGateway | null;
    challengeMaxNumber?: number;
  },
) => {
  const { pool, now } = deps;
  const challengeKey = Buffer.from(await installationSecret(pool, 'web-challenge')).toString('hex');
  return createWebBooking({
    ...deps,
    codes: createOneTimeCodes({ pool, key: await installationSecret(pool, 'web-code'), now }),
    tokens: createClientTokens(await installationSecret(pool, 'web-client-token'), now),
    challenges: createChallenges({ pool, key: challengeKey, maxNumber: deps.challengeMaxNumber }),
    deliverCode: codeDelivery(deps.messengers, deps.sms),
    codesBySms: deps.sms !== null,
  });
};

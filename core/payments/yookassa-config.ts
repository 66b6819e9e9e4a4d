import { YOOKASSA_SOURCES, type YookassaConfig } from './yookassa.ts';

/**
 * ЮKassa from the environment: on only when YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY are both set.
 * The notification URL to set in the cabinet is `<PUBLIC_URL>/webhooks/yookassa/<YOOKASSA_WEBHOOK_TOKEN>`.
 */
export const yookassaConfigOf = (env: Record<string, string | undefined>, publicUrl: string): YookassaConfig | null => {
  const shopId = env.YOOKASSA_SHOP_ID || null;
  const secretKey = env.YOOKASSA_SECRET_KEY || null;
  if (!shopId && !secretKey) return null;
  if (!shopId || !secretKey) throw new Error('YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY go together');
  const webhookToken = env.YOOKASSA_WEBHOOK_TOKEN ?? '';
  if (!/^[A-Za-z0-9_-]{32,128}$/.test(webhookToken)) {
    throw new Error('YOOKASSA_WEBHOOK_TOKEN must be 32–128 characters of A–Z, a–z, 0–9, _ and - (a random secret)');
  }
  const apiUrl = (env.YOOKASSA_API_URL || 'https://api.yookassa.ru/v3').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(apiUrl)) throw new Error('YOOKASSA_API_URL must be an http(s) URL');
  const sources = env.YOOKASSA_ALLOWED_SOURCES?.split(',')
    .map((cidr) => cidr.trim())
    .filter(Boolean);
  return {
    shopId,
    secretKey,
    apiUrl,
    returnUrl: env.YOOKASSA_RETURN_URL || publicUrl,
    webhookToken,
    allowedSources: sources && sources.length > 0 ? sources : YOOKASSA_SOURCES,
  };
};

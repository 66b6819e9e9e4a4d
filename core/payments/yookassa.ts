import { BlockList, isIPv6 } from 'node:net';

/**
 * ЮKassa API v3 over fetch (no official Node SDK; the unofficial one pins an old axios). Basic auth
 * with the shop id and secret key; every POST carries an Idempotence-Key, so a retried request
 * returns the first answer instead of taking the money twice.
 */
export type YookassaConfig = {
  shopId: string;
  secretKey: string;
  /** `https://api.yookassa.ru/v3` in production; a loopback fake in tests. */
  apiUrl: string;
  /** Where the payer returns after paying. */
  returnUrl: string;
  /** The secret last segment of the notification URL set in the ЮKassa cabinet. */
  webhookToken: string;
  /** Where notifications may come from (CIDRs): ЮKassa's published ranges unless configured. */
  allowedSources: readonly string[];
};

/** The ranges ЮKassa sends notifications from, as its documentation and official SDKs list them. */
export const YOOKASSA_SOURCES = [
  '185.71.76.0/27',
  '185.71.77.0/27',
  '77.75.153.0/25',
  '77.75.156.11/32',
  '77.75.156.35/32',
  '77.75.154.128/25',
  '2a02:5180::/32',
] as const;

/** A payment object as the API gives it (the fields we read). */
export type YookassaPayment = {
  id: string;
  status: 'pending' | 'waiting_for_capture' | 'succeeded' | 'canceled';
  paid: boolean;
  amount: { value: string; currency: string };
  confirmation?: { type: string; confirmation_url?: string };
  metadata?: Record<string, string>;
};

/** A transient failure: the notification is answered non-200 so ЮKassa sends it again. */
export class ProviderUnavailable extends Error {}

/** «1500.00» ⇄ 150000 kopecks: ЮKassa gives amounts as decimal strings with two places. */
export const kopecksOf = (value: string): number | null => (/^\d+\.\d{2}$/.test(value) ? Number(value.replace('.', '')) : null);
export const valueOf = (kopecks: number): string => `${Math.trunc(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;

export const createYookassa = (config: YookassaConfig) => {
  const auth = `Basic ${Buffer.from(`${config.shopId}:${config.secretKey}`).toString('base64')}`;
  const sources = new BlockList();
  for (const cidr of config.allowedSources) {
    const [address, bits] = cidr.split('/');
    const type = isIPv6(address!) ? 'ipv6' : 'ipv4';
    sources.addSubnet(address!, Number(bits ?? (type === 'ipv6' ? 128 : 32)), type);
  }

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, idempotenceKey?: string) => {
    let response: Response;
    try {
      response = await fetch(`${config.apiUrl}${path}`, {
        method,
        headers: {
          authorization: auth,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(idempotenceKey ? { 'idempotence-key': idempotenceKey } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch {
      throw new ProviderUnavailable('The payment provider did not answer');
    }
    // 500 means "result unknown" in ЮKassa's words: the same request with the same key is to be repeated.
    if (response.status >= 500 || response.status === 429)
      throw new ProviderUnavailable(`The payment provider answered ${response.status}`);
    // An id the provider does not know is an answer, not a failure: nothing to book.
    if (response.status === 404 && method === 'GET') return null;
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`The payment provider refused the request: ${String(json.code)}`);
    return json;
  };

  return {
    /** A one-stage payment with a redirect link; `idempotenceKey` is our payment's id. */
    createPayment: async (input: {
      amountKopecks: number;
      description: string;
      metadata: Record<string, string>;
      idempotenceKey: string;
    }) =>
      (await call(
        'POST',
        '/payments',
        {
          amount: { value: valueOf(input.amountKopecks), currency: 'RUB' },
          capture: true,
          confirmation: { type: 'redirect', return_url: config.returnUrl },
          description: input.description,
          metadata: input.metadata,
        },
        input.idempotenceKey,
      )) as YookassaPayment,

    getPayment: async (id: string) => (await call('GET', `/payments/${encodeURIComponent(id)}`)) as YookassaPayment | null,

    /** Whether a notification came from where ЮKassa sends them. */
    isAllowedSource: (ip: string): boolean => {
      const plain = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
      return sources.check(plain, isIPv6(plain) ? 'ipv6' : 'ipv4');
    },

    webhookToken: config.webhookToken,
  };
};

export type Yookassa = ReturnType<typeof createYookassa>;

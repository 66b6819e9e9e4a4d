import type { SmsGateway, SmsResult } from '../../core/messaging/sms-gateway.ts';

/**
 * SMS through SMS.ru's HTTP API, JSON answers: https://sms.ru/api/send (send) and
 * https://sms.ru/api/status (codes). `POST /sms/send` with form fields `api_id`, `to`, `msg`,
 * `json=1` (and `from`, `test`) answers
 *   {"status":"OK","status_code":100,"sms":{"79…":{"status":"OK","status_code":100,"sms_id":"…"}},"balance":10}
 * or a request-level error {"status":"ERROR","status_code":200,"status_text":"…"}; a number the
 * provider refuses has "status":"ERROR" and its own code under `sms`.
 */
export type SmsRuOptions = {
  apiId: string;
  /** The API's base URL; SMS.ru's own when absent (the test fake in tests). */
  baseUrl?: string | null;
  /** An approved sender name; the account's default when absent. */
  from?: string | null;
  /** SMS.ru's test mode: accepted and answered, never sent or charged. */
  test?: boolean;
  fetch?: typeof fetch;
};

type SmsRuAnswer = {
  status?: string;
  status_code?: number;
  status_text?: string;
  sms?: Record<string, { status?: string; status_code?: number; sms_id?: string; status_text?: string }>;
};

/** Codes SMS.ru documents as "try again later": service unavailable (220), server error (500). */
const RETRYABLE = new Set([220, 500]);

const refused = (code: number | undefined): SmsResult => ({
  accepted: false,
  code: `smsru-${code ?? 'unknown'}`,
  retryable: code === undefined || RETRYABLE.has(code),
});

export const createSmsRu = (options: SmsRuOptions): SmsGateway => {
  const base = (options.baseUrl ?? 'https://sms.ru').replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  return {
    send: async (phone, text) => {
      const to = phone.replace(/\D/g, '');
      const form = new URLSearchParams({ api_id: options.apiId, to, msg: text, json: '1' });
      if (options.from) form.set('from', options.from);
      if (options.test) form.set('test', '1');
      let answer: SmsRuAnswer;
      try {
        const response = await doFetch(`${base}/sms/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body: form.toString(),
          signal: AbortSignal.timeout(15_000),
        });
        if (!response.ok) return { accepted: false, code: `http-${response.status}`, retryable: response.status >= 500 };
        answer = (await response.json()) as SmsRuAnswer;
      } catch {
        return { accepted: false, code: 'network', retryable: true };
      }
      if (answer.status !== 'OK') return refused(answer.status_code);
      const one = answer.sms?.[to];
      if (one?.status !== 'OK' || !one.sms_id) return refused(one?.status_code);
      return { accepted: true, providerId: one.sms_id };
    },
  };
};

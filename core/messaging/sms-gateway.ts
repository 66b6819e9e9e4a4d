/**
 * A text message to a phone, as the application sends it; channels/sms/ speaks a provider's API.
 * `accepted` means the provider took it for delivery (not that it arrived); a refusal carries the
 * provider's code and whether trying again later could help.
 */
export type SmsResult = { accepted: true; providerId: string } | { accepted: false; code: string; retryable: boolean };

export type SmsGateway = {
  /** Sends `text` to `phone` (digits, with the country code); never throws for a provider's refusal. */
  send: (phone: string, text: string) => Promise<SmsResult>;
};

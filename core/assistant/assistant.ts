/**
 * A language model the conversation may ask a client's free-form question; channels/assistant/
 * speaks an outside endpoint's API. The messages carry the station's public facts and the masked
 * question only. `null` means no usable answer; a network failure or a refusal throws.
 */
export type AssistantMessage = { role: 'system' | 'user'; content: string };

export type Assistant = {
  complete: (messages: readonly AssistantMessage[]) => Promise<string | null>;
};

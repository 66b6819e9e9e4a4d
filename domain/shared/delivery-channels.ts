/**
 * The channels a client status message can take, in the station's order: the messengers, then SMS,
 * then e-mail (conversation/status-cascade.ts routes them; the owner's delivery rates list them so).
 */
export const deliveryChannels = ['telegram', 'max', 'sms', 'email'] as const;
export type DeliveryChannelName = (typeof deliveryChannels)[number];

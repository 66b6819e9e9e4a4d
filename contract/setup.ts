import { stationKinds } from '../domain/catalog/station-templates.ts';
import { boolean, integer, obj, texts, uuid, type Shape } from './shared.ts';

export { stationKinds };

/** Applying a station-kind template to a branch (first-run guide, settings). */
export const stationTemplateParams = obj({ kind: { type: 'string', enum: stationKinds } });
export const stationTemplateBody = obj({ branchId: uuid });
/** The names of the bays and services the template added; both empty when the branch had them all. */
export const stationTemplateAdded = obj({ bays: texts, services: texts });
export type StationTemplateAdded = Shape<typeof stationTemplateAdded>;

/** The demo branch of a fresh installation: whether there is one, and how much it holds. */
export const demoStatus = obj({
  active: boolean,
  branchId: { type: ['string', 'null'], format: 'uuid' },
  bookings: integer,
  clients: integer,
});
export type DemoStatus = Shape<typeof demoStatus>;

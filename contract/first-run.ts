import { confirmedSteps, firstRunSteps } from '../domain/setup/first-run-steps.ts';
import { boolean, list, obj, type Shape } from './shared.ts';

export { firstRunSteps, confirmedSteps };

export const firstRunProgress = obj({
  steps: list(obj({ step: { type: 'string', enum: firstRunSteps }, done: boolean })),
  /** The owner put the guide away before every step was done. */
  dismissed: boolean,
});
export type FirstRunProgress = Shape<typeof firstRunProgress>;

export const firstRunConfirmParams = obj({ step: { type: 'string', enum: confirmedSteps } });

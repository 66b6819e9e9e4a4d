import { confirmedSteps, firstRunSteps } from '../domain/setup/first-run-steps.ts';
import { boolean, type Shape } from './shared.ts';

export { firstRunSteps, confirmedSteps };

export const firstRunProgress = {
  type: 'object',
  required: ['steps', 'dismissed'],
  additionalProperties: false,
  properties: {
    steps: {
      type: 'array',
      items: {
        type: 'object',
        required: ['step', 'done'],
        additionalProperties: false,
        properties: { step: { type: 'string', enum: firstRunSteps }, done: boolean },
      },
    },
    /** The owner put the guide away before every step was done. */
    dismissed: boolean,
  },
} as const;
export type FirstRunProgress = Shape<typeof firstRunProgress>;

export const firstRunConfirmParams = {
  type: 'object',
  required: ['step'],
  additionalProperties: false,
  properties: { step: { type: 'string', enum: confirmedSteps } },
} as const;

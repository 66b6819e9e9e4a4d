export const uuid = { type: 'string', format: 'uuid' } as const;
// `format: 'date'` also refuses days that do not exist (2026-02-30), which Temporal would throw on as a 500.
export const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' } as const;
export const dateTime = { type: 'string', minLength: 16, maxLength: 40 } as const;

export const problem = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
  },
  additionalProperties: true,
} as const;

export const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem } as const;

export const timeOfDay = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } as const;

export const dayHours = {
  type: ['object', 'null'],
  required: ['open', 'close'],
  additionalProperties: false,
  properties: {
    open: timeOfDay,
    close: timeOfDay,
    breaks: {
      type: 'array',
      maxItems: 5,
      items: {
        type: 'object',
        required: ['from', 'to'],
        additionalProperties: false,
        properties: { from: timeOfDay, to: timeOfDay },
      },
    },
  },
} as const;

export const weeklyHours = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, dayHours])),
} as const;

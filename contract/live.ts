import type { BoardCard } from './bookings.ts';
import { uuid } from './shared.ts';
import type { Task } from './tasks.ts';

// ---- GET /api/live (WebSocket). The feed's messages are JSON text frames, not HTTP answers: Fastify
// does not serialize them, so their shape is stated here as a type (the hub sends exactly these).
export const liveQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { since: { type: 'string', pattern: '^\\d{1,15}$' }, branchId: uuid, token: { type: 'string' } },
} as const;

/** First `hello` with the log position the feed starts after, then one `booking` per changed card. */
export type LiveMessage =
  | { type: 'hello'; position: number }
  | { type: 'booking'; position: number; booking: BoardCard }
  /** A task made, completed or reminded (overdue), as it stands; no position: a reconnecting panel reloads its tasks. */
  | { type: 'task'; task: Task }
  /** A client wrote or a manager answered in the inbox; the panel loads the conversation itself. */
  | { type: 'inbox'; clientId: string };

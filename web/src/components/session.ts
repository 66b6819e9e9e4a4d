import { createContextId } from '@builder.io/qwik';
import type { Me } from '../lib/types';

/** Who is signed in: the server's render fills it (routes/layout.tsx); null on /login and /book. */
export type SessionState = { me: Me | null };
export const SessionContext = createContextId<SessionState>('zero.session');

export type NavItem =
  'today' | 'board' | 'calendar' | 'clients' | 'inbox' | 'tasks' | 'reports' | 'import' | 'staff' | 'compliance' | 'settings';

/** Panel sections per role, matching what the API lets each role read. */
export const navFor = (role: Me['role'] | undefined): NavItem[] => {
  switch (role) {
    case 'owner':
      return ['today', 'board', 'calendar', 'clients', 'inbox', 'tasks', 'reports', 'import', 'staff', 'compliance', 'settings'];
    case 'manager':
      return ['board', 'calendar', 'clients', 'inbox', 'tasks', 'reports', 'import', 'staff'];
    case 'mechanic':
      return ['today', 'board', 'calendar', 'tasks'];
    case 'compliance':
      return ['compliance'];
    default:
      return [];
  }
};

// What a new station does before its first real day, in the order the owner meets it: check the
// branch, import the client list, import the diary of upcoming visits, connect a messenger bot,
// invite the staff.

export const firstRunSteps = ['branch', 'clients', 'appointments', 'bot', 'staff'] as const;
export type FirstRunStep = (typeof firstRunSteps)[number];

/** Steps the owner marks themselves (the rest are read from what the station has done), and the guide put away. */
export const confirmedSteps = ['branch', 'dismissed'] as const;
export type ConfirmedStep = (typeof confirmedSteps)[number];

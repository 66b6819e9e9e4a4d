/** The steps of online booking times a branch may take: the hour divides into them, or they into hours. */
export const slotSteps = [5, 10, 15, 20, 30, 45, 60, 90, 120] as const;

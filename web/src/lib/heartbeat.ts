/** How often an active panel reports, and how long after the last touch a person still counts as active. */
export const HEARTBEAT_MS = 60_000;
export const RECENT_INPUT_MS = 5 * 60_000;

const INPUTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/** Whether a heartbeat is due: the page is seen and its person touched it lately. */
export const isActive = (visible: boolean, lastInputAt: number, now: number): boolean =>
  visible && now - lastInputAt <= RECENT_INPUT_MS;

/**
 * Reports working time while the person works: every minute, when the page is visible and they
 * touched it within the last minutes (a panel left open on a desk does not count). The server
 * stamps the time itself and cuts idle gaps (domain/staff/working-time.ts). Returns the stop.
 */
export const startHeartbeats = (send: () => Promise<unknown>): (() => void) => {
  let lastInputAt = Date.now();
  const touched = () => (lastInputAt = Date.now());
  for (const name of INPUTS) window.addEventListener(name, touched, { passive: true, capture: true });
  const beat = () => {
    if (isActive(document.visibilityState === 'visible', lastInputAt, Date.now())) void send().catch(() => undefined);
  };
  // Coming back to the page after a touch elsewhere counts at once.
  const onVisible = () => {
    if (document.visibilityState === 'visible') beat();
  };
  document.addEventListener('visibilitychange', onVisible);
  const timer = setInterval(beat, HEARTBEAT_MS);
  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
    for (const name of INPUTS) window.removeEventListener(name, touched, { capture: true });
  };
};

/**
 * Brings the current page's entry of a header menu that scrolls sideways into sight: each page is a
 * new document whose menu would start at its left end, hiding where the person is (a tablet held
 * upright shows about half of the entries).
 */
export const revealCurrentItem = (nav: HTMLElement | undefined) => {
  const current = nav?.querySelector<HTMLElement>('.nav-link.active');
  if (!nav || !current) return;
  const centred = current.offsetLeft - nav.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
  nav.scrollLeft = Math.max(0, centred);
};

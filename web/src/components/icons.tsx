import type { Channel } from '../i18n';

/** Small inline SVG icons (no icon font, no emoji: tablets lack the fonts). */
const paths: Record<Channel | 'clock' | 'phoneCall' | 'car', string> = {
  telegram: 'M21 4 3 11l6 2 2 6 3-4 5 4zM9 13l9-6-7 8',
  phone: 'M5 3h4l2 5-3 2a11 11 0 0 0 6 6l2-3 5 2v4a2 2 0 0 1-2 2A18 18 0 0 1 3 5a2 2 0 0 1 2-2z',
  panel: 'M3 4h18v12H3zM8 20h8M12 16v4',
  web: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18',
  import: 'M12 3v12M7 10l5 5 5-5M4 19h16',
  max: 'M4 18V6l8 7 8-7v12',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2',
  phoneCall: 'M5 3h4l2 5-3 2a11 11 0 0 0 6 6l2-3 5 2v4a2 2 0 0 1-2 2A18 18 0 0 1 3 5a2 2 0 0 1 2-2z',
  car: 'M4 16v-4l2-5h12l2 5v4zM4 16v2h3v-2M17 16v2h3v-2M7 13h.01M17 13h.01',
};

export const Icon = (props: { name: keyof typeof paths; label?: string; size?: number }) => (
  <svg
    class="icon"
    width={props.size ?? 18}
    height={props.size ?? 18}
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    role={props.label ? 'img' : undefined}
    aria-label={props.label}
    aria-hidden={props.label ? undefined : 'true'}
  >
    {props.label && <title>{props.label}</title>}
    <path d={paths[props.name]} />
  </svg>
);

import type { Channel } from '../i18n';

/** Every icon the panel draws (one per booking channel, and four more); each has its `.icon-<name>` rule in global.css. */
export type IconName = Channel | 'clock' | 'phoneCall' | 'car' | 'person';

/**
 * A small icon: one empty element painted by a CSS mask in the text's colour (no icon font, no emoji:
 * tablets lack the fonts). Not an inline SVG, because a board of 60 cards drew 100+ SVG trees, and
 * their markup and layout held up the first render on a throttled tablet. A plain function, not a
 * component, so the server writes no wrapping comments around each one.
 */
export const icon = (name: IconName, size: number, label?: string) => (
  <span
    class={`icon icon-${name}`}
    style={{ width: `${size}px`, height: `${size}px` }}
    role={label ? 'img' : undefined}
    aria-label={label}
    aria-hidden={label ? undefined : 'true'}
  />
);

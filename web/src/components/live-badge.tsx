import { component$ } from '@builder.io/qwik';
import { useT } from '../i18n';
import type { LiveStatus } from '../lib/live';

export const LiveBadge = component$((props: { status: LiveStatus }) => {
  const t = useT();
  return (
    <span class={`live live-${props.status}`} data-live={props.status} role="status" aria-live="polite">
      <span class="live-dot" aria-hidden="true" />
      {t.live[props.status]}
    </span>
  );
});

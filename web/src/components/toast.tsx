import { component$ } from '@builder.io/qwik';
import type { Toast as ToastState } from '../lib/board-state';

export const Toast = component$((props: { toast: ToastState | null }) => (
  <div class="toast-area" aria-live="assertive">
    {props.toast && (
      <p
        key={props.toast.seq}
        class={`toast toast-${props.toast.kind}`}
        role={props.toast.kind === 'error' ? 'alert' : 'status'}
        data-toast={props.toast.kind}
      >
        {props.toast.text}
      </p>
    )}
  </div>
));

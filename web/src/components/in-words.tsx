import { component$, Slot, useContext } from '@builder.io/qwik';
import { LangContext, type Lang } from '../i18n';
import { isIsoDate } from '../lib/tz';
import { dayWords } from '../lib/words';

type Kind = 'date' | 'time' | 'datetime-local';

/** What a native input's value reads as in the panel's words: «пт, 4 декабря», «09:30», «пт, 4 декабря, 09:30». */
const words = (kind: Kind, value: string, lang: Lang): string => {
  const [day = '', time = ''] = kind === 'time' ? ['', value] : value.split('T');
  const dayPart = kind !== 'time' && isIsoDate(day) ? dayWords(day, 'UTC', lang) : '';
  const timePart = kind !== 'date' && /^\d{2}:\d{2}/.test(time) ? time.slice(0, 5) : '';
  return [dayPart, timePart].filter(Boolean).join(', ') || '—';
};

/**
 * A native date or time input shown in the panel's words. The input (projected, with its own
 * handlers) lies invisible on top, so a tap still opens the device's picker; what shows is not the
 * device's format, which a tablet set to another locale would use (12/04/2026, 9:30 AM in a Russian panel).
 */
export const InWords = component$<{ kind: Kind; value: string }>(({ kind, value }) => {
  const lang = useContext(LangContext);
  return (
    <span
      class="date-words"
      onClick$={(event) => {
        // Desktop Chromium opens the picker only from its icon, hidden here: open it on any tap.
        const input = event.target;
        if (input instanceof HTMLInputElement && 'showPicker' in input) input.showPicker();
      }}
    >
      <span aria-hidden="true" data-in-words>
        {words(kind, value, lang.value)}
      </span>
      <Slot />
    </span>
  );
});

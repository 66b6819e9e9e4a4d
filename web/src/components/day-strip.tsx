import { component$, useContext, type QRL } from '@builder.io/qwik';
import { LangContext } from '../i18n';
import { dayWords } from '../lib/words';

/**
 * The row of days to book on, from today: «Сегодня», «Завтра», then the weekday, each with its date,
 * as big tap targets. The staff's slot picker and the clients' booking page both use it.
 */
export const DayStrip = component$(
  (props: {
    days: readonly string[];
    timeZone: string;
    selected: string;
    label: string;
    today: string;
    tomorrow: string;
    /** Days the branch does not work: shown as such and not offered. */
    closed?: readonly string[];
    closedLabel?: string;
    onPick$: QRL<(date: string) => void>;
  }) => {
    const lang = useContext(LangContext);
    return (
      <div class="slot-days" role="group" aria-label={props.label} data-slot-days>
        {props.days.map((date, i) => {
          const [weekday, day] = dayWords(date, props.timeZone, lang.value, 'short').split(', ');
          const closed = props.closed?.includes(date) ?? false;
          return (
            <button
              key={date}
              type="button"
              class={{ btn: true, 'slot-day': true, 'is-closed': closed }}
              aria-pressed={props.selected === date ? 'true' : 'false'}
              disabled={closed}
              data-day={date}
              data-closed={closed ? 'true' : undefined}
              onClick$={() => props.onPick$(date)}
            >
              <span class="slot-day-name">{i === 0 ? props.today : i === 1 ? props.tomorrow : weekday}</span>
              <span class="slot-day-date">{day}</span>
              {closed && props.closedLabel && <span class="slot-day-closed">{props.closedLabel}</span>}
            </button>
          );
        })}
      </div>
    );
  },
);

import { component$, useContext, useSignal, useTask$, type QRL } from '@builder.io/qwik';
import { isServer } from '@builder.io/qwik/build';
import { LangContext } from '../i18n';
import { api } from '../lib/api';
import type { Offer } from '../lib/refusal';
import { addDays, dateIn, todayIn } from '../lib/tz';
import type { Bay } from '../lib/types';
import { dateTimeWords, timeWords } from '../lib/words';
import { slotTexts } from '../texts/slots';
import { DayStrip } from './day-strip';
import './booking-steps.css';

/** What the manager picked: a day, and a start on one bay ('' until a time is tapped). */
export type SlotChoice = { date: string; start: string; bayId: string };

const DAYS_AHEAD = 21;

type Slot = { start: string; bayIds: string[] };

/**
 * Free times of a branch day for the chosen services, from GET /api/availability, grouped by bay as
 * big tap targets. Shared by the phone booking and the card's reschedule, so both offer the same
 * times the server will accept.
 */
export const SlotPicker = component$(
  (props: {
    branchId: string;
    serviceIds: string[];
    timeZone: string;
    bays: Bay[];
    choice: SlotChoice;
    /** The booking being moved, whose own time the picker offers as free. */
    movingBookingId?: string;
    onPick$?: QRL<(choice: SlotChoice) => void>;
  }) => {
    const lang = useContext(LangContext);
    const st = slotTexts[lang.value];
    // Times are kept with the question they answer, so a tap on another day never shows, for a
    // moment, the previous day's times as if they were the new one's.
    const loaded = useSignal<{ question: string; slots: Slot[] } | null>(null);
    const failed = useSignal(false);
    const choice = props.choice;
    const question = () => `${props.branchId}|${choice.date}|${props.serviceIds.join(',')}`;

    useTask$(async ({ track, cleanup }) => {
      const date = track(() => choice.date);
      const services = track(() => props.serviceIds.join(','));
      const branchId = track(() => props.branchId);
      if (isServer) return;
      failed.value = false;
      if (!date || !services || !branchId) return;
      const asked = question();
      let cancelled = false;
      cleanup(() => (cancelled = true));
      const [first] = props.serviceIds;
      try {
        const found = await api<{ slots: Slot[] }>(
          `/api/availability?branchId=${branchId}&serviceId=${first}&serviceIds=${services}&date=${date}` +
            (props.movingBookingId ? `&bookingId=${props.movingBookingId}` : ''),
        );
        if (!cancelled) loaded.value = { question: asked, slots: found.slots };
      } catch {
        if (!cancelled) failed.value = true;
      }
    });

    const today = todayIn(props.timeZone);
    const days = Array.from({ length: DAYS_AHEAD }, (_, i) => addDays(today, i));
    const bays = props.bays.filter((bay) => bay.active);
    const slots = loaded.value?.question === question() ? loaded.value.slots : null;
    const byBay = bays
      .map((bay) => ({ bay, starts: (slots ?? []).filter((slot) => slot.bayIds.includes(bay.id)).map((s) => s.start) }))
      .filter((group) => group.starts.length > 0);

    return (
      <div class="slot-picker" data-slot-picker>
        <span class="slot-label">{st.day}</span>
        <DayStrip
          days={days}
          timeZone={props.timeZone}
          selected={choice.date}
          label={st.day}
          today={st.today}
          tomorrow={st.tomorrow}
          onPick$={(date) => {
            choice.date = date;
            choice.start = '';
            choice.bayId = '';
          }}
        />
        <span class="slot-label">{st.times}</span>
        {props.serviceIds.length === 0 ? (
          <p class="hint">{st.chooseService}</p>
        ) : failed.value ? (
          <p class="form-error">{st.failed}</p>
        ) : slots === null ? (
          <p class="muted">{st.loading}</p>
        ) : byBay.length === 0 ? (
          <p class="hint" data-no-slots>
            {st.none}
          </p>
        ) : (
          <div class="slot-bays" data-slot-bays>
            {byBay.map(({ bay, starts }) => (
              <div key={bay.id} class="slot-bay-group" data-slot-bay={bay.id}>
                <span class="slot-bay-name">{bay.name}</span>
                <div class="slot-times">
                  {starts.map((start) => (
                    <button
                      key={start}
                      type="button"
                      class="btn slot-time"
                      aria-pressed={Date.parse(choice.start) === Date.parse(start) && choice.bayId === bay.id ? 'true' : 'false'}
                      data-slot={start}
                      onClick$={async () => {
                        choice.start = start;
                        choice.bayId = bay.id;
                        if (props.onPick$) await props.onPick$({ ...choice });
                      }}
                    >
                      {timeWords(start, props.timeZone)}
                    </button>
                  ))}
                </div>
              </div>
            ))}
          </div>
        )}
      </div>
    );
  },
);

/** The free times a refusal offers instead (nearest first), each a tap that takes it. */
export const SlotOffers = component$(
  (props: {
    offers: Offer[];
    timeZone: string;
    bays: Bay[];
    choice: SlotChoice;
    onPick$?: QRL<(choice: SlotChoice) => void>;
  }) => {
    const lang = useContext(LangContext);
    const st = slotTexts[lang.value];
    const choice = props.choice;
    const bayName = (id: string) => props.bays.find((bay) => bay.id === id)?.name ?? '';
    if (props.offers.length === 0) return null;
    return (
      <div class="slot-offers" role="group" aria-label={st.offers} data-slot-offers>
        <span class="slot-label">{st.offers}</span>
        <div class="slot-times">
          {props.offers.map((offer) => (
            <button
              key={offer.start}
              type="button"
              class="btn slot-time slot-offer"
              data-offer={offer.start}
              onClick$={async () => {
                choice.date = dateIn(offer.start, props.timeZone);
                choice.start = offer.start;
                choice.bayId = offer.bayIds[0] ?? '';
                if (props.onPick$) await props.onPick$({ ...choice });
              }}
            >
              {dateTimeWords(offer.start, props.timeZone, lang.value)}
              {offer.bayIds[0] && <span class="slot-bay"> · {bayName(offer.bayIds[0])}</span>}
            </button>
          ))}
        </div>
      </div>
    );
  },
);

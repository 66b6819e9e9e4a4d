import { $, component$, useContext, useSignal, useStore } from '@builder.io/qwik';
import { LangContext, type Lang } from '../i18n';
import { api, ApiError } from '../lib/api';
import { say } from '../lib/board-actions';
import type { BoardState } from '../lib/board-state';
import { refusalOf, type Offer } from '../lib/refusal';
import { dateIn } from '../lib/tz';
import type { BoardCard } from '../lib/types';
import { dateTimeWords, durationWords } from '../lib/words';
import { cardEditorTexts } from '../texts/card-editors';
import { SlotOffers, SlotPicker, type SlotChoice } from './slot-picker';

const STEP_MINUTES = 30;

type Moved = { bayId: string; start: string; end: string };

const resizedText = (moved: Moved, lang: Lang) =>
  cardEditorTexts[lang].resized.replace(
    '{duration}',
    durationWords(Math.round((Date.parse(moved.end) - Date.parse(moved.start)) / 60_000), lang),
  );

/**
 * The card's changes of place and time, by name and by tap: the bay (of those that do the booking's
 * services), the length in half-hours, and a move through the shared free-slot picker. Each goes to
 * POST /reschedule; a refusal is said in words, with the free times the server offers instead.
 */
export const BookingEditors = component$((props: { state: BoardState; card: BoardCard }) => {
  const lang = useContext(LangContext);
  const ct = cardEditorTexts[lang.value];
  const state = props.state;
  const card = props.card;
  const picking = useSignal(false);
  const busy = useSignal(false);
  const refusal = useStore<{ text: string; offers: Offer[] }>({ text: '', offers: [] });
  const choice = useStore<SlotChoice>({ date: '', start: '', bayId: '' });

  const send = $(async (body: { start: string; end?: string; bayId?: string }, done: (moved: Moved) => string) => {
    busy.value = true;
    refusal.text = '';
    refusal.offers = [];
    try {
      const moved = await api<Moved>(`/api/bookings/${card.id}/reschedule`, { body });
      // The live feed brings the new version too; the card shows the change at once.
      state.cards = state.cards.map((c) => (c.id === card.id ? { ...c, ...moved } : c));
      picking.value = false;
      say(state, done(moved), 'ok');
    } catch (error) {
      const resize = body.end !== undefined && body.bayId === undefined;
      const said = refusalOf(error, lang.value);
      refusal.text =
        resize && error instanceof ApiError && error.code === 'SLOT_TAKEN' ? cardEditorTexts[lang.value].resizeTaken : said.text;
      refusal.offers = said.offers;
    } finally {
      busy.value = false;
    }
  });

  const moveTo = $((picked: SlotChoice) =>
    send({ start: picked.start, ...(picked.bayId ? { bayId: picked.bayId } : {}) }, (moved) =>
      cardEditorTexts[lang.value].moved.replace('{when}', dateTimeWords(moved.start, state.timeZone, lang.value)),
    ),
  );

  const services = state.services.filter((service) => card.serviceIds.includes(service.id));
  const capable = state.bays.filter(
    (bay) => (bay.active && services.every((service) => bay.kinds.includes(service.bayKind))) || bay.id === card.bayId,
  );
  const minutes = Math.round((Date.parse(card.end) - Date.parse(card.start)) / 60_000);
  const endPlus = (delta: number) => new Date(Date.parse(card.end) + delta * 60_000).toISOString();

  return (
    <div class="card-editor" data-card-editors>
      <span class="call-outcomes-title">{ct.bay}</span>
      <div class="chip-row" role="group" aria-label={ct.bay} data-bay-picker>
        {capable.map((bay) => (
          <button
            key={bay.id}
            type="button"
            class="btn chip"
            aria-pressed={card.bayId === bay.id ? 'true' : 'false'}
            data-bay-choice={bay.id}
            disabled={busy.value || card.bayId === bay.id}
            onClick$={() =>
              send({ start: card.start, bayId: bay.id }, () => cardEditorTexts[lang.value].bayChanged.replace('{bay}', bay.name))
            }
          >
            {bay.name}
          </button>
        ))}
      </div>

      <span class="call-outcomes-title">{ct.duration}</span>
      <div class="chip-row" data-duration>
        <button
          type="button"
          class="btn chip"
          data-shorter
          disabled={busy.value}
          onClick$={() => {
            if (minutes - STEP_MINUTES < STEP_MINUTES) {
              refusal.text = cardEditorTexts[lang.value].tooShort;
              return;
            }
            return send({ start: card.start, end: endPlus(-STEP_MINUTES) }, (moved) => resizedText(moved, lang.value));
          }}
        >
          {ct.shorter}
        </button>
        <span class="duration-now" data-duration-now>
          {durationWords(minutes, lang.value)}
        </span>
        <button
          type="button"
          class="btn chip"
          data-longer
          disabled={busy.value}
          onClick$={() => send({ start: card.start, end: endPlus(STEP_MINUTES) }, (moved) => resizedText(moved, lang.value))}
        >
          {ct.longer}
        </button>
      </div>

      {refusal.text && (
        <p class="form-error" role="alert" data-card-refusal>
          {refusal.text}
        </p>
      )}
      <SlotOffers offers={refusal.offers} timeZone={state.timeZone} bays={state.bays} choice={choice} onPick$={moveTo} />

      <button
        type="button"
        class="btn"
        aria-expanded={picking.value ? 'true' : 'false'}
        data-reschedule
        onClick$={() => {
          picking.value = !picking.value;
          choice.date = dateIn(card.start, state.timeZone);
          choice.start = '';
          choice.bayId = '';
        }}
      >
        {picking.value ? ct.hidePicker : ct.reschedule}
      </button>
      {picking.value && (
        <SlotPicker
          branchId={card.branchId}
          serviceIds={card.serviceIds}
          timeZone={state.timeZone}
          bays={capable}
          choice={choice}
          movingBookingId={card.id}
          onPick$={moveTo}
        />
      )}
    </div>
  );
});

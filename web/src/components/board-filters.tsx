import { component$ } from '@builder.io/qwik';
import { usePageTexts } from '../i18n';
import type { Bay, Mechanic } from '../lib/types';
import { boardTexts } from '../texts/board';

/**
 * Which cards the board shows: every bay and mechanic ('') or one of them, and every client ('') or
 * only those the given person answers for (the signed-in manager's «Мои клиенты»).
 */
export type BoardFilter = { bayId: string; mechanicId: string; managerId: string };

/** A card's mechanic filter value when nobody is assigned yet: «Без механика» is a choice of its own. */
export const NO_MECHANIC = 'none';

/** Whether a card passes the filter. */
export const passesFilter = (filter: BoardFilter, card: { bayId: string; mechanicId: string | null; managerId: string | null }) =>
  (!filter.bayId || card.bayId === filter.bayId) &&
  (!filter.managerId || card.managerId === filter.managerId) &&
  (!filter.mechanicId || (filter.mechanicId === NO_MECHANIC ? !card.mechanicId : card.mechanicId === filter.mechanicId));

/**
 * Pickers above the board: one bay, one mechanic (or nobody assigned yet), and for staff who answer
 * for clients (`me`) their own clients. A manager running three bays looks at one lift's queue, a
 * mechanic's load, the jobs nobody has taken, or the bookings of the clients they look after.
 */
export const BoardFilters = component$(
  (props: { filter: BoardFilter; bays: Bay[]; mechanics: Mechanic[]; me: string | null }) => {
    const { filter } = props;
    // Read here, not passed in: the pickers follow a language switch like every other text.
    const texts = usePageTexts(boardTexts).filters;
    return (
      <div class="board-filters" role="group" data-board-filters>
        <label class="field field-inline">
          <span>{texts.bay}</span>
          <select data-filter-bay value={filter.bayId} onChange$={(_, el) => (filter.bayId = el.value)}>
            <option value="" selected={!filter.bayId}>
              {texts.anyBay}
            </option>
            {props.bays.map((bay) => (
              <option key={bay.id} value={bay.id} selected={bay.id === filter.bayId}>
                {bay.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field field-inline">
          <span>{texts.mechanic}</span>
          <select data-filter-mechanic value={filter.mechanicId} onChange$={(_, el) => (filter.mechanicId = el.value)}>
            <option value="" selected={!filter.mechanicId}>
              {texts.anyMechanic}
            </option>
            <option value={NO_MECHANIC} selected={filter.mechanicId === NO_MECHANIC}>
              {texts.noMechanic}
            </option>
            {props.mechanics.map((mechanic) => (
              <option key={mechanic.id} value={mechanic.id} selected={mechanic.id === filter.mechanicId}>
                {mechanic.name}
              </option>
            ))}
          </select>
        </label>
        {props.me && (
          <label class="field field-inline">
            <span>{texts.clients}</span>
            <select data-filter-clients value={filter.managerId} onChange$={(_, el) => (filter.managerId = el.value)}>
              <option value="" selected={!filter.managerId}>
                {texts.anyClients}
              </option>
              <option value={props.me} selected={filter.managerId === props.me}>
                {texts.myClients}
              </option>
            </select>
          </label>
        )}
      </div>
    );
  },
);

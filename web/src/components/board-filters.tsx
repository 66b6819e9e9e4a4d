import { component$ } from '@builder.io/qwik';
import { usePageTexts } from '../i18n';
import type { Bay, Mechanic } from '../lib/types';
import { boardTexts } from '../texts/board';

/** Which cards the board shows: every bay and mechanic ('') or one of them. */
export type BoardFilter = { bayId: string; mechanicId: string };

/** A card's mechanic filter value when nobody is assigned yet: «Без механика» is a choice of its own. */
export const NO_MECHANIC = 'none';

/** Whether a card passes the filter. */
export const passesFilter = (filter: BoardFilter, card: { bayId: string; mechanicId: string | null }) =>
  (!filter.bayId || card.bayId === filter.bayId) &&
  (!filter.mechanicId || (filter.mechanicId === NO_MECHANIC ? !card.mechanicId : card.mechanicId === filter.mechanicId));

/**
 * Two pickers above the board: one bay, one mechanic (or nobody assigned yet). A manager running
 * three bays looks at one lift's queue, a mechanic's load, or the jobs nobody has taken.
 */
export const BoardFilters = component$((props: { filter: BoardFilter; bays: Bay[]; mechanics: Mechanic[] }) => {
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
    </div>
  );
});

import Sortable from 'sortablejs';
import type { Status } from '../i18n';
import { dragState, TOUCH_HOLD_MS, TOUCH_SLOP_PX } from './drag';

/** What a drop asks of the board; the board's own rules and words stay with the board. */
export type DropHandlers = {
  /** The card's status as the board knows it now (undefined: not on the board any more). */
  statusOf: (id: string) => Status | undefined;
  /** Where the one dragging may take a card from a status (a mechanic only starts and finishes). */
  movesFrom: (from: Status) => readonly Status[];
  move: (id: string, to: Status) => unknown;
  /** A drop on «Отменены»: the reason is asked first. */
  cancel: (id: string, from: Status) => unknown;
  /** A drop not allowed to this person (let go over a column the card passed on its way). */
  refuse: (from: Status, to: Status) => unknown;
};

export type BoardDrag = {
  /**
   * Starts a drag from a press that came before this code did (see `dragOnFirstPress`), held for
   * `heldMs` already: a finger waits only the rest of the touch hold.
   */
  press: (event: PointerEvent, heldMs: number) => void;
  destroy: () => void;
};

/** Sortable's handler of a press on a list; not in its typings, but it is what its own listener calls. */
type TapStart = { _onTapStart: (event: Event) => void };

/** Marks every column as a place the dragged card may or may not go (`moves`: where it may). */
const markColumns = (board: HTMLElement, from: Status | null, moves: readonly Status[] = []) => {
  for (const column of board.querySelectorAll<HTMLElement>('[data-drop-column]')) {
    const status = column.dataset.dropColumn as Status;
    if (from === null) delete column.dataset.drop;
    else column.dataset.drop = status === from ? 'from' : moves.includes(status) ? 'ok' : 'no';
  }
};

/**
 * The column under the finger or pointer where a drag ended: null between columns, undefined when
 * the event carries no point (then the list Sortable chose is the answer).
 */
const columnAt = (event: Event | undefined): Status | null | undefined => {
  const point = event && 'changedTouches' in event ? (event as TouchEvent).changedTouches[0] : (event as MouseEvent | undefined);
  if (point?.clientX === undefined) return undefined;
  const column = document.elementFromPoint(point.clientX, point.clientY)?.closest<HTMLElement>('[data-drop-column]');
  return (column?.dataset.dropColumn as Status | undefined) ?? null;
};

/** Cards dragged between the board's columns, by touch or mouse, only where this person may take them. */
export const attachDrag = (board: HTMLElement, handlers: DropHandlers): BoardDrag => {
  const statusOf = (list: HTMLElement) => list.dataset.column as Status;
  let nextSibling: Node | null = null;
  const sortables = [...board.querySelectorAll<HTMLElement>('[data-column]')].map((list) =>
    Sortable.create(list, {
      // A column takes a card only where this person may take it: a forbidden drop never lands.
      group: { name: 'board', pull: true, put: (to, from) => handlers.movesFrom(statusOf(from.el)).includes(statusOf(to.el)) },
      sort: false,
      draggable: '[data-card-id]',
      filter: '.is-pending',
      forceFallback: true,
      fallbackOnBody: true,
      fallbackTolerance: 4,
      delay: TOUCH_HOLD_MS,
      delayOnTouchOnly: true,
      touchStartThreshold: TOUCH_SLOP_PX,
      animation: 120,
      ghostClass: 'card-ghost',
      chosenClass: 'card-chosen',
      dragClass: 'card-drag',
      scroll: true,
      bubbleScroll: true,
      onStart: (event) => {
        dragState.active = true;
        nextSibling = event.item.nextSibling;
        markColumns(board, statusOf(event.from), handlers.movesFrom(statusOf(event.from)));
      },
      onEnd: (event) => {
        dragState.active = false;
        dragState.endedAt = Date.now();
        markColumns(board, null);
        const from = event.from;
        // Sortable moved the element; give the DOM back to Qwik and let the state move the card.
        if (from !== event.to) from.insertBefore(event.item, nextSibling && nextSibling.parentNode === from ? nextSibling : null);
        const id = event.item.dataset.cardId;
        const status = id ? handlers.statusOf(id) : undefined;
        if (!id || !status) return;
        // A card passes allowed columns on its way; only the column it is let go over counts.
        const under = columnAt((event as unknown as { originalEvent?: Event }).originalEvent);
        const target = under === undefined ? statusOf(event.to) : under;
        if (target === null || target === status) return;
        if (!handlers.movesFrom(status).includes(target)) void handlers.refuse(status, target);
        else if (target === 'Cancelled') void handlers.cancel(id, status);
        else void handlers.move(id, target);
      },
    }),
  );
  return {
    press: (event, heldMs) => {
      const list = (event.target as Element | null)?.closest<HTMLElement>('[data-column]');
      const sortable = sortables.find((one) => one.el === list);
      if (!sortable) return;
      sortable.option('delay', Math.max(0, TOUCH_HOLD_MS - heldMs));
      (sortable as unknown as TapStart)._onTapStart(event);
      sortable.option('delay', TOUCH_HOLD_MS);
    },
    destroy: () => {
      for (const sortable of sortables) sortable.destroy();
    },
  };
};

/** Shared by the drag code and the card's click handler: a drop must not also open the card. */
export const dragState = { endedAt: 0, active: false };

export const justDragged = () => dragState.active || Date.now() - dragState.endedAt < 400;

/**
 * How long a finger rests on a card before it is picked up, and how far it may move meanwhile
 * (further is a scroll): the drag code's settings, and what a press waiting for that code honours.
 */
export const TOUCH_HOLD_MS = 120;
export const TOUCH_SLOP_PX = 5;

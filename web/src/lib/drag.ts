/** Shared by the drag code and the card's click handler: a drop must not also open the card. */
export const dragState = { endedAt: 0, active: false };

export const justDragged = () => dragState.active || Date.now() - dragState.endedAt < 400;

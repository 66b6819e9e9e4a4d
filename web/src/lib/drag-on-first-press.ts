import type { BoardDrag } from './board-drag';

/**
 * Loads the drag code on the board's first press instead of with the page (it is most of the
 * board's script, and a manager often only looks), and hands it that press: a card pressed before
 * the code came is still picked up when the finger is still down, as the touch delay asks anyway.
 * A press let go before then stays a tap.
 */
export const dragOnFirstPress = (board: HTMLElement, attach: () => Promise<BoardDrag>) => {
  let drag: BoardDrag | null = null;
  let loading = false;
  let closed = false;
  let pressed: PointerEvent | null = null;
  const letGo = () => (pressed = null);

  const stopListening = () => {
    board.removeEventListener('pointerdown', onPress, true);
    document.removeEventListener('pointerup', letGo, true);
    document.removeEventListener('pointercancel', letGo, true);
  };

  function onPress(event: PointerEvent) {
    pressed = event.isPrimary ? event : null;
    if (loading) return;
    loading = true;
    attach().then(
      (attached) => {
        if (closed) return attached.destroy();
        drag = attached;
        stopListening();
        if (pressed) attached.press(pressed);
        pressed = null;
      },
      // Not loaded (the network dropped): the next press tries again.
      () => (loading = false),
    );
  }

  board.addEventListener('pointerdown', onPress, true);
  document.addEventListener('pointerup', letGo, true);
  document.addEventListener('pointercancel', letGo, true);
  return () => {
    closed = true;
    stopListening();
    drag?.destroy();
  };
};

import type { BoardDrag } from './board-drag';
import { TOUCH_SLOP_PX } from './drag';

/**
 * Loads the drag code on the board's first press instead of with the page (it is most of the
 * board's script, and a manager often only looks), and hands it that press: a card pressed before
 * the code came is still picked up when the finger is still down, after the rest of the touch hold
 * (the time already held counts). A press let go before then stays a tap; a finger that moved
 * away meanwhile was scrolling.
 */
export const dragOnFirstPress = (board: HTMLElement, attach: () => Promise<BoardDrag>) => {
  let drag: BoardDrag | null = null;
  let loading = false;
  let closed = false;
  let pressed: PointerEvent | null = null;
  let pressedAt = 0;
  const letGo = () => (pressed = null);
  const scrolled = (event: PointerEvent) => {
    if (!pressed || event.pointerId !== pressed.pointerId || pressed.pointerType === 'mouse') return;
    const moved = Math.max(Math.abs(event.clientX - pressed.clientX), Math.abs(event.clientY - pressed.clientY));
    if (moved >= TOUCH_SLOP_PX) pressed = null;
  };

  const stopListening = () => {
    board.removeEventListener('pointerdown', onPress, true);
    document.removeEventListener('pointerup', letGo, true);
    document.removeEventListener('pointercancel', letGo, true);
    document.removeEventListener('pointermove', scrolled, true);
  };

  function onPress(event: PointerEvent) {
    pressed = event.isPrimary ? event : null;
    pressedAt = performance.now();
    if (loading) return;
    loading = true;
    attach().then(
      (attached) => {
        if (closed) return attached.destroy();
        drag = attached;
        stopListening();
        if (pressed) attached.press(pressed, performance.now() - pressedAt);
        pressed = null;
      },
      // Not loaded (the network dropped): the next press tries again.
      () => (loading = false),
    );
  }

  board.addEventListener('pointerdown', onPress, true);
  document.addEventListener('pointerup', letGo, true);
  document.addEventListener('pointercancel', letGo, true);
  document.addEventListener('pointermove', scrolled, { capture: true, passive: true });
  return () => {
    closed = true;
    stopListening();
    drag?.destroy();
  };
};

import { fill, type CancelReason, type Status, type Texts } from '../i18n';
import { api, ApiError, problemText } from './api';
import type { BoardState } from './board-state';

/** Shows a message for six seconds (a newer one replaces it). */
export const say = (state: BoardState, text: string, kind: 'error' | 'ok') => {
  const seq = (state.toast?.seq ?? 0) + 1;
  state.toast = { text, kind, seq };
  setTimeout(() => {
    if (state.toast?.seq === seq) state.toast = null;
  }, 6000);
};

/** The server's refusal of a status change in the manager's words. */
export const refusalText = (texts: Texts, error: unknown, from: Status, to: Status) =>
  `${texts.moved.refused} ${
    error instanceof ApiError && error.code === 'ILLEGAL_TRANSITION'
      ? fill(texts.transition, { from: texts.status[from], to: texts.status[to] })
      : problemText(error, texts.errors)
  }`;

/**
 * Moves a card at once, then asks the server; a refusal puts it back (unless the live feed has
 * brought a newer version meanwhile) and says why.
 */
export const changeStatus = async (
  state: BoardState,
  texts: Texts,
  id: string,
  to: Status,
  reason?: CancelReason,
  revertTo?: Status,
) => {
  const card = state.cards.find((c) => c.id === id);
  if (!card) return;
  const from = revertTo ?? card.status;
  const setStatus = (status: Status) => {
    state.cards = state.cards.map((c) => (c.id === id ? { ...c, status } : c));
  };
  if (card.status !== to) setStatus(to);
  state.pending = [...state.pending, id];
  try {
    await api(`/api/bookings/${id}/status`, { body: reason ? { status: to, reason } : { status: to } });
  } catch (error) {
    const current = state.cards.find((c) => c.id === id);
    if (current && current.version === card.version) setStatus(from);
    say(state, refusalText(texts, error, from, to), 'error');
  } finally {
    state.pending = state.pending.filter((p) => p !== id);
  }
};

export const emptyBoardState = (): BoardState => ({
  ready: false,
  branches: [],
  branchId: '',
  date: '',
  timeZone: 'Europe/Moscow',
  bays: [],
  services: [],
  cards: [],
  mechanics: [],
  mechanicsBranch: '',
  pending: [],
  fresh: [],
  live: 'connecting',
  now: 0,
  openId: '',
  cancel: null,
  toast: null,
  role: '',
});

/** Assigns a mechanic at once on the card, then asks the server; a refusal puts the old one back. */
export const assignMechanic = async (state: BoardState, texts: Texts, id: string, mechanicId: string, saved: string) => {
  const card = state.cards.find((c) => c.id === id);
  const before = card?.mechanicId ?? null;
  const setMechanic = (value: string | null) => {
    state.cards = state.cards.map((c) => (c.id === id ? { ...c, mechanicId: value } : c));
  };
  setMechanic(mechanicId);
  state.pending = [...state.pending, id];
  try {
    await api(`/api/bookings/${id}/assign`, { body: { mechanicId } });
    say(state, saved, 'ok');
  } catch (error) {
    const current = state.cards.find((c) => c.id === id);
    if (current && current.version === card?.version) setMechanic(before);
    say(state, `${texts.moved.refused} ${problemText(error, texts.errors)}`, 'error');
  } finally {
    state.pending = state.pending.filter((p) => p !== id);
  }
};

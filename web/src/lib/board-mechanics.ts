import { api } from './api';
import type { BoardState } from './board-state';
import type { Mechanic } from './types';

/** Reads a branch's mechanics once (the board, the calendar and the card dialog share them). */
export const ensureMechanics = async (state: BoardState, branchId: string) => {
  if (!branchId || state.mechanicsBranch === branchId) return;
  state.mechanicsBranch = branchId;
  try {
    state.mechanics = await api<Mechanic[]>(`/api/mechanics?branchId=${branchId}`);
  } catch {
    state.mechanicsBranch = '';
  }
};

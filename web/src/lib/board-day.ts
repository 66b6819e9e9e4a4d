import type { Status } from '../i18n';
import type { BoardCard } from './types';

/** `GET /api/board`: one branch's day, column by column. */
export type BoardResponse = {
  branchId: string;
  date: string;
  timeZone: string;
  columns: { status: Status; count: number; cards: BoardCard[] }[];
};

export const boardPath = (branchId: string, date: string) => `/api/board?branchId=${branchId}&date=${date}`;

/** Whether a fresh read of the day holds exactly the cards already shown (nothing to draw again). */
export const sameCards = (shown: readonly BoardCard[], read: readonly BoardCard[]) =>
  shown.length === read.length && read.every((card) => shown.some((c) => c.id === card.id && c.version === card.version));

import type { Status } from '../i18n';
import type { LiveStatus } from './live';
import type { Bay, BoardCard, Branch, Mechanic, Service } from './types';

export type Toast = { text: string; kind: 'error' | 'ok'; seq: number };

/** The board page's store: one branch's day, its catalogue, and what the manager is doing. */
export type BoardState = {
  ready: boolean;
  branches: Branch[];
  branchId: string;
  date: string;
  timeZone: string;
  bays: Bay[];
  services: Service[];
  cards: BoardCard[];
  /** The mechanics of `mechanicsBranch`, by name (the dialog's picker, the cards' names). */
  mechanics: Mechanic[];
  mechanicsBranch: string;
  /** Cards whose status change is on its way to the server. */
  pending: string[];
  /** Cards that just arrived over the live feed (highlighted for a moment). */
  fresh: string[];
  live: LiveStatus;
  /** Refreshed every half minute for the "waiting" labels; 0 until the page runs. */
  now: number;
  /** The card whose dialog is open. */
  openId: string;
  /** A drop on «Отменены» waiting for its reason. */
  /** A card dropped on «Отменена», waiting for the reason; `prepaid`: what the client paid, to give back. */
  cancel: { id: string; from: Status; prepaid: number } | null;
  toast: Toast | null;
  role: string;
};

export const serviceNames = (services: readonly Service[], ids: readonly string[]) =>
  ids.map((id) => services.find((s) => s.id === id)?.name ?? '…').join(', ');

export const bayName = (bays: readonly Bay[], id: string) => bays.find((b) => b.id === id)?.name ?? '';

/** A mechanic's name; an unknown id (another branch's, since removed) reads as a plain «—». */
export const mechanicName = (mechanics: readonly Mechanic[], id: string | null) =>
  id ? (mechanics.find((m) => m.id === id)?.name ?? '—') : '';

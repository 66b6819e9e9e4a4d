import type { QRL } from '@builder.io/qwik';
import { ApiError } from '../../lib/api';
import type { Bay, Branch, Me, Role, Service } from '../../lib/types';

export type User = { id: string; email: string; name: string; role: Role; branchIds: string[]; active: boolean };
export type ServiceRow = Service & { active: boolean };

/** The settings page's store, shared by its sections. */
export type SettingsState = {
  ready: boolean;
  me: Me | null;
  branches: Branch[];
  branchId: string;
  /** The branch whose bays and services are loaded (the page reloads when `branchId` moves on). */
  loadedFor: string;
  bays: Bay[];
  services: ServiceRow[];
  users: User[];
};

/** Refusals by the field they concern; `_` is for the form as a whole. */
export type FieldErrors = Record<string, string>;

/** Runs a write, then reloads the page's data; answers the refusal by field, or null when it went through. */
export type Save = QRL<(work: () => Promise<unknown>) => Promise<FieldErrors | null>>;

/**
 * The server's own words, next to the field they are about: a domain refusal names its field,
 * a schema refusal says `body/<field>…` in its detail. Codes the panel has words for (no network,
 * no rights) are said in the panel's language.
 */
export const fieldErrors = (error: unknown, texts: Record<string, string>): FieldErrors => {
  if (!(error instanceof ApiError)) return { _: texts.UNKNOWN! };
  const named = typeof error.body?.field === 'string' ? error.body.field : /body\/(\w+)/.exec(error.detail)?.[1];
  const message = error.code === 'VALIDATION' || !texts[error.code] ? error.detail || texts.UNKNOWN! : texts[error.code]!;
  return { [named ?? '_']: message };
};

/** A refusal under its field (nothing when there is none). */
export const FieldError = (props: { errors: FieldErrors; field: string }) => {
  const message = props.errors[props.field];
  return message ? (
    <p class="field-error" role="alert" data-error-for={props.field}>
      {message}
    </p>
  ) : null;
};

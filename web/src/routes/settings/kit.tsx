import { $, useSignal, type JSXOutput, type QRL } from '@builder.io/qwik';
import { TextField } from '../../components/text-field';
import { api, ApiError } from '../../lib/api';
import type { Bay, Branch, Me, Role, Service } from '../../lib/types';
import type { settingsTexts } from '../../texts/settings';

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
 * A refusal next to the field it is about: a domain refusal names its field, a schema refusal says
 * `body/<field>…` in its detail. A field refused for one reason only has the page's own words
 * (`problems`); others keep the server's. Codes the panel has words for (no network, no rights) are
 * said in the panel's language.
 */
export const fieldErrors = (error: unknown, texts: Record<string, string>, problems: Record<string, string>): FieldErrors => {
  if (!(error instanceof ApiError)) return { _: texts.UNKNOWN! };
  const named = typeof error.body?.field === 'string' ? error.body.field : /body\/(\w+)/.exec(error.detail)?.[1];
  const said = (named && problems[named]) || error.detail || texts.UNKNOWN!;
  const message = error.code === 'VALIDATION' || !texts[error.code] ? said : texts[error.code]!;
  return { [named ?? '_']: message };
};

/** The name every settings form asks first (`data-field` finds it in an editor). */
export const NameField = (props: { label: string; store: { name: string } }) => (
  <TextField label={props.label} name="name" store={props.store} required />
);

/** A refusal under its field (nothing when there is none). */
export const FieldError = (props: { errors: FieldErrors; field: string }) => {
  const message = props.errors[props.field];
  return message ? (
    <p class="field-error" role="alert" data-error-for={props.field}>
      {message}
    </p>
  ) : null;
};

/**
 * A list section's refusals, its row editor's and its add form's apart: `update` patches the row at
 * `<path>/<id>`, `add` runs the add form's write; each answers whether it went through.
 */
export const useSectionSave = (save: Save, path: string) => {
  const errors = useSignal<{ edit: FieldErrors; add: FieldErrors }>({ edit: {}, add: {} });
  const update = $(async (id: string, body: Record<string, unknown>) => {
    const refused = await save(() => api(`${path}/${id}`, { method: 'PATCH', body }));
    errors.value = { ...errors.value, edit: refused ?? {} };
    return !refused;
  });
  const add = $(async (work: () => Promise<unknown>) => {
    const refused = await save(work);
    errors.value = { ...errors.value, add: refused ?? {} };
    return !refused;
  });
  return { errors, update, add };
};

type Texts = (typeof settingsTexts)['ru'];
type Handler = QRL<() => unknown> | (() => unknown);

/** A row editor's closing buttons, after the row's own (`children`). */
export const EditActions = (props: { texts: Texts; onCancel$: Handler; children?: JSXOutput }) => (
  <div class="form-actions">
    {props.children}
    <button type="button" class="btn" onClick$={props.onCancel$}>
      {props.texts.cancel}
    </button>
    <button type="submit" class="btn btn-primary">
      {props.texts.save}
    </button>
  </div>
);

/** A list row's on/off switch, pressed while on. */
export const ActiveToggle = (props: { active: boolean; on: string; off: string; onToggle$: Handler }) => (
  <button
    type="button"
    class="btn btn-small"
    aria-pressed={props.active ? 'true' : 'false'}
    data-toggle-active
    onClick$={props.onToggle$}
  >
    {props.active ? props.on : props.off}
  </button>
);

export const EditButton = (props: { texts: Texts; onEdit$: Handler }) => (
  <button type="button" class="btn btn-small" data-edit onClick$={props.onEdit$}>
    {props.texts.edit}
  </button>
);

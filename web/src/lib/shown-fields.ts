import { unwrapStore } from '@builder.io/qwik';

/**
 * Copies what a form's named fields show into the store it is sent from, first thing at Save. Each
 * field's input handler is its own piece of code, fetched on the first input: a Save tapped right
 * after typing on a page just arrived can run before a handler has, and would send what the page
 * came with (the settings' hours form had this; see settings/branch-box.tsx). `scope` is the form,
 * or the block that holds the fields when Save is a plain button.
 */
export const takeShown = (scope: ParentNode, into: object) => {
  const store = into as Record<string, unknown>;
  const fields = scope.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
    'input[name], select[name], textarea[name]',
  );
  for (const field of fields) {
    if (typeof store[field.name] === 'string') store[field.name] = field.value;
  }
};

/**
 * A box's input handler: keeps what it shows in its store without telling the store's readers.
 * What is typed is already on screen, and a redraw it set off would put the store's values back into
 * every box of the form. On a page just arrived that redraw waits for its code while the person (or
 * a password manager) fills the next box, whose own input code has not run yet: the redraw empties
 * that box and Qwik drops the update that comes after. Only for boxes nothing else on screen reads;
 * a value set by code (a reset after Save, a row opened for editing) still redraws as usual.
 */
export const keepTyped = <K extends string>(store: Record<K, string>, name: K, value: string) => {
  unwrapStore(store)[name] = value;
};

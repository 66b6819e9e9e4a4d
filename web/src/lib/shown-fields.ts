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

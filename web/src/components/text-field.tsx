import { component$ } from '@builder.io/qwik';

type FieldProps<K extends string> = {
  label: string;
  name: K;
  store: Record<K, string>;
  maxLength?: number;
  minLength?: number;
  required?: boolean;
  inputMode?: 'numeric';
  pattern?: string;
  type?: 'tel' | 'password';
  /** 'off' where the browser's own memory would offer the staff member's details, not the client's. */
  autocomplete?: 'off' | 'street-address' | 'tel' | 'current-password' | 'new-password';
  /** A line under the input (what a good value is). */
  hint?: string;
};

/**
 * The box is a component of its own so that typing in it redraws it alone. Were its value read by
 * the form, the first input on a page just arrived would redraw every box from the store while that
 * redraw waits for its code, and a box filled meanwhile, whose own input code has not run yet, would
 * get the store's empty value back.
 */
const Field = component$((props: FieldProps<string>) => (
  <label class="field">
    <span>{props.label}</span>
    <input
      name={props.name}
      type={props.type}
      required={props.required}
      maxLength={props.maxLength}
      minLength={props.minLength}
      inputMode={props.inputMode}
      pattern={props.pattern}
      autocomplete={props.autocomplete}
      value={props.store[props.name]}
      onInput$={(_, el) => (props.store[props.name] = el.value)}
      data-field={props.name}
    />
    {props.hint && <small class="muted">{props.hint}</small>}
  </label>
));

/**
 * A labelled text input that keeps `store[name]` as typed. It carries its name, so a Save that runs
 * before the input's own code still reads what it shows (lib/shown-fields.ts).
 */
export const TextField = <K extends string>(props: FieldProps<K>) => <Field {...props} />;

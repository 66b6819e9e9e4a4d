import { keepTyped } from '../lib/shown-fields';

/**
 * A labelled text input that keeps `store[name]` as typed, without redrawing what reads the store
 * (keepTyped): nothing else on screen may follow its value as it is typed. It carries its name, so a
 * Save that runs before the input's own code still reads what it shows (lib/shown-fields.ts).
 */
export const TextField = <K extends string>(props: {
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
}) => (
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
      onInput$={(_, el) => keepTyped(props.store, props.name, el.value)}
      data-field={props.name}
    />
    {props.hint && <small class="muted">{props.hint}</small>}
  </label>
);

import { component$, useContext } from '@builder.io/qwik';
import { LangContext } from '../../i18n';
import { kindChoices, kindWord } from '../../texts/bay-kinds';

/** The kinds of work of a bay, chosen by tapping their names (toggle chips, 44 px and up). */
export const KindChips = component$((props: { chosen: { kinds: string[] }; inUse: string[]; label: string }) => {
  const lang = useContext(LangContext);
  const chosen = props.chosen;
  return (
    <fieldset class="chips" data-field="kinds">
      <legend>{props.label}</legend>
      {kindChoices(props.inUse).map((kind) => (
        <button
          key={kind}
          type="button"
          class="btn chip"
          aria-pressed={chosen.kinds.includes(kind) ? 'true' : 'false'}
          data-kind={kind}
          onClick$={() => {
            chosen.kinds = chosen.kinds.includes(kind) ? chosen.kinds.filter((k) => k !== kind) : [...chosen.kinds, kind];
          }}
        >
          {kindWord(kind, lang.value)}
        </button>
      ))}
    </fieldset>
  );
});

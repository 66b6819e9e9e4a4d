import { component$, useContext, useStore } from '@builder.io/qwik';
import { LangContext, usePageTexts, useT } from '../../i18n';
import { api } from '../../lib/api';
import { takeShown } from '../../lib/shown-fields';
import { kindWord } from '../../texts/bay-kinds';
import { settingsTexts } from '../../texts/settings';
import { KindChips } from './kind-chips';
import {
  ActiveToggle,
  EditActions,
  EditButton,
  FieldError,
  NameField,
  useSectionSave,
  type Save,
  type SettingsState,
} from './kit';

/** The branch's bays: rename, change the kinds of work, switch off and on; add one. */
export const BaysBox = component$((props: { state: SettingsState; save: Save }) => {
  const t = useT();
  const st = usePageTexts(settingsTexts);
  const lang = useContext(LangContext);
  const state = props.state;
  const editing = useStore<{ id: string; name: string; kinds: string[] }>({ id: '', name: '', kinds: [] });
  const form = useStore<{ name: string; kinds: string[] }>({ name: '', kinds: ['lift'] });
  const inUse = [...new Set([...state.bays.flatMap((bay) => bay.kinds), ...state.services.map((service) => service.bayKind)])];
  const { errors, update, add } = useSectionSave(props.save, '/api/bays');

  return (
    <section class="panel-box">
      <h2>{t.settings.bays}</h2>
      <ul class="rows" data-bays>
        {state.bays.map((bay) =>
          editing.id === bay.id ? (
            <li key={`edit-${bay.id}`} class="is-editing" data-bay-id={bay.id}>
              <form
                class="row-editor"
                data-bay-editor
                preventdefault:submit
                onSubmit$={async (_, shown) => {
                  takeShown(shown, editing);
                  if (await update(bay.id, { name: editing.name.trim(), kinds: editing.kinds })) editing.id = '';
                }}
              >
                <NameField label={t.settings.name} store={editing} />
                <FieldError errors={errors.value.edit} field="name" />
                <KindChips chosen={editing} inUse={inUse} label={t.settings.kinds} />
                <FieldError errors={errors.value.edit} field="kinds" />
                <FieldError errors={errors.value.edit} field="_" />
                <EditActions texts={st} onCancel$={() => (editing.id = '')} />
              </form>
            </li>
          ) : (
            <li key={bay.id} class={bay.active ? '' : 'is-off'} data-bay-id={bay.id}>
              <span class="row-main">
                {bay.name}
                <span class="muted row-sub">{bay.kinds.map((kind) => kindWord(kind, lang.value)).join(', ')}</span>
              </span>
              <span class="row-actions">
                <ActiveToggle
                  active={bay.active}
                  on={t.settings.active}
                  off={t.settings.inactive}
                  onToggle$={() => update(bay.id, { active: !bay.active })}
                />
                <EditButton
                  texts={st}
                  onEdit$={() => {
                    errors.value = { ...errors.value, edit: {} };
                    editing.name = bay.name;
                    editing.kinds = [...bay.kinds];
                    editing.id = bay.id;
                  }}
                />
              </span>
            </li>
          ),
        )}
      </ul>
      {state.ready && state.bays.length === 0 && <p class="muted">{st.noBays}</p>}
      <form
        class="inline-form"
        preventdefault:submit
        onSubmit$={async (_, shown) => {
          takeShown(shown, form);
          const added = await add(() =>
            api('/api/bays', { body: { branchId: state.branchId, name: form.name.trim(), kinds: form.kinds } }),
          );
          if (added) form.name = '';
        }}
      >
        <NameField label={t.settings.name} store={form} />
        <KindChips chosen={form} inUse={inUse} label={t.settings.kinds} />
        <button type="submit" class="btn btn-primary">
          {t.settings.add}
        </button>
      </form>
      <FieldError errors={errors.value.add} field="name" />
      <FieldError errors={errors.value.add} field="kinds" />
      <FieldError errors={errors.value.add} field="_" />
    </section>
  );
});

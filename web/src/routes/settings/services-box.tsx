import { component$, useContext, useStore } from '@builder.io/qwik';
import { fill, LangContext, usePageTexts, useT, type Lang } from '../../i18n';
import { kindWord } from '../../texts/bay-kinds';
import { api } from '../../lib/api';
import { takeShown } from '../../lib/shown-fields';
import type { Bay } from '../../lib/types';
import { settingsTexts } from '../../texts/settings';
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

type ServiceForm = { name: string; duration: string; buffer: string; price: string; kind: string };

const kindsOf = (bays: readonly Bay[], also: string) => [...new Set([...bays.flatMap((bay) => bay.kinds), also].filter(Boolean))];

/** Which bays a service can go to: the active ones that do its kind of work. */
const BaysFor = (props: { bays: readonly Bay[]; kind: string; texts: (typeof settingsTexts)['ru']; lang: Lang }) => {
  const names = props.bays.filter((bay) => bay.active && bay.kinds.includes(props.kind)).map((bay) => bay.name);
  return names.length ? (
    <p class="hint" data-bays-for>
      {fill(props.texts.baysFor, { list: names.join(', ') })}
    </p>
  ) : (
    <p class="hint warn" data-bays-for>
      {fill(props.texts.noBaysFor, { kind: kindWord(props.kind, props.lang) })}
    </p>
  );
};

const bodyOf = (form: ServiceForm) => ({
  name: form.name.trim(),
  durationMinutes: Number(form.duration),
  bufferMinutes: Number(form.buffer || 0),
  priceRub: Number(form.price || 0),
  bayKind: form.kind,
});

/** The branch's services: name, duration, buffer, price and the kind of bay they need; switch off and on; add one. */
export const ServicesBox = component$((props: { state: SettingsState; save: Save }) => {
  const t = useT();
  const st = usePageTexts(settingsTexts);
  const lang = useContext(LangContext);
  const state = props.state;
  // The maintenance interval is set when editing a service: km and months, either may stay empty.
  const editing = useStore<ServiceForm & { id: string; km: string; months: string }>({
    id: '',
    name: '',
    duration: '',
    buffer: '',
    price: '',
    kind: '',
    km: '',
    months: '',
  });
  const form = useStore<ServiceForm>({ name: '', duration: '60', buffer: '0', price: '0', kind: '' });
  const { errors, update, add } = useSectionSave(props.save, '/api/services');

  const addKind = form.kind || kindsOf(state.bays, '')[0] || '';

  return (
    <section class="panel-box">
      <h2>{t.settings.services}</h2>
      <ul class="rows" data-services>
        {state.services.map((service) =>
          editing.id === service.id ? (
            <li key={`edit-${service.id}`} class="is-editing" data-service-id={service.id}>
              <form
                class="row-editor"
                data-service-editor
                preventdefault:submit
                onSubmit$={async (_, shown) => {
                  takeShown(shown, editing);
                  const interval = {
                    maintenanceKm: editing.km.trim() ? Number(editing.km.replace(/\s/g, '')) : null,
                    maintenanceMonths: editing.months.trim() ? Number(editing.months) : null,
                  };
                  if (await update(service.id, { ...bodyOf(editing), ...interval })) editing.id = '';
                }}
              >
                <NameField label={t.settings.name} store={editing} />
                <FieldError errors={errors.value.edit} field="name" />
                <div class="field-row">
                  <label class="field">
                    <span>{t.settings.durationLabel}</span>
                    <input
                      type="number"
                      required
                      min={5}
                      step={5}
                      value={editing.duration}
                      name="duration"
                      onInput$={(_, el) => (editing.duration = el.value)}
                      data-field="durationMinutes"
                    />
                  </label>
                  <label class="field">
                    <span>{st.bufferLabel}</span>
                    <input
                      type="number"
                      min={0}
                      value={editing.buffer}
                      name="buffer"
                      onInput$={(_, el) => (editing.buffer = el.value)}
                      data-field="bufferMinutes"
                    />
                  </label>
                  <label class="field">
                    <span>{t.settings.priceLabel}</span>
                    <input
                      type="number"
                      min={0}
                      value={editing.price}
                      name="price"
                      onInput$={(_, el) => (editing.price = el.value)}
                      data-field="priceRub"
                    />
                  </label>
                </div>
                <FieldError errors={errors.value.edit} field="durationMinutes" />
                <FieldError errors={errors.value.edit} field="bufferMinutes" />
                <FieldError errors={errors.value.edit} field="priceRub" />
                <div class="field-row">
                  <label class="field">
                    <span>{st.maintenanceKm}</span>
                    <input
                      inputMode="numeric"
                      value={editing.km}
                      name="km"
                      onInput$={(_, el) => (editing.km = el.value)}
                      data-field="maintenanceKm"
                    />
                  </label>
                  <label class="field">
                    <span>{st.maintenanceMonths}</span>
                    <input
                      type="number"
                      min={1}
                      max={120}
                      value={editing.months}
                      name="months"
                      onInput$={(_, el) => (editing.months = el.value)}
                      data-field="maintenanceMonths"
                    />
                  </label>
                </div>
                <p class="hint">{st.maintenanceHint}</p>
                <FieldError errors={errors.value.edit} field="maintenanceKm" />
                <FieldError errors={errors.value.edit} field="maintenanceMonths" />
                <label class="field">
                  <span>{t.settings.bayKind}</span>
                  <select name="kind" onChange$={(_, el) => (editing.kind = el.value)} data-field="bayKind">
                    {kindsOf(state.bays, editing.kind).map((kind) => (
                      <option key={kind} value={kind} selected={kind === editing.kind}>
                        {kindWord(kind, lang.value)}
                      </option>
                    ))}
                  </select>
                </label>
                <BaysFor bays={state.bays} kind={editing.kind} texts={st} lang={lang.value} />
                <FieldError errors={errors.value.edit} field="bayKind" />
                <FieldError errors={errors.value.edit} field="_" />
                <EditActions texts={st} onCancel$={() => (editing.id = '')} />
              </form>
            </li>
          ) : (
            <li key={service.id} class={service.active ? '' : 'is-off'} data-service-id={service.id}>
              <span class="row-main">
                {service.name}
                <span class="muted row-sub">
                  {service.durationMinutes} {t.settings.duration}
                  {service.bufferMinutes ? ` + ${service.bufferMinutes}` : ''} · {service.priceRub} {t.settings.price} ·{' '}
                  {kindWord(service.bayKind, lang.value)}
                  {(service.maintenanceKm || service.maintenanceMonths) && (
                    <span data-service-interval>
                      {' · '}
                      {fill(st.maintenanceEvery, {
                        every: [
                          service.maintenanceKm
                            ? `${new Intl.NumberFormat(t.locale).format(service.maintenanceKm)} ${st.km}`
                            : '',
                          service.maintenanceMonths ? `${service.maintenanceMonths} ${st.months}` : '',
                        ]
                          .filter(Boolean)
                          .join(st.or),
                      })}
                    </span>
                  )}
                </span>
              </span>
              <span class="row-actions">
                <ActiveToggle
                  active={service.active}
                  on={t.settings.active}
                  off={st.off}
                  onToggle$={() => update(service.id, { active: !service.active })}
                />
                <EditButton
                  texts={st}
                  onEdit$={() => {
                    errors.value = { ...errors.value, edit: {} };
                    editing.name = service.name;
                    editing.duration = String(service.durationMinutes);
                    editing.buffer = String(service.bufferMinutes);
                    editing.price = String(service.priceRub);
                    editing.kind = service.bayKind;
                    editing.km = service.maintenanceKm ? String(service.maintenanceKm) : '';
                    editing.months = service.maintenanceMonths ? String(service.maintenanceMonths) : '';
                    editing.id = service.id;
                  }}
                />
              </span>
            </li>
          ),
        )}
      </ul>
      {state.ready && state.services.length === 0 && <p class="muted">{st.noServices}</p>}
      {state.ready && !addKind && <p class="hint warn">{st.needBay}</p>}
      <form
        class="inline-form"
        preventdefault:submit
        onSubmit$={async (_, shown) => {
          takeShown(shown, form);
          const added = await add(() =>
            api('/api/services', { body: { branchId: state.branchId, ...bodyOf({ ...form, kind: addKind }) } }),
          );
          if (added) form.name = '';
        }}
      >
        <NameField label={t.settings.name} store={form} />
        <label class="field">
          <span>{t.settings.durationLabel}</span>
          <input
            type="number"
            required
            min={5}
            value={form.duration}
            name="duration"
            onInput$={(_, el) => (form.duration = el.value)}
          />
        </label>
        <label class="field">
          <span>{t.settings.bayKind}</span>
          <select name="kind" onChange$={(_, el) => (form.kind = el.value)}>
            {kindsOf(state.bays, addKind).map((kind) => (
              <option key={kind} value={kind} selected={kind === addKind}>
                {kindWord(kind, lang.value)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t.settings.priceLabel}</span>
          <input type="number" min={0} value={form.price} name="price" onInput$={(_, el) => (form.price = el.value)} />
        </label>
        <button type="submit" class="btn btn-primary">
          {t.settings.add}
        </button>
      </form>
      <FieldError errors={errors.value.add} field="name" />
      <FieldError errors={errors.value.add} field="durationMinutes" />
      <FieldError errors={errors.value.add} field="bayKind" />
      <FieldError errors={errors.value.add} field="priceRub" />
      <FieldError errors={errors.value.add} field="_" />
    </section>
  );
});

import { $, component$, useContext, useSignal, useStore, useTask$ } from '@builder.io/qwik';
import { InWords } from '../../components/in-words';
import { TextField } from '../../components/text-field';
import { fill, LangContext, usePageTexts, useT } from '../../i18n';
import { durationWords } from '../../lib/words';
import { api } from '../../lib/api';
import type { Branch, DayHours } from '../../lib/types';
import { RUSSIAN_ZONES, settingsTexts } from '../../texts/settings';
import { FieldError, type FieldErrors, type Save, type SettingsState } from './kit';
import { inputEnd } from '../../../../domain/catalog/day-spans.ts';
import { slotSteps } from '../../../../domain/catalog/slot-steps.ts';

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
type Weekday = (typeof WEEKDAYS)[number];
type DayForm = { closed: boolean; open: string; close: string; breaks: { from: string; to: string }[] };

const dayForm = (hours: DayHours | undefined): DayForm =>
  hours
    ? {
        closed: false,
        open: hours.open,
        close: inputEnd(hours.close),
        breaks: (hours.breaks ?? []).map((pause) => ({ ...pause, to: inputEnd(pause.to) })),
      }
    : { closed: true, open: '09:00', close: '18:00', breaks: [] };

/** The lunch break a station most often keeps: what «+ Перерыв» starts from. */
const LUNCH = { from: '13:00', to: '14:00' };

/** The day with its first break's start or end changed (a day shows one break to edit). */
const withFirstBreak = (form: DayForm, change: Partial<{ from: string; to: string }>): DayForm => {
  const [first, ...rest] = form.breaks;
  return first ? { ...form, breaks: [{ ...first, ...change }, ...rest] } : form;
};

/** A closed day is left out (the server reads a missing day as closed); breaks ride along unchanged. */
const hoursBody = (days: Record<Weekday, DayForm>): Branch['hours'] =>
  Object.fromEntries(
    WEEKDAYS.filter((day) => !days[day].closed).map((day) => {
      const form = days[day];
      return [day, { open: form.open, close: form.close, breaks: form.breaks }];
    }),
  );

/**
 * The times as the form shows them. Each input's handler is its own piece of code, fetched on the
 * first input: Save tapped right after typing on a page just arrived can run before a handler has,
 * and would send the time the page came with.
 */
const shownDays = (form: HTMLFormElement, days: Record<Weekday, DayForm>): Record<Weekday, DayForm> =>
  Object.fromEntries(
    WEEKDAYS.map((day) => {
      const row = form.querySelector(`li[data-day="${day}"]`);
      const open = row?.querySelector<HTMLInputElement>('input[data-open]')?.value;
      const close = row?.querySelector<HTMLInputElement>('input[data-close]')?.value;
      const from = row?.querySelector<HTMLInputElement>('input[data-break-from]')?.value;
      const to = row?.querySelector<HTMLInputElement>('input[data-break-to]')?.value;
      const [first, ...rest] = days[day].breaks;
      const breaks = first && from && to ? [{ from, to }, ...rest] : days[day].breaks;
      return [day, { ...days[day], ...(open ? { open } : {}), ...(close ? { close } : {}), breaks }];
    }),
  ) as Record<Weekday, DayForm>;

/** "GMT+3": what a zone's clocks are off UTC today. */
const offsetOf = (timeZone: string) => {
  try {
    return (
      new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' })
        .formatToParts(Date.now())
        .find((part) => part.type === 'timeZoneName')?.value ?? ''
    );
  } catch {
    return '';
  }
};

/** Every zone the browser knows but Russia's (those come first, by name). */
const otherZones = () => Intl.supportedValuesOf('timeZone').filter((zone) => !RUSSIAN_ZONES.includes(zone));

const ZoneOptions = (props: { selected: string; names: Record<string, string>; russia: string; other: string }) => {
  const others = otherZones();
  return (
    <>
      <optgroup label={props.russia}>
        {RUSSIAN_ZONES.map((zone) => (
          <option key={zone} value={zone} selected={zone === props.selected}>
            {`${props.names[zone] ?? zone} · ${offsetOf(zone)}`}
          </option>
        ))}
      </optgroup>
      <optgroup label={props.other}>
        {(others.includes(props.selected) || RUSSIAN_ZONES.includes(props.selected) ? others : [props.selected, ...others]).map(
          (zone) => (
            <option key={zone} value={zone} selected={zone === props.selected}>
              {zone}
            </option>
          ),
        )}
      </optgroup>
    </>
  );
};

type BookingRules = Pick<Branch, 'slotStepMinutes' | 'bookingHorizonDays' | 'changeNoticeMinutes' | 'confirmTargetMinutes'>;

const rulesOf = (branch: Branch): BookingRules => ({
  slotStepMinutes: branch.slotStepMinutes,
  bookingHorizonDays: branch.bookingHorizonDays,
  changeNoticeMinutes: branch.changeNoticeMinutes,
  confirmTargetMinutes: branch.confirmTargetMinutes,
});

/** The booking rules the owner picks from lists (a tablet has no good way to type minutes); a value set otherwise stays in its list. */
const RULES = [
  { field: 'slotStepMinutes', label: 'slotStep', choices: [...slotSteps] },
  { field: 'bookingHorizonDays', label: 'horizon', choices: [7, 14, 21, 30, 45, 60, 90, 180, 365] },
  { field: 'changeNoticeMinutes', label: 'notice', choices: [0, 30, 60, 120, 180, 240, 360, 720, 1440, 2880] },
  { field: 'confirmTargetMinutes', label: 'confirmTarget', choices: [5, 10, 15, 30, 45, 60, 120, 240, 480, 1440] },
] as const;

const choicesWith = (choices: readonly number[], current: number) =>
  choices.includes(current) ? choices : [...choices, current].sort((a, b) => a - b);

/** «14 дней», «21 день», «1 day». */
const dayCount = (n: number, words: { one: string; few: string; many: string }, locale: string) => {
  const form = new Intl.PluralRules(locale).select(n);
  return (form === 'one' ? words.one : form === 'few' ? words.few : words.many).replace('{n}', String(n));
};

/** One branch: name, time zone, address and phone, online-booking rules, opening hours per weekday, extra days off; and opening a new branch. */
export const BranchBox = component$((props: { state: SettingsState; save: Save }) => {
  const t = useT();
  const st = usePageTexts(settingsTexts);
  const lang = useContext(LangContext);
  const state = props.state;
  const name = useSignal('');
  const timeZone = useSignal('');
  const contacts = useStore({ address: '', phone: '' });
  const rules = useStore<BookingRules>({
    slotStepMinutes: 30,
    bookingHorizonDays: 14,
    changeNoticeMinutes: 120,
    confirmTargetMinutes: 30,
  });
  const days = useStore<Record<Weekday, DayForm>>(
    Object.fromEntries(WEEKDAYS.map((day) => [day, dayForm(undefined)])) as Record<Weekday, DayForm>,
  );
  const dayOff = useSignal('');
  const newBranch = useStore({ name: '', timeZone: 'Europe/Moscow' });
  const errors = useSignal<{
    branch: FieldErrors;
    rules: FieldErrors;
    hours: FieldErrors;
    daysOff: FieldErrors;
    create: FieldErrors;
  }>({
    branch: {},
    rules: {},
    hours: {},
    daysOff: {},
    create: {},
  });

  // The forms show what the server holds whenever the branch or its saved settings change; the same
  // settings read again (the list is reloaded after any save) leave what the owner is typing alone.
  const shown = useSignal('');
  useTask$(({ track }) => {
    track(() => state.branches);
    const branch = state.branches.find((b) => b.id === track(() => state.branchId));
    if (!branch) return;
    const saved = JSON.stringify([
      branch.id,
      branch.name,
      branch.timeZone,
      branch.address,
      branch.phone,
      branch.hours,
      rulesOf(branch),
    ]);
    if (saved === shown.value) return;
    shown.value = saved;
    name.value = branch.name;
    timeZone.value = branch.timeZone;
    contacts.address = branch.address ?? '';
    contacts.phone = branch.phone ?? '';
    Object.assign(rules, rulesOf(branch));
    for (const day of WEEKDAYS) days[day] = dayForm(branch.hours[day]);
  });

  const branch = state.branches.find((b) => b.id === state.branchId);

  const patch = $(async (part: 'branch' | 'rules' | 'hours' | 'daysOff', body: Partial<Branch>) => {
    const id = state.branchId;
    const refused = await props.save(() => api(`/api/branches/${id}`, { method: 'PATCH', body }));
    errors.value = { ...errors.value, [part]: refused ?? {} };
  });

  if (!branch) return <section class="panel-box branch-box" />;
  const daysOff = [...branch.daysOff].sort();

  return (
    <section class="panel-box branch-box" data-branch-box={branch.id}>
      <div class="branch-head">
        <h2>{t.settings.branches}</h2>
        {state.branches.length > 1 && (
          <select
            class="branch-pick"
            aria-label={st.branch}
            data-branch-pick
            onChange$={(_, el) => {
              state.branchId = el.value;
            }}
          >
            {state.branches.map((b) => (
              <option key={b.id} value={b.id} selected={b.id === state.branchId}>
                {b.name}
              </option>
            ))}
          </select>
        )}
      </div>

      <div class="branch-columns">
        <div class="branch-column">
          <form
            class="stack-form"
            data-branch-form
            preventdefault:submit
            onSubmit$={() =>
              patch('branch', {
                name: name.value.trim(),
                timeZone: timeZone.value,
                address: contacts.address.trim() || null,
                phone: contacts.phone.trim() || null,
              })
            }
          >
            <label class="field">
              <span>{st.branchName}</span>
              <input
                required
                maxLength={120}
                value={name.value}
                onInput$={(_, el) => (name.value = el.value)}
                data-field="name"
              />
            </label>
            <FieldError errors={errors.value.branch} field="name" />
            <label class="field">
              <span>{t.settings.timeZone}</span>
              <select data-field="timeZone" onChange$={(_, el) => (timeZone.value = el.value)}>
                <ZoneOptions selected={timeZone.value} names={st.zones} russia={st.russia} other={st.otherZones} />
              </select>
            </label>
            <FieldError errors={errors.value.branch} field="timeZone" />
            <TextField label={st.address} name="address" store={contacts} maxLength={300} autocomplete="street-address" />
            <FieldError errors={errors.value.branch} field="address" />
            <TextField label={st.phone} name="phone" store={contacts} maxLength={40} type="tel" autocomplete="tel" />
            <FieldError errors={errors.value.branch} field="phone" />
            <p class="hint">{st.contactsHint}</p>
            <FieldError errors={errors.value.branch} field="_" />
            <button type="submit" class="btn btn-primary">
              {st.save}
            </button>
          </form>

          <h3>{st.bookingRules}</h3>
          <form class="stack-form" data-rules-form preventdefault:submit onSubmit$={() => patch('rules', { ...rules })}>
            {RULES.map((rule) => (
              <div key={rule.field}>
                <label class="field">
                  <span>{st[rule.label]}</span>
                  <select data-field={rule.field} onChange$={(_, el) => (rules[rule.field] = Number(el.value))}>
                    {choicesWith(rule.choices, rules[rule.field]).map((value) => (
                      <option key={value} value={value} selected={value === rules[rule.field]}>
                        {rule.field === 'bookingHorizonDays'
                          ? dayCount(value, st.days, t.locale)
                          : value === 0
                            ? st.noNotice
                            : durationWords(value, lang.value)}
                      </option>
                    ))}
                  </select>
                </label>
                <FieldError errors={errors.value.rules} field={rule.field} />
              </div>
            ))}
            <p class="hint">{st.rulesHint}</p>
            <FieldError errors={errors.value.rules} field="_" />
            <button type="submit" class="btn btn-primary" data-save-rules>
              {st.saveRules}
            </button>
          </form>

          <h3>{t.settings.daysOff}</h3>
          {daysOff.length ? (
            <ul class="days-off" data-days-off>
              {daysOff.map((date) => (
                <li key={date} data-day-off={date}>
                  <span>
                    {new Date(`${date}T00:00:00Z`).toLocaleDateString(t.locale, { timeZone: 'UTC', dateStyle: 'medium' })}
                  </span>
                  <button
                    type="button"
                    class="btn btn-icon btn-quiet"
                    aria-label={fill(st.removeDayOff, { date })}
                    data-remove-day-off={date}
                    onClick$={() => patch('daysOff', { daysOff: daysOff.filter((d) => d !== date) })}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{st.noDaysOff}</p>
          )}
          <form
            class="inline-form"
            data-day-off-form
            preventdefault:submit
            onSubmit$={async () => {
              if (!dayOff.value) return;
              await patch('daysOff', { daysOff: [...new Set([...daysOff, dayOff.value])].sort() });
              if (!Object.keys(errors.value.daysOff).length) dayOff.value = '';
            }}
          >
            <label class="field">
              <span>{st.addDayOff}</span>
              <InWords kind="date" value={dayOff.value}>
                <input
                  type="date"
                  required
                  value={dayOff.value}
                  onInput$={(_, el) => (dayOff.value = el.value)}
                  data-field="dayOff"
                />
              </InWords>
            </label>
            <button type="submit" class="btn">
              {t.settings.add}
            </button>
          </form>
          <FieldError errors={errors.value.daysOff} field="daysOff" />
          <FieldError errors={errors.value.daysOff} field="_" />
        </div>

        <div class="branch-column">
          <h3>{t.settings.hours}</h3>
          <form
            class="stack-form"
            data-hours-form
            preventdefault:submit
            onSubmit$={(_, form) => patch('hours', { hours: hoursBody(shownDays(form, days)) })}
          >
            <ul class="rows hours-rows" data-hours>
              {WEEKDAYS.map((day, i) => {
                const form = days[day];
                return (
                  <li key={day} data-day={day}>
                    <span class="weekday">{t.settings.weekdays[i]}</span>
                    {form.closed ? (
                      <span class="muted hours-closed">{st.notWorking}</span>
                    ) : (
                      <span class="hours-times">
                        <InWords kind="time" value={form.open}>
                          <input
                            type="time"
                            required
                            aria-label={`${t.settings.weekdays[i]} ${st.open}`}
                            value={form.open}
                            data-open
                            onInput$={(_, el) => (days[day] = { ...days[day], open: el.value })}
                          />
                        </InWords>
                        <span aria-hidden="true">–</span>
                        <InWords kind="time" value={form.close === '00:00' ? '24:00' : form.close}>
                          <input
                            type="time"
                            required
                            aria-label={`${t.settings.weekdays[i]} ${st.close}`}
                            value={form.close}
                            data-close
                            onInput$={(_, el) => (days[day] = { ...days[day], close: el.value })}
                          />
                        </InWords>
                      </span>
                    )}
                    <button
                      type="button"
                      class="btn btn-small day-toggle"
                      aria-pressed={form.closed ? 'true' : 'false'}
                      data-closed-toggle
                      onClick$={() => (days[day] = { ...days[day], closed: !days[day].closed })}
                    >
                      {st.dayOff}
                    </button>
                    {!form.closed && (
                      <span class="hours-break" data-break>
                        {form.breaks[0] ? (
                          <>
                            <span class="muted">{st.breakLabel}</span>
                            <span class="hours-times">
                              <InWords kind="time" value={form.breaks[0].from}>
                                <input
                                  type="time"
                                  required
                                  aria-label={`${t.settings.weekdays[i]} ${st.breakFrom}`}
                                  value={form.breaks[0].from}
                                  data-break-from
                                  onInput$={(_, el) => (days[day] = withFirstBreak(days[day], { from: el.value }))}
                                />
                              </InWords>
                              <span aria-hidden="true">–</span>
                              <InWords kind="time" value={form.breaks[0].to}>
                                <input
                                  type="time"
                                  required
                                  aria-label={`${t.settings.weekdays[i]} ${st.breakTo}`}
                                  value={form.breaks[0].to}
                                  data-break-to
                                  onInput$={(_, el) => (days[day] = withFirstBreak(days[day], { to: el.value }))}
                                />
                              </InWords>
                            </span>
                            <button
                              type="button"
                              class="btn btn-small"
                              data-break-remove
                              onClick$={() => (days[day] = { ...days[day], breaks: days[day].breaks.slice(1) })}
                            >
                              {st.breakRemove}
                            </button>
                            {form.breaks.length > 1 && (
                              <span class="muted">
                                {fill(st.breaks, {
                                  list: form.breaks
                                    .slice(1)
                                    .map((b) => `${b.from}–${b.to}`)
                                    .join(', '),
                                })}
                              </span>
                            )}
                          </>
                        ) : (
                          <button
                            type="button"
                            class="btn btn-small"
                            data-break-add
                            onClick$={() => (days[day] = { ...days[day], breaks: [LUNCH] })}
                          >
                            {st.breakAdd}
                          </button>
                        )}
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
            <FieldError errors={errors.value.hours} field="hours" />
            <FieldError errors={errors.value.hours} field="_" />
            <button type="submit" class="btn btn-primary" data-save-hours>
              {st.saveHours}
            </button>
          </form>
        </div>
      </div>

      <details class="new-branch">
        <summary>{st.newBranch}</summary>
        <form
          class="inline-form"
          data-new-branch-form
          preventdefault:submit
          onSubmit$={async () => {
            const refused = await props.save(async () => {
              const created = await api<Branch>('/api/branches', {
                body: { name: newBranch.name.trim(), timeZone: newBranch.timeZone, hours: branch.hours },
              });
              // Listed before it is picked: an unknown pick would empty the box for a moment, the page
              // would jump to the top and a second tap land on whatever came under the finger.
              state.branches = [...state.branches, created];
              state.branchId = created.id;
              // Emptied at once, the required name stops a tap that comes while the page reloads.
              newBranch.name = '';
            });
            errors.value = { ...errors.value, create: refused ?? {} };
          }}
        >
          <label class="field">
            <span>{st.branchName}</span>
            <input required maxLength={120} value={newBranch.name} onInput$={(_, el) => (newBranch.name = el.value)} />
          </label>
          <label class="field">
            <span>{t.settings.timeZone}</span>
            <select onChange$={(_, el) => (newBranch.timeZone = el.value)}>
              <ZoneOptions selected={newBranch.timeZone} names={st.zones} russia={st.russia} other={st.otherZones} />
            </select>
          </label>
          <button type="submit" class="btn btn-primary">
            {st.addBranch}
          </button>
        </form>
        <p class="hint">{st.newBranchHint}</p>
        <FieldError errors={errors.value.create} field="name" />
        <FieldError errors={errors.value.create} field="timeZone" />
        <FieldError errors={errors.value.create} field="_" />
      </details>
    </section>
  );
});

import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { routeLoader$ } from '@builder.io/qwik-city';
import { InWords } from '../../components/in-words';
import type { DayOffAnswer, StaffList, StaffPerson } from '../../../../contract/staff';
import { StaffTime } from '../../components/staff-time';
import { Toast } from '../../components/toast';
import { LangContext, usePageTexts, useT } from '../../i18n';
import { api, problemText } from '../../lib/api';
import type { Toast as ToastState } from '../../lib/board-state';
import { readForRender } from '../../lib/render-context';
import type { Branch, Me } from '../../lib/types';
import { staffTexts } from '../../texts/staff';
import { useSignedIn } from '../layout';
import { inputEnd, midnightEnd } from '../../../../domain/catalog/day-spans.ts';

type Day = { on: boolean; from: string; to: string };
type AbsenceKind = StaffPerson['absences'][number]['kind'];
type Draft = {
  skills: string[];
  week: Day[];
  absence: { from: string; to: string; kind: AbsenceKind };
  impact: DayOffAnswer | null;
};

type StaffState = {
  ready: boolean;
  error: string;
  me: Me | null;
  branch: Branch | null;
  list: StaffList | null;
  drafts: Record<string, Draft>;
  toast: ToastState | null;
};

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
const ABSENCE_KINDS: AbsenceKind[] = ['sick', 'vacation', 'day_off'];

const draftOf = (person: StaffPerson, today: string): Draft => ({
  skills: [...person.skills],
  week: WEEKDAYS.map((day) => {
    const hours = person.shifts[day];
    return { on: hours !== undefined, from: hours?.from ?? '09:00', to: inputEnd(hours?.to ?? '18:00') };
  }),
  absence: { from: today, to: today, kind: 'sick' },
  impact: null,
});

/** A branch's people with a draft of each one's week to edit (a day away starting today in the branch's zone). */
const staffOf = (list: StaffList, branch: Branch) => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: branch.timeZone }).format(Date.now());
  return { list, drafts: Object.fromEntries(list.people.map((person) => [person.id, draftOf(person, today)])) };
};

/** The first branch's people as the server first renders them; null when it has no API to read. */
export const useFirstStaff = routeLoader$(async (event): Promise<Partial<StaffState> | null> => {
  const [me, branches] = await Promise.all([event.resolveValue(useSignedIn), readForRender<Branch[]>(event, '/api/branches')]);
  const branch = branches?.[0];
  if (!me || !branch) return null;
  const list = await readForRender<StaffList>(event, `/api/staff?branchId=${branch.id}`);
  return list && { me, branch, ...staffOf(list, branch), ready: true };
});

const dayText = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.parse(`${iso}T00:00:00Z`));
const whenText = (iso: string, timeZone: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(
    Date.parse(iso),
  );

/**
 * People of a branch: what kinds of work each can do (named by the services that need them), their
 * weekly shifts, and days away. A day away is first checked: the page lists the jobs another mechanic
 * takes over and the bookings that must be moved, and records it only when confirmed.
 */
export default component$(() => {
  const t = useT();
  const st = usePageTexts(staffTexts);
  const lang = useContext(LangContext);
  const rendered = useFirstStaff();
  const state = useStore<StaffState>({
    ready: false,
    error: '',
    me: null,
    branch: null,
    list: null,
    drafts: {},
    toast: null,
    ...rendered.value,
  });

  const say = $((text: string, kind: 'ok' | 'error') => {
    const seq = (state.toast?.seq ?? 0) + 1;
    state.toast = { text, kind, seq };
    setTimeout(() => {
      if (state.toast?.seq === seq) state.toast = null;
    }, 6000);
  });

  const load = $(async () => {
    if (!state.branch) return;
    Object.assign(state, staffOf(await api<StaffList>(`/api/staff?branchId=${state.branch.id}`), state.branch));
  });

  useVisibleTask$(
    async () => {
      if (state.ready) return;
      try {
        state.me = await api<Me>('/api/auth/me');
        state.branch = (await api<Branch[]>('/api/branches'))[0] ?? null;
        await load();
      } catch (error) {
        state.error = problemText(error, t.errors);
      }
      state.ready = true;
    },
    { strategy: 'document-ready' },
  );

  const run = $(async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      await load();
      await say(done, 'ok');
    } catch (error) {
      await say(problemText(error, t.errors), 'error');
    }
  });

  const toggleRequired = $(async (required: boolean) => {
    await run(() => api('/api/settings/shifts', { method: 'PUT', body: { required } }), staffTexts[lang.value].saved);
  });

  const save = $(async (person: StaffPerson) => {
    const draft = state.drafts[person.id];
    if (!draft || !state.branch) return;
    const branchId = state.branch.id;
    const shifts = Object.fromEntries(
      draft.week.flatMap((day, i) => (day.on ? [[WEEKDAYS[i]!, { from: day.from, to: day.to }]] : [])),
    );
    await run(async () => {
      if (state.me?.role === 'owner') {
        await api(`/api/staff/${person.id}/profile`, { method: 'PATCH', body: { branchId, skills: draft.skills } });
      }
      await api(`/api/staff/${person.id}/shifts`, { method: 'PUT', body: { branchId, shifts } });
    }, staffTexts[lang.value].saved);
  });

  const away = $(async (person: StaffPerson, confirm: boolean) => {
    const draft = state.drafts[person.id];
    if (!draft || !state.branch) return;
    try {
      const answer = await api<DayOffAnswer>(`/api/staff/${person.id}/absences`, {
        // A confirmation names what the check showed: the server refuses it when that changed meanwhile.
        body: {
          branchId: state.branch.id,
          ...draft.absence,
          confirm,
          ...(confirm && draft.impact
            ? { seen: [...draft.impact.reassigned, ...draft.impact.toMove].map((job) => job.bookingId) }
            : {}),
        },
      });
      if (confirm) {
        await load();
        await say(staffTexts[lang.value].recorded, 'ok');
      } else {
        draft.impact = answer;
      }
    } catch (error) {
      await say(problemText(error, t.errors), 'error');
    }
  });

  const removeAbsence = $(async (person: StaffPerson, absenceId: string) => {
    await run(() => api(`/api/staff/${person.id}/absences/${absenceId}`, { method: 'DELETE' }), staffTexts[lang.value].saved);
  });

  const list = state.list;
  const timeZone = state.branch?.timeZone ?? 'Europe/Moscow';
  const skillName = (kind: string) => {
    const services = list?.skills.find((skill) => skill.kind === kind)?.services ?? [];
    return services.length > 0 ? services.join(', ') : st.otherKind;
  };
  return (
    <section class="page narrow staff-page" data-page="staff" data-ready={state.ready ? 'yes' : 'no'}>
      <h1>{st.title}</h1>
      {!state.ready && <p class="muted">{st.loading}</p>}
      {state.error && <p class="form-error">{state.error}</p>}
      {list && (
        <div class="panel-box staff-person">
          <label class="staff-switch">
            <input
              type="checkbox"
              checked={list.shiftsRequired}
              disabled={state.me?.role !== 'owner'}
              onChange$={(_, el) => toggleRequired(el.checked)}
              data-shifts-required
            />
            <strong>{st.required}</strong>
          </label>
          <p class="muted">{st.requiredHint}</p>
        </div>
      )}
      {list?.people.map((person) => {
        const draft = state.drafts[person.id];
        if (!draft) return null;
        return (
          <article key={person.id} class="panel-box staff-person" data-person={person.name}>
            <h2>
              {person.name} · {st.roles[person.role] ?? ''}
              {!person.active && <span class="muted"> · {st.inactive}</span>}
            </h2>
            <fieldset class="chips">
              <legend>{st.skills}</legend>
              {list.skills.map((skill) => {
                const on = draft.skills.includes(skill.kind);
                return (
                  <button
                    key={skill.kind}
                    type="button"
                    class="btn chip"
                    aria-pressed={on ? 'true' : 'false'}
                    disabled={state.me?.role !== 'owner'}
                    onClick$={() =>
                      (draft.skills = on ? draft.skills.filter((k) => k !== skill.kind) : [...draft.skills, skill.kind])
                    }
                    data-skill
                  >
                    {skillName(skill.kind)}
                  </button>
                );
              })}
            </fieldset>
            <fieldset class="chips">
              <legend>{st.shifts}</legend>
              <div class="staff-week">
                {draft.week.map((day, i) => (
                  <>
                    <label key={`n${i}`} class="staff-day">
                      <input type="checkbox" checked={day.on} onChange$={(_, el) => (day.on = el.checked)} data-day={i + 1} />
                      <span>{st.weekdays[i]}</span>
                    </label>
                    {day.on ? (
                      <>
                        <InWords key={`f${i}`} kind="time" value={day.from}>
                          <input
                            type="time"
                            value={day.from}
                            aria-label={`${st.weekdays[i]} ${st.from}`}
                            onInput$={(_, el) => (day.from = el.value)}
                          />
                        </InWords>
                        <InWords key={`t${i}`} kind="time" value={midnightEnd(day.to)}>
                          <input
                            type="time"
                            value={day.to}
                            aria-label={`${st.weekdays[i]} ${st.to}`}
                            onInput$={(_, el) => (day.to = el.value)}
                          />
                        </InWords>
                      </>
                    ) : (
                      <>
                        <span key={`o${i}`} class="muted">
                          {st.dayOff}
                        </span>
                        <span key={`p${i}`} />
                      </>
                    )}
                  </>
                ))}
              </div>
            </fieldset>
            <button type="button" class="btn btn-primary" onClick$={() => save(person)} data-save>
              {st.save}
            </button>
            {person.absences.length > 0 && (
              <ul class="rows" data-absences>
                {person.absences.map((absence) => (
                  <li key={absence.id} class="task">
                    <span>
                      {st.kinds[absence.kind]}: {dayText(absence.from, t.locale)}
                      {absence.to !== absence.from && ` — ${dayText(absence.to, t.locale)}`}
                    </span>
                    <button type="button" class="btn" onClick$={() => removeAbsence(person, absence.id)}>
                      {st.remove}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <fieldset class="chips">
              <legend>{st.absence}</legend>
              <div class="field-row">
                <label class="field">
                  <span>{st.absenceKind}</span>
                  <select
                    value={draft.absence.kind}
                    onChange$={(_, el) => ((draft.absence.kind = el.value as AbsenceKind), (draft.impact = null))}
                    data-absence-kind
                  >
                    {ABSENCE_KINDS.map((kind) => (
                      <option key={kind} value={kind} selected={kind === draft.absence.kind}>
                        {st.kinds[kind]}
                      </option>
                    ))}
                  </select>
                </label>
                <label class="field">
                  <span>{st.absenceFrom}</span>
                  <InWords kind="date" value={draft.absence.from}>
                    <input
                      type="date"
                      value={draft.absence.from}
                      onInput$={(_, el) => ((draft.absence.from = el.value), (draft.impact = null))}
                      data-absence-from
                    />
                  </InWords>
                </label>
                <label class="field">
                  <span>{st.absenceTo}</span>
                  <InWords kind="date" value={draft.absence.to}>
                    <input
                      type="date"
                      value={draft.absence.to}
                      onInput$={(_, el) => ((draft.absence.to = el.value), (draft.impact = null))}
                      data-absence-to
                    />
                  </InWords>
                </label>
              </div>
            </fieldset>
            {draft.impact === null ? (
              <button type="button" class="btn" onClick$={() => away(person, false)} data-check-absence>
                {st.check}
              </button>
            ) : (
              <div class="staff-impact" data-impact>
                {draft.impact.reassigned.length === 0 && draft.impact.toMove.length === 0 && <p>{st.nothingBreaks}</p>}
                {draft.impact.reassigned.length > 0 && (
                  <>
                    <p>{st.reassigned}</p>
                    <ul data-reassigned>
                      {draft.impact.reassigned.map((job) => (
                        <li key={job.bookingId}>
                          {whenText(job.start, timeZone, t.locale)} · {job.serviceNames.join(', ')} · {job.clientName ?? ''} →{' '}
                          {job.mechanicName}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                {draft.impact.toMove.length > 0 && (
                  <>
                    <p>
                      <strong>{st.toMove}</strong>
                    </p>
                    <ul data-to-move>
                      {draft.impact.toMove.map((job) => (
                        <li key={job.bookingId}>
                          {whenText(job.start, timeZone, t.locale)} · {job.serviceNames.join(', ')} · {job.clientName ?? ''}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <div class="field-inline">
                  <button type="button" class="btn btn-primary" onClick$={() => away(person, true)} data-confirm-absence>
                    {st.confirm}
                  </button>
                  <button type="button" class="btn" onClick$={() => (draft.impact = null)}>
                    {st.cancel}
                  </button>
                </div>
              </div>
            )}
          </article>
        );
      })}
      {state.me?.role === 'owner' && state.branch && <StaffTime branch={state.branch} />}
      <Toast toast={state.toast} />
    </section>
  );
});

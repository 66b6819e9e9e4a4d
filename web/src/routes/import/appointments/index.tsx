import {
  $,
  component$,
  noSerialize,
  useContext,
  useSignal,
  useStore,
  useVisibleTask$,
  type NoSerialize,
  type QRL,
} from '@builder.io/qwik';
import type {
  AppointmentImportResult,
  AppointmentOutcome,
  AppointmentPreview,
  AppointmentPreviewRow,
} from '../../../../../contract/appointment-import.ts';
import { SessionContext } from '../../../components/session';
import { fill, LangContext, TEXTS, usePageTexts } from '../../../i18n';
import { api, ApiError } from '../../../lib/api';
import { servicesWithRetired } from '../../../lib/catalog';
import type { Branch, Service } from '../../../lib/types';
import { appointmentImportTexts } from '../../../texts/appointment-import';
import { MAX_IMPORT_MB } from '../types';
import { sendFile, type FileQuery } from '../upload';

type PageState = {
  branches: Branch[];
  services: Service[];
  branchId: string;
  fileName: string;
  /** Works as the file writes them → the service chosen for them, or null: not booked. */
  answers: Record<string, string | null>;
  placeAnyway: number[];
  busy: 'checking' | 'booking' | null;
  /** A refusal of the file; `row` where the server names the row at fault. */
  problem: { code: string; detail: string; row?: number } | null;
  preview: AppointmentPreview | null;
  result: AppointmentImportResult | null;
  ready: boolean;
};

const STAFF = ['owner', 'manager'];

/** «пн, 11 января»: a diary's day, read as a calendar day so no zone shifts it. */
const MB = 1024 * 1024;

const dayText = (date: string, locale: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'long' });

/** Upload the diary of upcoming visits, match its works to services, see what each row becomes, then book. */
export default component$(() => {
  const t = usePageTexts(appointmentImportTexts);
  const lang = useContext(LangContext);
  const session = useContext(SessionContext);
  const file = useSignal<NoSerialize<File>>();
  const state = useStore<PageState>({
    branches: [],
    services: [],
    branchId: '',
    fileName: '',
    answers: {},
    placeAnyway: [],
    busy: null,
    problem: null,
    preview: null,
    result: null,
    ready: false,
  });

  const queryOf = $((): FileQuery => ({
    fileName: state.fileName,
    branchId: state.branchId,
    services: Object.keys(state.answers).length > 0 ? JSON.stringify(state.answers) : undefined,
    placeAnyway: state.placeAnyway.length > 0 ? JSON.stringify(state.placeAnyway) : undefined,
  }));

  const run = $(async (route: string, busy: 'checking' | 'booking'): Promise<unknown> => {
    const chosen = file.value;
    if (!chosen || !state.branchId) return null;
    state.busy = busy;
    state.problem = null;
    try {
      return await sendFile<unknown>(route, chosen, await queryOf());
    } catch (error) {
      state.problem =
        error instanceof ApiError
          ? { code: error.code, detail: error.detail, ...(typeof error.body?.row === 'number' ? { row: error.body.row } : {}) }
          : { code: 'UNKNOWN', detail: String(error) };
      return null;
    } finally {
      state.busy = null;
    }
  });

  const runPreview = $(async () => {
    state.preview = (await run('/api/imports/appointments/preview', 'checking')) as AppointmentPreview | null;
  });

  const choose = $(async (chosen: File) => {
    file.value = noSerialize(chosen);
    state.fileName = chosen.name;
    state.answers = {};
    state.placeAnyway = [];
    state.result = null;
    await runPreview();
  });

  const answer = $(async (works: string, serviceId: string) => {
    state.answers = { ...state.answers, [works]: serviceId || null };
    await runPreview();
  });

  const togglePlaceAnyway = $(async (row: number, on: boolean) => {
    state.placeAnyway = on ? [...state.placeAnyway, row] : state.placeAnyway.filter((one) => one !== row);
    await runPreview();
  });

  const commit = $(async () => {
    const result = (await run('/api/imports/appointments', 'booking')) as AppointmentImportResult | null;
    if (result) {
      state.result = result;
      state.preview = null;
    }
  });

  const reset = $(() => {
    file.value = undefined;
    state.fileName = '';
    state.answers = {};
    state.placeAnyway = [];
    state.preview = null;
    state.result = null;
    state.problem = null;
  });

  const loadServices = $(async () => {
    state.services = state.branchId ? await servicesWithRetired(state.branchId).catch(() => []) : [];
  });

  useVisibleTask$(
    async () => {
      state.branches = await api<Branch[]>('/api/branches').catch(() => []);
      state.branchId = state.branches[0]?.id ?? '';
      await loadServices();
      state.ready = true;
    },
    { strategy: 'document-ready' },
  );

  if (session.me && !STAFF.includes(session.me.role)) {
    return (
      <section class="page narrow" data-appointment-import data-ready>
        <h1>{t.title}</h1>
      </section>
    );
  }

  const locale = TEXTS[lang.value].locale;
  const preview = state.preview;
  const result = state.result;
  const serviceName = (id: string | null) => state.services.find((service) => service.id === id)?.name ?? '';

  return (
    <section class="page import-page" data-appointment-import data-ready={state.ready ? '' : undefined}>
      <div class="import-heading">
        <h1>{t.title}</h1>
        <a class="btn" href="/import">
          {t.toClients}
        </a>
      </div>
      <p class="muted">{t.intro}</p>

      {!result && (
        <div class="import-box import-source">
          <label class={{ 'import-drop': true, 'is-busy': state.busy !== null }}>
            <input
              type="file"
              accept=".csv,.txt,.xlsx,.xls,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel"
              disabled={state.busy !== null || !state.branchId}
              onChange$={(_, el) => {
                const chosen = el.files?.[0];
                el.value = '';
                if (chosen) return choose(chosen);
              }}
              data-appointment-file
            />
            <span class="btn btn-primary import-drop-button">{t.choose}</span>
            {state.fileName && (
              <span class="import-file-name">
                {t.chosen}: <strong>{state.fileName}</strong>
              </span>
            )}
          </label>
          <div class="import-options">
            <label class="field">
              <span>{t.branch}</span>
              <select
                disabled={state.busy !== null}
                onChange$={async (_, el) => {
                  state.branchId = el.value;
                  state.answers = {};
                  await loadServices();
                  await runPreview();
                }}
                data-appointment-branch
              >
                {state.branches.map((branch) => (
                  <option key={branch.id} value={branch.id} selected={state.branchId === branch.id}>
                    {branch.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </div>
      )}

      {state.busy && (
        <p class="import-progress-text" aria-live="polite">
          {state.busy === 'checking' ? t.checking : t.booking}
        </p>
      )}

      {state.problem && (
        <p class="form-error import-error" role="alert" data-appointment-error={state.problem.code}>
          {fill(t.errors[state.problem.code] ?? t.errors.UNKNOWN!, {
            name: state.fileName,
            size: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format((file.value?.size ?? 0) / MB),
            mb: MAX_IMPORT_MB,
            row: state.problem.row ?? '',
            detail: state.problem.detail,
          })}
        </p>
      )}

      {preview && (
        <>
          <section class="import-box" data-appointment-works>
            <h2>{t.worksTitle}</h2>
            <p class="muted">{t.worksHint}</p>
            <div class="import-table-wrap">
              <table class="import-table">
                <tbody>
                  {preview.works.map((works) => (
                    <tr key={works.text} data-works={works.text}>
                      <td>
                        <strong>{works.text}</strong>
                        <div class="muted">{fill(t.worksRows, { rows: works.rows.join(', ') })}</div>
                      </td>
                      <td>
                        <select
                          class="import-service-select"
                          disabled={state.busy !== null}
                          onChange$={(_, el) => answer(works.text, el.value)}
                          data-works-service
                        >
                          <option value="" selected={works.serviceId === null}>
                            {t.skip}
                          </option>
                          {state.services.map((service) => (
                            <option key={service.id} value={service.id} selected={works.serviceId === service.id}>
                              {service.name}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section class="import-box" data-appointment-visits>
            <h2>{t.visitsTitle}</h2>
            <div class="import-table-wrap">
              <table class="import-table">
                <thead>
                  <tr>
                    <th>{t.row}</th>
                    <th>{t.day}</th>
                    <th>{t.time}</th>
                    <th>{t.bay}</th>
                    <th>{t.client}</th>
                    <th>{t.works}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {preview.appointments.map((one) => (
                    <VisitRow
                      key={one.row}
                      one={one}
                      day={dayText(one.date, locale)}
                      service={serviceName(one.serviceId)}
                      placeAnyway={state.placeAnyway.includes(one.row)}
                      disabled={state.busy !== null}
                      onPlaceAnyway$={togglePlaceAnyway}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          {preview.rejections.length > 0 && (
            <section class="import-box" data-appointment-rejections>
              <h2>{t.rejectedTitle}</h2>
              <ul>
                {preview.rejections.map((one) => (
                  <li key={one.row}>
                    {fill(t.rowReason, { row: one.row, reason: t.reasons[one.reason] ?? t.reasons.UNKNOWN! })}
                  </li>
                ))}
              </ul>
            </section>
          )}

          <div class="import-actions">
            <button
              type="button"
              class="btn btn-primary"
              disabled={state.busy !== null}
              onClick$={commit}
              data-appointment-commit
            >
              {t.commit}
            </button>
            <button type="button" class="btn" disabled={state.busy !== null} onClick$={reset}>
              {t.cancel}
            </button>
          </div>
        </>
      )}

      {result && (
        <section class="import-box import-result" data-appointment-result>
          <h2>{t.done}</h2>
          <p class="muted">{result.fileName}</p>
          <dl class="import-counts">
            {(['placed', 'unchanged', 'conflicts', 'refused'] as const).map((key) => (
              <div key={key} class={`import-count import-count-${key}`}>
                <dt>{t.counts[key]}</dt>
                <dd data-count={key}>{result.counts[key]}</dd>
              </div>
            ))}
          </dl>
          <ul data-appointment-problems>
            {result.rows
              .filter((one) => one.outcome === 'conflict' || one.outcome === 'refused')
              .map((one) => (
                <li key={one.row}>{outcomeText(t, one)}</li>
              ))}
          </ul>
          <div class="import-actions">
            <a class="btn btn-primary" href="/calendar">
              {t.toCalendar}
            </a>
            <a class="btn" href="/board">
              {t.toBoard}
            </a>
            <button type="button" class="btn" onClick$={reset}>
              {t.another}
            </button>
          </div>
        </section>
      )}
    </section>
  );
});

type PageTexts = (typeof appointmentImportTexts)['ru'];

const outcomeText = (t: PageTexts, one: AppointmentOutcome) => {
  if (one.outcome === 'conflict') {
    return one.collidesWithRow
      ? fill(t.conflictWith, { row: one.row, other: one.collidesWithRow })
      : fill(t.conflictCrm, { row: one.row });
  }
  return fill(t.rowReason, { row: one.row, reason: t.reasons[one.reason ?? 'UNKNOWN'] ?? t.reasons.UNKNOWN! });
};

const VisitRow = component$(
  (props: {
    one: AppointmentPreviewRow;
    day: string;
    service: string;
    placeAnyway: boolean;
    disabled: boolean;
    onPlaceAnyway$: QRL<(row: number, on: boolean) => Promise<void>>;
  }) => {
    const t = usePageTexts(appointmentImportTexts);
    const { one } = props;
    return (
      <tr data-visit-row={one.row} class={{ 'is-flagged': one.sameCarAs !== null }}>
        <td>{one.row}</td>
        <td class="nowrap">{props.day}</td>
        <td>{one.time}</td>
        <td>{one.bay ? one.bayId ? one.bay : fill(t.unknownBay, { bay: one.bay }) : <span class="muted">{t.anyBay}</span>}</td>
        <td>{one.name}</td>
        <td>
          {one.works}
          <div class="muted">{props.service || t.noService}</div>
        </td>
        <td>
          {one.alreadyBooked && <span class="import-tag">{t.alreadyBooked}</span>}
          {one.sameCarAs !== null && (
            <label class="import-flag" data-same-car={one.sameCarAs}>
              <span>{fill(t.sameCar, { row: one.sameCarAs })}</span>
              <span class="check-row">
                <input
                  type="checkbox"
                  checked={props.placeAnyway}
                  disabled={props.disabled}
                  onChange$={(_, el) => props.onPlaceAnyway$(one.row, el.checked)}
                />
                {t.placeAnyway}
              </span>
            </label>
          )}
        </td>
      </tr>
    );
  },
);

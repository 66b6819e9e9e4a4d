import { $, component$, noSerialize, useContext, useSignal, useStore, useVisibleTask$, type NoSerialize } from '@builder.io/qwik';
import { ImportCountTiles, ImportMapping, ImportRejections, ImportSample, instantDayText } from '../../components/import-preview';
import { icon } from '../../components/icons';
import { SessionContext } from '../../components/session';
import { fill, LangContext, TEXTS, usePageTexts } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import type { Branch } from '../../lib/types';
import { importTexts } from '../../texts/import';
import type { Corrections, ImportBatch, ImportField, ImportPreview, ImportProgress, ImportResult, PreviewColumn } from './types';
import { isImportField, MAX_IMPORT_MB } from './types';
import { saveBlob, sendFile, type FileQuery } from './upload';

type Phase = 'idle' | 'uploading' | 'checking' | 'importing';
/** A refusal of the file; `row` where the server names the row at fault. */
type Problem = { code: string; detail: string; name: string; bytes: number; row?: number };

type ImportState = {
  branches: Branch[];
  branchId: string;
  fileName: string;
  sheet: string;
  corrections: Corrections;
  phase: Phase;
  uploaded: number;
  rows: number;
  fraction: number;
  dragging: boolean;
  problem: Problem | null;
  preview: ImportPreview | null;
  /** The file's headers when no phone column was recognised: the user picks it before any preview. */
  headers: string[] | null;
  result: ImportResult | null;
  /** When an «already imported» file was first imported, and how many of its rows were refused then. */
  earlier: { committedAt: string; rejected: number } | null;
  seq: number;
  /** Bumped with every new preview: keyed parts are drawn afresh rather than patched row by row. */
  version: number;
  ready: boolean;
};

const STAFF = ['owner', 'manager'];
const POLL_MS = 400;
const MB = 1024 * 1024;

const problemOf = (error: unknown, name: string, bytes: number): Problem =>
  error instanceof ApiError
    ? {
        code: error.code,
        detail: error.detail,
        name,
        bytes,
        ...(typeof error.body?.row === 'number' ? { row: error.body.row } : {}),
      }
    : // Not an answer of the server (a dropped connection, a failed fetch): the raw error means nothing to the user.
      { code: 'NETWORK', detail: '', name, bytes };

/** Upload a client list, check the preview and the mapping, import, and get the result with the report. */
export default component$(() => {
  const t = usePageTexts(importTexts);
  const lang = useContext(LangContext);
  const session = useContext(SessionContext);
  const file = useSignal<NoSerialize<File>>();
  const state = useStore<ImportState>({
    branches: [],
    branchId: '',
    fileName: '',
    sheet: '',
    corrections: {},
    phase: 'idle',
    uploaded: 0,
    rows: 0,
    fraction: 0,
    dragging: false,
    problem: null,
    preview: null,
    headers: null,
    result: null,
    earlier: null,
    seq: 0,
    version: 0,
    ready: false,
  });

  const queryOf = $((): FileQuery => {
    const mapping = Object.keys(state.corrections).length > 0 ? JSON.stringify(state.corrections) : undefined;
    return { fileName: state.fileName, sheet: state.sheet || undefined, mapping, branchId: state.branchId || undefined };
  });

  /** Sends the file for a preview; a later request (another mapping, another sheet) wins over an earlier one. */
  const runPreview = $(async () => {
    const chosen = file.value;
    if (!chosen) return;
    const seq = ++state.seq;
    state.phase = 'uploading';
    state.uploaded = 0;
    state.problem = null;
    try {
      const preview = await sendFile<ImportPreview>('/api/imports/preview', chosen, await queryOf(), {
        onUpload: (fraction) => {
          if (seq !== state.seq) return;
          state.uploaded = fraction;
          if (fraction >= 1) state.phase = 'checking';
        },
      });
      if (seq !== state.seq) return;
      state.version++;
      state.preview = preview;
      state.headers = null;
      state.sheet = preview.sheet ?? '';
    } catch (error) {
      if (seq !== state.seq) return;
      state.version++;
      const body = error instanceof ApiError ? error.body : null;
      if (body?.reason === 'NO_PHONE_COLUMN' && Array.isArray(body.headers)) {
        state.preview = null;
        state.headers = body.headers.map(String);
      } else {
        state.preview = null;
        state.headers = null;
        state.problem = problemOf(error, chosen.name, chosen.size);
      }
    } finally {
      if (seq === state.seq) state.phase = 'idle';
    }
  });

  const choose = $(async (chosen: File) => {
    file.value = noSerialize(chosen);
    state.fileName = chosen.name;
    state.sheet = '';
    state.corrections = {};
    state.preview = null;
    state.headers = null;
    state.result = null;
    state.earlier = null;
    state.problem = null;
    if (chosen.size > MAX_IMPORT_MB * MB) {
      // The server would refuse it too, but only after the tablet had sent every byte of it.
      state.seq++;
      state.problem = { code: 'FILE_TOO_LARGE', detail: '', name: chosen.name, bytes: chosen.size };
      return;
    }
    await runPreview();
  });

  /** A column's new field: the field it had is left out, the new one moves here from wherever it was. */
  const setField = $(async (index: number, value: string) => {
    const columns: PreviewColumn[] = state.preview?.columns ?? [];
    const current = columns.find((column) => column.index === index)?.field ?? fieldAt(state.corrections, index);
    const next: Corrections = { ...state.corrections };
    if (current && current !== value) next[current] = null;
    if (isImportField(value)) next[value] = index;
    state.corrections = next;
    await runPreview();
  });

  const setSheet = $(async (sheet: string) => {
    state.sheet = sheet;
    state.corrections = {};
    await runPreview();
  });

  const commit = $(async () => {
    const chosen = file.value;
    const preview = state.preview;
    if (!chosen || !preview) return;
    const seq = ++state.seq;
    state.phase = 'uploading';
    state.uploaded = 0;
    state.rows = 0;
    state.fraction = 0;
    state.problem = null;
    // The server counts the rows it has written while the commit request is still open.
    let polling = true;
    const poll = async () => {
      while (polling) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (!polling) return;
        const now = await api<ImportProgress>(`/api/imports/${preview.batchId}/progress`).catch(() => null);
        if (polling && now?.running) {
          state.phase = 'importing';
          state.rows = now.rows ?? 0;
          state.fraction = now.fraction ?? 0;
        }
      }
    };
    void poll();
    try {
      const result = await sendFile<ImportResult>('/api/imports', chosen, await queryOf(), {
        onUpload: (fraction) => {
          state.uploaded = fraction;
          if (fraction >= 1 && polling) state.phase = 'importing';
        },
      }).finally(() => (polling = false));
      if (seq !== state.seq) return;
      if (result.status === 'already-imported') {
        const batch = await api<ImportBatch>(`/api/imports/${result.batchId}`).catch(() => null);
        state.earlier = batch ? { committedAt: batch.committedAt, rejected: batch.rejected } : null;
      }
      state.result = result;
      state.preview = null;
    } catch (error) {
      if (seq === state.seq) state.problem = problemOf(error, chosen.name, chosen.size);
    } finally {
      if (seq === state.seq) state.phase = 'idle';
    }
  });

  const downloadRejected = $(async () => {
    const chosen = file.value;
    if (!chosen) return;
    try {
      const blob = await sendFile<Blob>('/api/imports/rejections.csv', chosen, await queryOf(), { responseType: 'blob' });
      saveBlob(blob, `rejections-${chosen.name.replace(/\.[^.]+$/, '')}.csv`);
    } catch (error) {
      state.problem = problemOf(error, chosen.name, chosen.size);
    }
  });

  const reset = $(() => {
    state.seq++;
    file.value = undefined;
    state.fileName = '';
    state.sheet = '';
    state.corrections = {};
    state.preview = null;
    state.headers = null;
    state.result = null;
    state.earlier = null;
    state.problem = null;
    state.phase = 'idle';
  });

  // Branches for the optional choice, and drag-and-drop, listened to on the document because the
  // zone is redrawn: a dropped file is read in the native handler itself, since the browser empties
  // the drop's file list once the event is over.
  useVisibleTask$(
    async ({ cleanup }) => {
      const onZone = (event: DragEvent) => event.target instanceof Element && event.target.closest('[data-import-drop]') !== null;
      const isFile = (event: DragEvent) => event.dataTransfer?.types.includes('Files') === true;
      // A file let go beside the zone must not make the browser leave the page to open it.
      const over = (event: DragEvent) => {
        if (!isFile(event)) return;
        event.preventDefault();
        state.dragging = onZone(event);
      };
      const leave = () => (state.dragging = false);
      const drop = (event: DragEvent) => {
        if (!isFile(event)) return;
        event.preventDefault();
        state.dragging = false;
        const dropped = event.dataTransfer?.files[0];
        if (dropped && onZone(event) && state.phase === 'idle') void choose(dropped);
      };
      document.addEventListener('dragover', over);
      document.addEventListener('dragleave', leave);
      document.addEventListener('drop', drop);
      cleanup(() => {
        document.removeEventListener('dragover', over);
        document.removeEventListener('dragleave', leave);
        document.removeEventListener('drop', drop);
      });
      state.branches = await api<Branch[]>('/api/branches').catch(() => []);
      // A manager limited to branches reaches only clients imported into them: no «without a branch».
      if (session.me && session.me.branchIds !== null) state.branchId = state.branches[0]?.id ?? '';
      state.ready = true;
    },
    { strategy: 'document-ready' },
  );

  if (session.me && !STAFF.includes(session.me.role)) {
    return (
      <section class="page narrow" data-import-page data-ready>
        <h1>{t.title}</h1>
        <p class="muted" data-import-role>
          {t.roleOnly}
        </p>
      </section>
    );
  }

  const version = state.version;
  const busy = state.phase !== 'idle';
  const preview = state.preview;
  const result = state.result;
  const columns: PreviewColumn[] =
    preview?.columns ??
    (state.headers ?? []).map((header, index) => ({
      index,
      header,
      detected: null,
      field: fieldAt(state.corrections, index),
      samples: [],
    }));
  const locale = TEXTS[lang.value].locale;
  // The import's branch reckons its day; without one the browser's own zone does.
  const zone = state.branches.find((b) => b.id === state.branchId)?.timeZone;

  return (
    <section class="page import-page" data-import-page data-ready={state.ready ? '' : undefined}>
      <div class="import-heading">
        <h1>{t.title}</h1>
        <a class="btn" href="/import/appointments" data-import-appointments>
          {t.toAppointments}
        </a>
      </div>
      <p class="muted">{fill(t.intro, { mb: MAX_IMPORT_MB })}</p>

      {!result && (
        <div class="import-box import-source">
          <label class={{ 'import-drop': true, 'is-dragging': state.dragging, 'is-busy': busy }} data-import-drop>
            <input
              type="file"
              accept=".csv,.txt,.xlsx,.xls,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel"
              disabled={busy}
              onChange$={(_, el) => {
                const chosen = el.files?.[0];
                el.value = '';
                if (chosen) return choose(chosen);
              }}
              data-import-file
            />
            {icon('import', 32)}
            <span class="import-drop-title">{t.drop}</span>
            <span class="muted">{t.dropOr}</span>
            <span class="btn btn-primary import-drop-button">{t.choose}</span>
            {state.fileName && (
              <span class="import-file-name" data-import-file-name>
                {t.chosen}: <strong>{state.fileName}</strong>
              </span>
            )}
          </label>
          <div class="import-options">
            <label class="field">
              <span>{t.branch}</span>
              <select
                disabled={busy}
                onChange$={(_, el) => {
                  state.branchId = el.value;
                }}
                data-import-branch
              >
                {!(session.me && session.me.branchIds !== null) && (
                  <option value="" selected={state.branchId === ''}>
                    {t.noBranch}
                  </option>
                )}
                {state.branches.map((branch) => (
                  <option key={branch.id} value={branch.id} selected={state.branchId === branch.id}>
                    {branch.name}
                  </option>
                ))}
              </select>
            </label>
            {preview && preview.sheets.length > 1 && (
              <label class="field">
                <span>{t.sheet}</span>
                <select disabled={busy} onChange$={(_, el) => setSheet(el.value)} data-import-sheet>
                  {preview.sheets.map((sheet) => (
                    <option key={sheet} value={sheet} selected={state.sheet === sheet}>
                      {sheet}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
        </div>
      )}

      {busy && (
        <ProgressBar
          phase={state.phase}
          uploaded={state.uploaded}
          rows={state.rows}
          fraction={state.fraction}
          total={preview?.counts.rows ?? 0}
        />
      )}

      {state.problem && (
        <p class="form-error import-error" role="alert" data-import-error={state.problem.code}>
          {fill(t.errors[state.problem.code] ?? t.errors.UNKNOWN!, {
            name: state.problem.name,
            size: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(state.problem.bytes / MB),
            mb: MAX_IMPORT_MB,
            row: state.problem.row ?? '',
            detail: state.problem.detail,
          })}
        </p>
      )}

      {preview && (
        <div class="import-preview" data-import-preview data-batch={preview.batchId}>
          {preview.alreadyImported && (
            <p class="import-notice" data-import-already>
              {t.alreadyImported}
            </p>
          )}
          <ImportCountTiles key={version} counts={preview.counts} kind="preview" />
          <div class="import-actions">
            <button type="button" class="btn btn-primary import-commit" disabled={busy} onClick$={commit} data-import-commit>
              {t.commit}
            </button>
            <button type="button" class="btn" disabled={busy} onClick$={reset}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}

      {(preview || state.headers) && (
        <ImportMapping key={version} columns={columns} noPhone={state.headers !== null} disabled={busy} onField$={setField} />
      )}

      {preview && preview.counts.rejected > 0 && (
        <section class="import-box">
          <h2>{t.rejections}</h2>
          <ImportRejections key={version} rejections={preview.rejections} total={preview.counts.rejected} />
          <button type="button" class="btn" disabled={busy} onClick$={downloadRejected} data-import-rejected-rows>
            {t.downloadRejectedRows}
          </button>
        </section>
      )}

      {preview && preview.sample.length > 0 && <ImportSample key={version} rows={preview.sample} locale={locale} />}

      {result && (
        <section class="import-box import-result" data-import-result={result.status}>
          {result.status === 'already-imported' ? (
            <h2 class="import-nothing" data-import-nothing>
              {fill(t.nothingChanged, { date: instantDayText(state.earlier?.committedAt, locale, zone) })}
            </h2>
          ) : (
            <h2>{t.done}</h2>
          )}
          <p class="muted">{result.fileName}</p>
          <ImportCountTiles counts={result.counts} kind="result" />
          {result.rejections.length > 0 && (
            <ImportRejections rejections={result.rejections.slice(0, 100)} total={result.counts.rejected} />
          )}
          {result.merges.length > 0 && (
            <details class="import-merges" data-import-merges>
              <summary>{fill(t.mergesTitle, { count: result.merges.length })}</summary>
              <ul>
                {result.merges.slice(0, 100).map((merge) => (
                  <li key={merge.row}>
                    <a href={`/client?id=${merge.clientId}`} data-import-merge={merge.row}>
                      {fill(merge.keptProfile ? t.mergedKept : t.mergedRow, { row: merge.row })}
                    </a>
                  </li>
                ))}
              </ul>
            </details>
          )}
          <div class="import-actions">
            {(result.counts.rejected > 0 || (state.earlier?.rejected ?? 0) > 0) && (
              <a class="btn" href={result.reportUrl} download data-import-report>
                {t.report}
              </a>
            )}
            <a class="btn btn-primary" href="/clients" data-import-clients>
              {t.toClients}
            </a>
            <button type="button" class="btn" onClick$={reset} data-import-another>
              {t.another}
            </button>
          </div>
        </section>
      )}
    </section>
  );
});

/** The field the user put on a column, from the corrections alone (before any preview has the mapping). */
const fieldAt = (corrections: Corrections, index: number): ImportField | null =>
  (Object.entries(corrections).find(([, column]) => column === index)?.[0] as ImportField | undefined) ?? null;

/**
 * Upload share while the file travels, then the rows the server has done out of the preview's count
 * (its own share of the file read when there is no count), indeterminate until it first reports.
 */
const ProgressBar = component$((props: { phase: Phase; uploaded: number; rows: number; fraction: number; total: number }) => {
  const t = usePageTexts(importTexts);
  const known = props.phase === 'uploading' || (props.phase === 'importing' && props.rows > 0);
  const done = props.total > 0 ? Math.min(1, props.rows / props.total) : props.fraction;
  const share = props.phase === 'uploading' ? props.uploaded : done;
  const percent = Math.round(share * 100);
  const label =
    props.phase === 'uploading'
      ? fill(t.uploading, { percent })
      : props.phase === 'checking'
        ? t.checking
        : props.rows > 0
          ? fill(t.importingRows, { rows: props.rows, percent })
          : t.importing;
  return (
    <div class="import-progress" data-import-progress={props.phase} data-rows={props.rows}>
      <div
        class={{ 'import-bar': true, 'is-indeterminate': !known }}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={known ? percent : undefined}
      >
        <span style={known ? { width: `${Math.max(2, percent)}%` } : undefined} />
      </div>
      <p class="import-progress-text" aria-live="polite">
        {label}
      </p>
    </div>
  );
});

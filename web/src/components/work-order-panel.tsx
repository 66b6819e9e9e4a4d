import { $, component$, useContext, useSignal, useTask$ } from '@builder.io/qwik';
import { isServer } from '@builder.io/qwik/build';
import type { WorkOrder } from '../../../contract/work-orders.ts';
import { LangContext, TEXTS } from '../i18n';
import { api, ApiError, problemText } from '../lib/api';
import { moneyText as money } from '../lib/roubles';
import { dateTimeWords } from '../lib/words';
import { workOrderTexts } from '../texts/work-order';
import { linesEditable, type WorkOrderChange } from './work-order-act';
import { WorkOrderFindings } from './work-order-findings';
import { WorkOrderAddLines } from './work-order-lines';
import { WorkOrderMoney } from './work-order-money';
const quantity = (milli: number) => new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 3 }).format(milli / 1000);

type Move = 'Agreed' | 'InWork' | 'Done' | 'Closed';

/** The steps the desk can take from each status. */
const NEXT: Record<WorkOrder['status'], Move[]> = {
  Draft: ['Agreed', 'InWork'],
  Agreed: ['InWork'],
  InWork: ['Done'],
  Done: [],
  Paid: ['Closed'],
  Closed: [],
};

/** A mechanic starts and finishes the job itself with its own big buttons; an empty order has nothing to agree to or start. */
const nextMoves = (order: WorkOrder, staff: boolean): Move[] =>
  !staff || (order.status === 'Draft' && order.lines.length === 0) ? [] : NEXT[order.status];

/**
 * `opened`: whether the visit has a work order, as the booking's details say (undefined until read).
 * `cancelled`: the booking was cancelled; its order shows only while money paid on it is still to be given back.
 */
type Props = {
  bookingId: string;
  version: number;
  timeZone: string;
  staff: boolean;
  opened: boolean | undefined;
  cancelled: boolean;
};

/**
 * The visit's work order on the booking card: its lines and totals, its status, a job started
 * without the client's agreement and works still waiting for it made visible, the client's answers
 * from the messenger, and the printable order and act. Lines are added and removed while the work
 * is not done, the mechanic's findings are taken with photos, the desk moves the order on (agreed,
 * started, done, closed), takes payments and refunds them.
 */
export const WorkOrderPanel = component$<Props>((props) => {
  const { bookingId, timeZone, staff } = props;
  const lang = useContext(LangContext);
  const order = useSignal<WorkOrder | null>(null);
  const state = useSignal<'loading' | 'none' | 'failed' | 'ready'>('loading');
  const busy = useSignal(false);
  const note = useSignal('');
  // The odometer as typed; empty means «keep what the order has».
  const odometer = useSignal('');

  const load = $(async (id: string) => {
    try {
      const read = await api<WorkOrder>(`/api/bookings/${id}/work-order`);
      // The card is read again when the booking changes, often by this card's own change: the read
      // model may be a moment behind the answer already shown, which then stays.
      const shown = order.value;
      if (!shown || shown.id !== read.id || read.revision >= shown.revision) order.value = read;
      state.value = 'ready';
    } catch (error) {
      order.value = null;
      state.value = error instanceof ApiError && error.status === 404 ? 'none' : 'failed';
    }
  });

  // A visit without a work order is not asked for one (the answer would be a 404 in the console).
  useTask$(async ({ track }) => {
    const id = track(() => props.bookingId);
    track(() => props.version);
    const opened = track(() => props.opened);
    if (isServer || opened === undefined) return;
    if (opened) await load(id);
    // An order this card opened a moment ago stays, though the details read before it say none.
    else if (order.value?.bookingId !== id) {
      order.value = null;
      state.value = 'none';
    }
  });

  const act = $(async (change: WorkOrderChange): Promise<boolean> => {
    // A second tap before the first change is answered would send it twice (a second line, a second payment).
    if (busy.value) return false;
    busy.value = true;
    note.value = '';
    try {
      const method = change.method ?? 'POST';
      const answer = await api<WorkOrder>(change.path, { method, body: method === 'DELETE' ? undefined : (change.body ?? {}) });
      order.value = { ...answer, startedUnagreed: order.value?.startedUnagreed ?? false };
      state.value = 'ready';
      note.value = change.done;
      return true;
    } catch (error) {
      const said = { ...TEXTS[lang.value].errors, ...workOrderTexts[lang.value].problems, ...change.problems };
      note.value = problemText(error, said);
      return false;
    } finally {
      busy.value = false;
    }
  });

  const t = workOrderTexts[lang.value];
  const current = order.value;
  const cancelled = props.cancelled;
  // A cancelled visit's order is only about the money still held, which the desk gives back, or an
  // invoice still out, which it withdraws: nothing else is done on it, and a mechanic has nothing to do with it.
  const awaitsInvoice = current?.invoices.some((invoice) => invoice.status === 'awaiting') ?? false;
  if (cancelled && (!staff || current === null || (current.totals.paid <= 0 && !awaitsInvoice))) return null;
  const editable = !cancelled && current !== null && linesEditable(current.status);
  // What can come next from here, for the desk.
  const moves = current && !cancelled ? nextMoves(current, staff) : [];
  const unsentFindings = current
    ? current.findings
        .map((finding) => finding.findingId)
        .filter((id) => !current.approvals.some((approval) => approval.findingIds.includes(id)))
    : [];
  return (
    <section class="work-order" data-work-order aria-label={t.title}>
      <h3>
        {t.title} {current && <span class="muted">{t.number(current.number)}</span>}
        {current && (
          <span class={`wo-status wo-${current.status}`} data-wo-status>
            {t.status[current.status]}
          </span>
        )}
      </h3>
      {state.value === 'loading' && <p class="muted">{t.loading}</p>}
      {state.value === 'failed' && <p class="hint">{t.failed}</p>}
      {state.value === 'none' && (
        <p class="muted">
          {t.none} {/* The mechanic opens it too: the findings and photos of the car go on it. */}
          <button
            type="button"
            class="btn"
            disabled={busy.value}
            // The booked services are the order's first works, at the price list's prices.
            onClick$={() => act({ path: `/api/bookings/${bookingId}/work-order`, body: { withBookedWorks: true }, done: '' })}
          >
            {t.open}
          </button>
        </p>
      )}
      {current && (
        <>
          {cancelled && (
            <p class="wo-warning" data-paid-on-cancelled>
              ⚠ {t.paidOnCancelled(money(current.totals.paid))}
            </p>
          )}
          {current.startedUnagreed && !cancelled && (
            <p class="wo-warning" data-started-unagreed>
              ⚠ {t.startedUnagreed}
            </p>
          )}
          {current.status !== 'Closed' && !cancelled && (
            <form
              class="wo-odometer"
              preventdefault:submit
              data-odometer={current.odometerKm ?? ''}
              onSubmit$={async () => {
                if (!odometer.value.trim()) return;
                // «123 456 км», «123456km», «123.456»: the digits are the reading.
                const typed = odometer.value.replace(/\s|\u00a0|км|km|\./gi, '');
                const km = /^\d+$/.test(typed) ? Number(typed) : NaN;
                if (!Number.isInteger(km)) {
                  note.value = t.badOdometer;
                  return;
                }
                await act({ path: `/api/work-orders/${current.id}/odometer`, body: { odometerKm: km }, done: t.odometerSaved });
                odometer.value = '';
              }}
            >
              <label class="field field-inline">
                <span>{t.odometer}</span>
                <input
                  inputMode="numeric"
                  maxLength={14}
                  placeholder={
                    current.odometerKm === null ? '' : new Intl.NumberFormat(TEXTS[lang.value].locale).format(current.odometerKm)
                  }
                  value={odometer.value}
                  onInput$={(_, el) => (odometer.value = el.value)}
                  data-odometer-input
                />
              </label>
              <button type="submit" class="btn" disabled={busy.value} data-odometer-save>
                {t.saveOdometer}
              </button>
            </form>
          )}
          {current.lines.length === 0 ? (
            <p class="muted">{t.empty}</p>
          ) : (
            <table class="wo-lines" data-wo-lines>
              <thead>
                <tr>
                  <th>
                    {t.work} / {t.part}
                  </th>
                  <th class="num">{t.quantity}</th>
                  <th class="num">{t.sum}</th>
                  {editable && <th class="wo-remove-col" />}
                </tr>
              </thead>
              <tbody>
                {current.lines.map((line) => (
                  <tr key={line.lineId} class={current.unconsentedLineIds.includes(line.lineId) ? 'wo-awaiting' : ''}>
                    <td>
                      {line.name}
                      {line.article && <span class="muted"> · {line.article}</span>}
                      {current.unconsentedLineIds.includes(line.lineId) && <em class="wo-flag"> — {t.awaiting}</em>}
                    </td>
                    <td class="num">{quantity(line.quantityMilli)}</td>
                    <td class="num">{money(line.amountKopecks)}</td>
                    {editable && (
                      <td class="wo-remove-col">
                        {/* What the client agreed to is the desk's to take back, not the mechanic's. */}
                        {(staff || current.status === 'Draft' || current.unconsentedLineIds.includes(line.lineId)) && (
                          <button
                            type="button"
                            class="btn btn-icon btn-quiet"
                            aria-label={t.removeLine(line.name)}
                            disabled={busy.value}
                            data-remove-line={line.lineId}
                            onClick$={() =>
                              act({
                                path: `/api/work-orders/${current.id}/lines/${line.lineId}`,
                                method: 'DELETE',
                                done: t.lineRemoved,
                              })
                            }
                          >
                            ×
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <dl class="wo-totals" data-wo-totals>
            <dt>{t.works}</dt>
            <dd>{money(current.totals.works)}</dd>
            <dt>{t.parts}</dt>
            <dd>{money(current.totals.parts)}</dd>
            {current.totals.lowered > 0 && (
              <>
                <dt>{t.lowered}</dt>
                <dd data-wo-lowered>−{money(current.totals.lowered)}</dd>
              </>
            )}
            <dt>
              <strong>{t.total}</strong>
            </dt>
            <dd>
              <strong>{money(current.totals.total)}</strong>
            </dd>
            <dt>{t.paid}</dt>
            <dd>{money(current.totals.paid)}</dd>
            {/* Nothing is owed on a cancelled visit. */}
            {!cancelled && (
              <>
                <dt>{t.due}</dt>
                <dd data-wo-due>{money(Math.max(current.totals.due, 0))}</dd>
              </>
            )}
          </dl>
          {!cancelled && <WorkOrderFindings order={current} busy={busy.value} act={act} timeZone={timeZone} />}
          {editable && <WorkOrderAddLines order={current} busy={busy.value} act={act} />}
          {moves.length > 0 && (
            <div class="wo-moves" data-wo-moves>
              {moves.map((status) => (
                <button
                  key={status}
                  type="button"
                  class="btn btn-primary"
                  disabled={busy.value}
                  data-wo-move={status}
                  onClick$={() =>
                    act({
                      path: `/api/work-orders/${current.id}/status`,
                      // The desk says the client agreed to the total on the screen; another is refused.
                      body: status === 'Agreed' ? { status, expectedTotalKopecks: current.totals.total } : { status },
                      done: t.moved(t.status[status]),
                    })
                  }
                >
                  {t.moves[status]}
                </button>
              ))}
            </div>
          )}
          {staff && <WorkOrderMoney order={current} busy={busy.value} act={act} cancelled={cancelled} timeZone={timeZone} />}
          {current.approvals.length > 0 && (
            <>
              <h4>{t.approvals}</h4>
              <ul class="wo-approvals" data-wo-approvals>
                {current.approvals.map((approval) => (
                  <li key={approval.requestId}>
                    {approval.scope === 'estimate' ? t.estimate : t.additional}, {money(approval.totalKopecks)}:{' '}
                    {approval.decision === null
                      ? t.pending
                      : `${approval.decision.approved ? t.approved : t.declinedWord} ${t.via[approval.decision.channel] ?? ''}, ${dateTimeWords(approval.decision.at, timeZone, lang.value)}`}
                  </li>
                ))}
              </ul>
            </>
          )}
          {current.declined.length > 0 && (
            <>
              <h4>{t.declined}</h4>
              <ul class="wo-declined">
                {current.declined.map((line) => (
                  <li key={line.lineId}>
                    {line.name} — {money(line.amountKopecks)}
                  </li>
                ))}
              </ul>
            </>
          )}
          <div class="wo-actions">
            {staff && !cancelled && current.status === 'Draft' && current.lines.length > 0 && (
              <button
                type="button"
                class="btn btn-primary"
                disabled={busy.value}
                onClick$={() =>
                  act({
                    path: `/api/work-orders/${current.id}/approval-requests`,
                    body: { findingIds: unsentFindings },
                    done: t.estimateSent,
                  })
                }
              >
                {t.sendEstimate}
              </button>
            )}
            {staff && !cancelled && current.unconsentedLineIds.length > 0 && (
              <button
                type="button"
                class="btn"
                disabled={busy.value}
                onClick$={() =>
                  act({
                    path: `/api/work-orders/${current.id}/approval-requests`,
                    // The findings not shown to the client yet go with the question: their photos say why.
                    body: { lineIds: current.unconsentedLineIds, findingIds: unsentFindings },
                    done: t.extraSent,
                  })
                }
              >
                {t.askExtra}
              </button>
            )}
            {staff && (
              <>
                <a class="btn" href={`/api/work-orders/${current.id}/pdf?doc=order`} target="_blank" rel="noopener">
                  {t.order}
                </a>
                <a class="btn" href={`/api/work-orders/${current.id}/pdf?doc=act`} target="_blank" rel="noopener">
                  {t.act}
                </a>
              </>
            )}
          </div>
          {note.value && (
            <p class="hint" role="status" data-wo-note>
              {note.value}
            </p>
          )}
        </>
      )}
    </section>
  );
});

import { component$, useContext, useSignal, useStore, useTask$ } from '@builder.io/qwik';
import type { WorkOrder } from '../../../contract/work-orders.ts';
import { kopecksOf, moneyText, roublesText } from '../lib/roubles';
import { LangContext, TEXTS } from '../i18n';
import { dayWords } from '../lib/words';
import { workOrderTexts } from '../texts/work-order';
import type { ActOnOrder } from './work-order-act';

/** The ways a desk takes money itself; a link to pay online is the provider's. */
const DESK_METHODS = ['cash', 'card', 'sbp', 'invoice'] as const;

/** What the order's invoices ask for and has not come in. */
const awaitedOf = (order: WorkOrder) =>
  order.invoices.reduce((sum, invoice) => sum + (invoice.status === 'awaiting' ? invoice.amountKopecks : 0), 0);

/**
 * The money of a work order at the desk: a payment of what is due (or part of it, as a
 * prepayment) by cash, card or SBP; an invoice to a company paying by bank transfer, counted as
 * money only once the desk sees it come in; the payments taken, each with what went back; and a
 * refund of one of them. Every write carries its own id, so a double tap books once.
 */
/** `cancelled`: the visit was cancelled, so money is only given back, never taken. */
export const WorkOrderMoney = component$(
  (props: { order: WorkOrder; busy: boolean; act: ActOnOrder; cancelled: boolean; timeZone: string }) => {
    const lang = useContext(LangContext);
    const t = workOrderTexts[lang.value];
    const locale = TEXTS[lang.value].locale;
    const amount = useSignal('');
    const problem = useSignal('');
    const refund = useStore({ paymentId: '', amount: '', problem: '', lowersPrice: false });
    // The invoice's id is chosen when its form opens: sent again after a lost answer, it issues one invoice.
    const invoice = useStore({ open: false, invoiceId: '', kopecks: 0, reference: '' });

    // The sum offered is what is due and not invoiced yet (all that is due when invoices ask for it
    // all: the client may pay at the desk after all), again after every change of the order.
    useTask$(({ track }) => {
      const due = track(() => props.order.totals.due);
      const open = due - awaitedOf(track(() => props.order));
      amount.value = due > 0 ? roublesText(open > 0 ? open : due, locale) : '';
    });

    const path = `/api/work-orders/${props.order.id}`;
    const order = props.order;
    const takesMoney = !props.cancelled && order.status !== 'Paid' && order.status !== 'Closed' && order.totals.due > 0;
    return (
      <div class="wo-money" data-wo-money>
        {takesMoney && <h4>{t.takePayment}</h4>}
        {takesMoney && (
          <form class="wo-pay" data-take-payment preventdefault:submit>
            <label class="field wo-sum">
              <span>{t.amount}</span>
              <input
                inputMode="decimal"
                maxLength={14}
                value={amount.value}
                aria-invalid={problem.value ? 'true' : undefined}
                onInput$={(_, el) => (amount.value = el.value)}
                data-payment-amount
              />
            </label>
            <div class="wo-pay-methods" role="group" aria-label={t.takePayment}>
              {DESK_METHODS.map((method) => (
                <button
                  key={method}
                  type="button"
                  // Before the job is done a payment is a prepayment: offered, not pressed on the desk.
                  class={order.status === 'Done' ? 'btn btn-primary' : 'btn'}
                  disabled={props.busy}
                  data-pay={method}
                  onClick$={async () => {
                    const kopecks = kopecksOf(amount.value);
                    problem.value = kopecks === null || kopecks === 0 ? t.badSum : '';
                    if (!kopecks) return;
                    // An invoice is money asked for: its number first, and it counts when the bank has it.
                    if (method === 'invoice') {
                      Object.assign(invoice, { open: true, invoiceId: crypto.randomUUID(), kopecks, reference: '' });
                      return;
                    }
                    await props.act({
                      path: `${path}/payments`,
                      body: { paymentId: crypto.randomUUID(), method, amountKopecks: kopecks },
                      done: t.paymentTaken(moneyText(kopecks)),
                    });
                  }}
                >
                  {t.methods[method]}
                </button>
              ))}
            </div>
            {problem.value && (
              <p class="field-error" role="alert">
                {problem.value}
              </p>
            )}
          </form>
        )}
        {takesMoney && invoice.open && (
          <form
            class="wo-invoice"
            data-invoice-form
            preventdefault:submit
            onSubmit$={async () => {
              const done = await props.act({
                path: `${path}/invoices`,
                body: {
                  invoiceId: invoice.invoiceId,
                  amountKopecks: invoice.kopecks,
                  ...(invoice.reference.trim() ? { reference: invoice.reference.trim() } : {}),
                },
                done: t.invoiceIssued(moneyText(invoice.kopecks)),
                problems: { OVER_DUE: t.overInvoiced },
              });
              if (done) invoice.open = false;
            }}
          >
            <label class="field">
              <span>{t.invoiceNumber}</span>
              <input
                maxLength={100}
                value={invoice.reference}
                onInput$={(_, el) => (invoice.reference = el.value)}
                data-invoice-number
              />
            </label>
            <button type="submit" class="btn btn-primary" disabled={props.busy} data-invoice-issue>
              {t.issueInvoice(moneyText(invoice.kopecks))}
            </button>
            <button type="button" class="btn" onClick$={() => (invoice.open = false)}>
              {t.cancel}
            </button>
          </form>
        )}
        {order.invoices.length > 0 && (
          <>
            <h4>{t.invoices}</h4>
            <ul class="wo-payments" data-wo-invoices>
              {order.invoices.map((issued) => (
                <li key={issued.invoiceId} data-invoice={issued.status}>
                  <span>
                    {t.invoiceLine(
                      issued.reference,
                      dayWords(issued.issuedAt, props.timeZone, lang.value),
                      moneyText(issued.amountKopecks),
                    )}
                    {' — '}
                    <span class={issued.status === 'awaiting' ? 'wo-awaiting' : 'muted'}>{t.invoiceStatus[issued.status]}</span>
                  </span>
                  {issued.status === 'awaiting' && (
                    <span class="wo-invoice-actions">
                      <button
                        type="button"
                        class="btn btn-small btn-primary"
                        disabled={props.busy}
                        data-invoice-paid
                        onClick$={() =>
                          props.act({
                            path: `${path}/invoices/${issued.invoiceId}/paid`,
                            done: t.invoicePaid(moneyText(issued.amountKopecks)),
                          })
                        }
                      >
                        {t.invoiceMoneyIn}
                      </button>
                      <button
                        type="button"
                        class="btn btn-small"
                        disabled={props.busy}
                        data-invoice-cancel
                        onClick$={() =>
                          props.act({ path: `${path}/invoices/${issued.invoiceId}/cancel`, done: t.invoiceCancelled })
                        }
                      >
                        {t.cancelInvoice}
                      </button>
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
        {order.payments.length > 0 && (
          <>
            <h4>{t.payments}</h4>
            <ul class="wo-payments" data-wo-payments>
              {order.payments.map((payment) => {
                const refundable = payment.amountKopecks - payment.refundedKopecks;
                return (
                  <li key={payment.paymentId} data-payment={payment.method}>
                    <span>
                      {t.methods[payment.method]} — {moneyText(payment.amountKopecks)}
                      {payment.refundedKopecks > 0 && (
                        <span class="muted">, {t.refunded(moneyText(payment.refundedKopecks))}</span>
                      )}
                    </span>
                    {order.status !== 'Closed' && refundable > 0 && refund.paymentId !== payment.paymentId && (
                      <button
                        type="button"
                        class="btn btn-small"
                        data-refund-open
                        // After full payment a refund is mostly a discount or a part taken back: the price goes down with it.
                        onClick$={() =>
                          Object.assign(refund, {
                            paymentId: payment.paymentId,
                            amount: '',
                            problem: '',
                            lowersPrice: order.status === 'Paid',
                          })
                        }
                      >
                        {t.refund}
                      </button>
                    )}
                    {refund.paymentId === payment.paymentId && (
                      <form
                        class="wo-refund"
                        data-refund-form
                        preventdefault:submit
                        onSubmit$={async () => {
                          const kopecks = kopecksOf(refund.amount);
                          refund.problem = !kopecks ? t.badSum : kopecks > refundable ? t.overRefund : '';
                          if (refund.problem || !kopecks) return;
                          const done = await props.act({
                            path: `${path}/refunds`,
                            body: {
                              refundId: crypto.randomUUID(),
                              paymentId: payment.paymentId,
                              amountKopecks: kopecks,
                              lowersPrice: refund.lowersPrice,
                            },
                            done: t.refundDone(moneyText(kopecks)),
                            problems: { OVER_DUE: t.overRefund },
                          });
                          if (done) refund.paymentId = '';
                        }}
                      >
                        <label class="field wo-sum">
                          <span>{t.refundAmount}</span>
                          <input
                            inputMode="decimal"
                            maxLength={14}
                            value={refund.amount}
                            placeholder={roublesText(refundable, locale)}
                            aria-invalid={refund.problem ? 'true' : undefined}
                            onInput$={(_, el) => (refund.amount = el.value)}
                            data-refund-amount
                          />
                        </label>
                        {(order.status === 'Done' || order.status === 'Paid') && (
                          <label class="wo-lowers">
                            <input
                              type="checkbox"
                              checked={refund.lowersPrice}
                              onChange$={(_, el) => (refund.lowersPrice = el.checked)}
                              data-refund-lowers
                            />
                            <span>{t.lowersPrice}</span>
                          </label>
                        )}
                        <button type="submit" class="btn" disabled={props.busy} data-refund-submit>
                          {t.doRefund}
                        </button>
                        {refund.problem && (
                          <p class="field-error" role="alert">
                            {refund.problem}
                          </p>
                        )}
                      </form>
                    )}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </div>
    );
  },
);

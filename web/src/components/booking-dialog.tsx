import { $, component$, useContext, useSignal, useTask$, type QRL } from '@builder.io/qwik';
import { isServer } from '@builder.io/qwik/build';
import { Modal } from '@qwik-ui/headless';
import { LangContext, TEXTS, type CancelReason, type Lang, type Status } from '../i18n';
import { api, problemText } from '../lib/api';
import { assignMechanic, say } from '../lib/board-actions';
import { ensureMechanics } from '../lib/board-mechanics';
import { bayName, mechanicName, serviceNames, type BoardState } from '../lib/board-state';
import type { BookingDetails, CallOutcome, HistoryEntry, LastCall, Mechanic, RevealedPhone } from '../lib/types';
import { movesFor } from '../../../domain/booking/status-moves.ts';
import { CALL_OUTCOMES, CANCEL_REASONS } from '../lib/types';
import { dateIn, timeIn } from '../lib/tz';
import { dateTimeWords, phoneWords, telHref } from '../lib/words';
import { paidForVisit } from '../lib/paid-for-visit';
import { moneyText } from '../lib/roubles';
import { bookingTexts } from '../texts/booking';
import { BookingEditors } from './booking-editors';
import { icon } from './icons';
import { WorkOrderPanel } from './work-order-panel';

type BookingTexts = (typeof bookingTexts)['ru'];

const historyNote = (
  entry: HistoryEntry,
  texts: (typeof TEXTS)['ru'],
  own: BookingTexts,
  timeZone: string,
  mechanics: readonly Mechanic[],
  lang: Lang,
): string => {
  const data = entry.data;
  if (entry.type === 'BookingAssigned' && typeof data.mechanicId === 'string') {
    return mechanicName(mechanics, data.mechanicId);
  }
  if (entry.type === 'CallOutcomeRecorded' && typeof data.outcome === 'string') {
    return own.outcomes[data.outcome as CallOutcome] ?? data.outcome;
  }
  if (entry.type === 'BookingDurationChanged' && typeof data.end === 'string') {
    return `${own.until} ${timeIn(data.end, timeZone)}`;
  }
  if (entry.type === 'BookingOverran' && typeof data.heldUntil === 'string') {
    return `${own.bayHeldUntil} ${timeIn(data.heldUntil, timeZone)}`;
  }
  if (entry.type === 'BookingCancelled' && typeof data.reason === 'string') {
    return texts.reasons[data.reason as CancelReason] ?? data.reason;
  }
  if (entry.type === 'BookingRescheduled' && typeof data.start === 'string') {
    return `→ ${dateTimeWords(data.start, timeZone, lang)}`;
  }
  if (entry.type === 'BookingRequested' && typeof data.channel === 'string') {
    return texts.channels[data.channel as keyof typeof texts.channels] ?? data.channel;
  }
  return '';
};

/** The card of one booking: who, what, when, a call button, quick status changes and the event history. */
export const BookingDialog = component$(
  (props: { state: BoardState; onMove$: QRL<(id: string, to: Status, reason?: CancelReason) => Promise<void>> }) => {
    const lang = useContext(LangContext);
    const t = TEXTS[lang.value];
    const own = bookingTexts[lang.value];
    const state = props.state;
    const show = useSignal(false);
    const details = useSignal<BookingDetails | null>(null);
    const cancelling = useSignal(false);
    // Money the client already paid for the visit, read when cancelling starts: cancelling does not return it.
    const prepaid = useSignal(0);
    const calling = useSignal(false);
    // The number of the open card, once a call revealed it; a second tap dials it without another reveal.
    const revealed = useSignal<{ id: string; phone: string } | null>(null);
    const revealing = useSignal(false);

    // Cards carry the phone masked: the tap reveals the number (the server logs it) and dials it at once.
    const callClient = $(async (id: string) => {
      if (revealing.value) return;
      revealing.value = true;
      try {
        const { phone } = await api<RevealedPhone>(`/api/bookings/${id}/reveal-phone`, { method: 'POST' });
        if (state.openId === id) revealed.value = { id, phone };
        window.location.href = telHref(phone);
      } catch (error) {
        say(state, problemText(error, TEXTS[lang.value].errors), 'error');
      } finally {
        revealing.value = false;
      }
    });

    // The card shows the outcome at once; the live feed then brings the booking's new version and history.
    const recordCall = $(async (id: string, outcome: CallOutcome) => {
      calling.value = true;
      try {
        const saved = await api<LastCall>(`/api/bookings/${id}/calls`, { body: { outcome } });
        const lastCall = { outcome: saved.outcome, at: saved.at };
        state.cards = state.cards.map((c) => (c.id === id ? { ...c, lastCall } : c));
        if (details.value?.id === id) details.value = { ...details.value, lastCall };
        say(state, bookingTexts[lang.value].callSaved, 'ok');
      } catch (error) {
        say(state, `${TEXTS[lang.value].moved.refused} ${problemText(error, TEXTS[lang.value].errors)}`, 'error');
      } finally {
        calling.value = false;
      }
    });

    const startCancelling = $(async (id: string) => {
      cancelling.value = true;
      prepaid.value = 0;
      if (!details.value?.workOrderOpened || details.value.id !== id) return;
      const paid = await paidForVisit(id, true);
      if (state.openId === id) prepaid.value = paid;
    });

    useTask$(({ track }) => {
      const id = track(() => state.openId);
      show.value = id !== '';
      cancelling.value = false;
      revealed.value = null;
    });

    // The history is read when the card opens and again whenever the booking changes. Nothing else
    // is tracked while the dialog is closed, so the board loading its cards does not wake this code.
    useTask$(async ({ track }) => {
      const id = track(() => state.openId);
      if (isServer || !id) return;
      track(() => state.cards.find((c) => c.id === id)?.version);
      const branchId = state.cards.find((c) => c.id === id)?.branchId;
      if (branchId) void ensureMechanics(state, branchId);
      try {
        const loaded = await api<BookingDetails>(`/api/bookings/${id}`);
        if (state.openId === id) details.value = loaded;
      } catch {
        details.value = null;
      }
    });

    const openId = state.openId;
    const card = openId
      ? (state.cards.find((c) => c.id === openId) ?? (details.value?.id === openId ? details.value : null))
      : null;
    const zone = card ? state.timeZone : '';
    const history = card && details.value?.id === openId ? details.value.history : null;
    const lastCall = card?.lastCall ?? null;
    const staff = state.role === 'owner' || state.role === 'manager';
    const moves = card ? movesFor(card.status, staff) : [];
    const phone = card && revealed.value?.id === card.id ? revealed.value.phone : null;

    return (
      <Modal.Root
        bind:show={show}
        onClose$={() => {
          // The close handler may run late (loaded on first use): a card tapped meanwhile stays open.
          if (!show.value) state.openId = '';
        }}
      >
        <Modal.Panel class="dialog" data-booking-dialog>
          {card && (
            <>
              <header class="dialog-head">
                <Modal.Title class="dialog-title">{card.clientName ?? t.card.erased}</Modal.Title>
                <span class={`status-pill status-${card.status}`} data-dialog-status>
                  {t.status[card.status]}
                </span>
                <Modal.Close class="btn btn-icon btn-close" aria-label={t.card.close}>
                  ×
                </Modal.Close>
              </header>

              {!card.clientPhone ? (
                <p class="muted">{t.card.noPhone}</p>
              ) : phone ? (
                <a class="btn btn-call" href={telHref(phone)} data-call data-revealed>
                  {icon('phoneCall', 20)} {t.card.call} <span class="call-number">{phoneWords(phone)}</span>
                </a>
              ) : staff ? (
                <>
                  <button
                    type="button"
                    class="btn btn-call"
                    data-call
                    disabled={revealing.value}
                    onClick$={() => callClient(card.id)}
                  >
                    {icon('phoneCall', 20)} {t.card.call}{' '}
                    <span class="call-number" data-masked-phone>
                      {phoneWords(card.clientPhone)}
                    </span>
                  </button>
                  <p class="hint">{own.callLogged}</p>
                </>
              ) : (
                <p class="muted" data-masked-phone>
                  {phoneWords(card.clientPhone)}
                </p>
              )}
              {card.clientPhone && staff && (
                <div class="call-outcomes" role="group" aria-label={own.callOutcome}>
                  <span class="call-outcomes-title">{own.callOutcome}</span>
                  {CALL_OUTCOMES.map((outcome) => (
                    <button
                      key={outcome}
                      type="button"
                      class={`btn call-outcome call-${outcome}`}
                      aria-pressed={lastCall?.outcome === outcome ? 'true' : 'false'}
                      data-call-outcome={outcome}
                      disabled={calling.value}
                      onClick$={() => recordCall(card.id, outcome)}
                    >
                      {own.outcomes[outcome]}
                    </button>
                  ))}
                </div>
              )}

              <dl class="facts">
                {lastCall && (
                  <>
                    <dt>{own.lastCall}</dt>
                    <dd data-last-call={lastCall.outcome}>
                      <span class={`call-badge call-${lastCall.outcome}`}>{own.outcomes[lastCall.outcome]}</span>{' '}
                      {dateTimeWords(lastCall.at, zone, lang.value)}
                    </dd>
                  </>
                )}
                <dt>{t.card.time}</dt>
                <dd>
                  {dateTimeWords(card.start, zone, lang.value)}–{timeIn(card.end, zone)}
                  {dateIn(card.end, zone) !== dateIn(card.start, zone) && ` (${dateTimeWords(card.end, zone, lang.value)})`}
                </dd>
                <dt>{t.card.service}</dt>
                <dd>{serviceNames(state.services, card.serviceIds)}</dd>
                <dt>{t.card.car}</dt>
                <dd>
                  {card.car}
                  {card.car && card.plate ? ' · ' : ''}
                  {card.plate && (
                    // The car's own record: what was done to it before, whoever brought it.
                    <a class="car-link" href={`/car?plate=${encodeURIComponent(card.plate)}`} data-dialog-car={card.plate}>
                      <span class="plate">{card.plate}</span>
                    </a>
                  )}
                  {!card.car && !card.plate && '—'}
                </dd>
                <dt>{t.card.bay}</dt>
                <dd>{bayName(state.bays, card.bayId) || '—'}</dd>
                <dt>{t.card.mechanic}</dt>
                <dd data-dialog-mechanic>{mechanicName(state.mechanics, card.mechanicId) || own.notAssigned}</dd>
                <dt>{t.card.channel}</dt>
                <dd>
                  {icon(card.channel, 16)} {t.channels[card.channel]}
                  {/* The advert's UTM tags or the QR/link the client came by, as the station named them. */}
                  {card.source && (
                    <span class="muted" data-dialog-source>
                      {' '}
                      · {card.source}
                    </span>
                  )}
                </dd>
                {card.comment && (
                  <>
                    <dt>{t.card.comment}</dt>
                    <dd class="comment">{card.comment}</dd>
                  </>
                )}
                {card.status === 'Cancelled' && card.cancelReason && (
                  <>
                    <dt>{t.card.cancelTitle}</dt>
                    <dd>{t.reasons[card.cancelReason]}</dd>
                  </>
                )}
              </dl>

              {staff && card.status !== 'Done' && card.status !== 'Cancelled' && (
                <div class="mechanic-picker" role="group" aria-label={own.assign} data-mechanic-picker>
                  <span class="call-outcomes-title">{own.assign}</span>
                  {state.mechanicsBranch === card.branchId && state.mechanics.filter((m) => m.active).length === 0 && (
                    <p class="hint">{own.noMechanics}</p>
                  )}
                  {state.mechanics
                    .filter((m) => m.active || m.id === card.mechanicId)
                    .map((mechanic) => (
                      <button
                        key={mechanic.id}
                        type="button"
                        class="btn mechanic-choice"
                        aria-pressed={card.mechanicId === mechanic.id ? 'true' : 'false'}
                        data-mechanic-id={mechanic.id}
                        disabled={state.pending.includes(card.id) || card.mechanicId === mechanic.id}
                        onClick$={() =>
                          assignMechanic(state, TEXTS[lang.value], card.id, mechanic.id, bookingTexts[lang.value].assigned)
                        }
                      >
                        {mechanic.name}
                      </button>
                    ))}
                </div>
              )}

              {staff && card.status !== 'Done' && card.status !== 'Cancelled' && 'serviceIds' in card && (
                <BookingEditors state={state} card={card} />
              )}

              {moves.length > 0 && !cancelling.value && (
                <div class="quick-actions">
                  {moves.map((to) =>
                    to === 'Cancelled' ? (
                      <button
                        key={to}
                        type="button"
                        class="btn btn-danger"
                        data-action={to}
                        onClick$={() => startCancelling(card.id)}
                      >
                        {t.actions[to]}
                      </button>
                    ) : (
                      <button
                        key={to}
                        type="button"
                        class="btn btn-primary"
                        data-action={to}
                        disabled={state.pending.includes(card.id)}
                        onClick$={() => props.onMove$(card.id, to)}
                      >
                        {t.actions[to as Exclude<Status, 'New'>]}
                      </button>
                    ),
                  )}
                </div>
              )}
              {staff && (
                <a class="btn" href={`/tasks?bookingId=${card.id}&clientId=${card.clientId}`} data-task-from-booking>
                  + {t.card.task}
                </a>
              )}
              {cancelling.value && (
                <div class="cancel-box">
                  {prepaid.value > 0 && (
                    <p class="wo-warning" data-cancel-prepaid>
                      ⚠ {own.cancelPrepaid(moneyText(prepaid.value))}
                    </p>
                  )}
                  <p class="cancel-title">{t.card.cancelTitle}</p>
                  <div class="reason-list">
                    {CANCEL_REASONS.map((reason) => (
                      <button
                        key={reason}
                        type="button"
                        class="btn"
                        data-reason={reason}
                        onClick$={async () => {
                          cancelling.value = false;
                          await props.onMove$(card.id, 'Cancelled', reason);
                        }}
                      >
                        {t.reasons[reason]}
                      </button>
                    ))}
                  </div>
                  <button type="button" class="btn btn-quiet" onClick$={() => (cancelling.value = false)}>
                    {t.card.cancelBack}
                  </button>
                </div>
              )}

              <WorkOrderPanel
                bookingId={card.id}
                version={card.version}
                timeZone={zone}
                staff={staff}
                opened={details.value?.id === card.id ? details.value.workOrderOpened : undefined}
                cancelled={card.status === 'Cancelled'}
              />

              <section class="history">
                <h3>{t.card.history}</h3>
                {history === null ? (
                  <p class="muted">{t.card.loading}</p>
                ) : (
                  <ol data-history>
                    {history.map((entry) => (
                      <li key={entry.position}>
                        <time>{dateTimeWords(entry.at, zone, lang.value)}</time>{' '}
                        <strong>{own.events[entry.type] ?? t.events[entry.type] ?? entry.type}</strong>{' '}
                        {historyNote(entry, t, own, zone, state.mechanics, lang.value)}
                      </li>
                    ))}
                  </ol>
                )}
              </section>
            </>
          )}
        </Modal.Panel>
      </Modal.Root>
    );
  },
);

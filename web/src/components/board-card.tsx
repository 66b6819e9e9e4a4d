import { minutesText, TEXTS, type Lang } from '../i18n';
import { mechanicName, serviceNames, type BoardState } from '../lib/board-state';
import { justDragged } from '../lib/drag';
import type { BoardCard } from '../lib/types';
import { callTimeWords, cardTimeWords } from '../lib/card-times';
import { bookingTexts } from '../texts/booking';
import { icon } from './icons';

/**
 * One kanban card. A plain (inline) component on purpose: it renders straight into the list with no
 * virtual-node comments around it, so sortablejs moves exactly one element per card.
 */
export const BoardCardView = (props: { card: BoardCard; state: BoardState; lang: Lang; pending: boolean; fresh: boolean }) => {
  const { card, state } = props;
  const t = TEXTS[props.lang];
  const own = bookingTexts[props.lang];
  const zone = state.timeZone;
  const time = cardTimeWords(card.start, card.end, state.date, zone, props.lang);
  const call = card.lastCall;
  const callTime = call ? callTimeWords(call.at, state.date, zone, props.lang) : '';
  const waited =
    card.status === 'New' && state.now > 0 ? Math.max(0, Math.floor((state.now - Date.parse(card.requestedAt)) / 60_000)) : null;
  // A job still under way after its booked end: the manager may have the next car of its bay to call.
  const overran = card.status === 'InProgress' && state.now > 0 ? Math.floor((state.now - Date.parse(card.end)) / 60_000) : 0;
  return (
    <li
      class={`card card-${card.status}${props.pending ? ' is-pending' : ''}${props.fresh ? ' is-fresh' : ''}`}
      data-card-id={card.id}
      data-status={card.status}
      tabIndex={0}
      role="button"
      aria-label={`${time} ${card.clientName ?? ''}`}
      onClick$={() => {
        if (!justDragged()) state.openId = card.id;
      }}
      onKeyDown$={(event) => {
        if (event.key === 'Enter' || event.key === ' ') state.openId = card.id;
      }}
    >
      <div class="card-top">
        <span class="card-time">{time}</span>
        <span class={`channel channel-${card.channel}`} title={t.channels[card.channel]}>
          {icon(card.channel, 16, t.channels[card.channel])}
        </span>
      </div>
      <div class="card-service">{serviceNames(state.services, card.serviceIds)}</div>
      {(card.car || card.plate) && (
        <div class="card-car">
          {card.car}
          {card.car && card.plate ? ' · ' : ''}
          {card.plate && <span class="plate">{card.plate}</span>}
        </div>
      )}
      <div class="card-client">{card.clientName ?? t.card.erased}</div>
      {card.mechanicId && (
        <div class="card-mechanic" data-card-mechanic>
          {t.card.mechanic}: {mechanicName(state.mechanics, card.mechanicId)}
        </div>
      )}
      {call && (
        <div class={`card-call call-${call.outcome}`} data-last-call={call.outcome}>
          {icon('phoneCall', 14)} {own.outcomes[call.outcome]} {callTime}
        </div>
      )}
      {waited !== null && (
        <div class={waited >= 15 ? 'card-wait late' : 'card-wait'} data-waiting>
          {icon('clock', 14)} {t.board.waits} {minutesText(t, waited)}
        </div>
      )}
      {overran > 0 && (
        <div class="card-wait late" data-overran>
          {icon('clock', 14)} {t.board.overran} {minutesText(t, overran)}
        </div>
      )}
    </li>
  );
};

import { $, component$, useContext, useSignal, type QRL } from '@builder.io/qwik';
import { fill, LangContext, TEXTS, usePageTexts } from '../i18n';
import { api } from '../lib/api';
import { complianceTexts } from '../texts/compliance';
import { isOpen, say, sayFailure, stamp, useCompliance, type SubjectRequest } from './compliance-shared';

/**
 * The answer to an access request: prepare a draft of the person's trail, review it, release it
 * once (the bot sends it for a bot request; otherwise the officer downloads it and hands it over).
 */
export const TrailAnswer = component$(
  (props: { request: SubjectRequest; reviewed: Record<string, boolean>; onChange$: QRL<() => Promise<void>> }) => {
    const page = useCompliance();
    const lang = useContext(LangContext);
    const tx = usePageTexts(complianceTexts);
    const busy = useSignal(false);
    const { request } = props;
    const trail = request.trail;
    const locale = TEXTS[lang.value].locale;

    const call = $(async (path: string, body: unknown, done: 'prepared' | 'releasedToast') => {
      busy.value = true;
      try {
        await api(path, { method: 'POST', body });
        say(page, complianceTexts[lang.value].requests[done], 'ok');
        await props.onChange$();
      } catch (error) {
        sayFailure(page, error, lang.value);
      } finally {
        busy.value = false;
      }
    });

    return (
      <span class="cp-links" data-trail={trail?.status ?? 'none'}>
        <span class="muted">{tx.requests.trail}:</span>
        {trail?.status === 'erased' && <span>{tx.requests.erasedAnswer}</span>}
        {trail?.status === 'draft' && (
          <>
            <span class="muted">
              {fill(tx.requests.draft, { time: stamp(trail.preparedAt, page.timeZone, locale), n: trail.events })}
            </span>
            <a
              class="btn"
              href={trail.links.html}
              target="_blank"
              rel="noopener"
              data-trail-review
              onClick$={() => (props.reviewed[trail.id] = true)}
            >
              {tx.requests.review}
            </a>
            <button
              type="button"
              class="btn btn-primary"
              disabled={busy.value || !props.reviewed[trail.id]}
              title={props.reviewed[trail.id] ? undefined : tx.requests.reviewFirst}
              data-trail-release
              onClick$={() => call(trail.links.release, { exportId: trail.id }, 'releasedToast')}
            >
              {tx.requests.release}
            </button>
          </>
        )}
        {trail?.status === 'released' && (
          <>
            <span data-trail-delivery={trail.delivery.status ?? ''}>
              {fill(tx.requests.releasedAt, { time: stamp(trail.releasedAt, page.timeZone, locale) })} ·{' '}
              {tx.requests.delivery[trail.delivery.channel]}
              {trail.delivery.status && `: ${tx.requests.deliveryStatus[trail.delivery.status]}`}
              {trail.delivery.error && ` (${trail.delivery.error})`}
            </span>
            {trail.delivery.channel === 'download' && (
              <a class="btn" href={trail.links.download} data-trail-download>
                {tx.requests.download}
              </a>
            )}
          </>
        )}
        {isOpen(request) && trail?.status !== 'released' && (
          <button
            type="button"
            class="btn"
            disabled={busy.value}
            data-trail-prepare
            onClick$={() => call(`/api/compliance/requests/${request.id}/trail`, undefined, 'prepared')}
          >
            {trail ? tx.requests.prepareAgain : tx.requests.prepare}
          </button>
        )}
      </span>
    );
  },
);

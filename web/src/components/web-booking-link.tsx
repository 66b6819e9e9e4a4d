import { $, component$, useSignal, useVisibleTask$ } from '@builder.io/qwik';
import { usePageTexts } from '../i18n';
import { webBookingLinkTexts } from '../texts/web-booking-link';

/**
 * The owner's handout for the public booking page of a branch: its link, and the frame to paste
 * into the station's own site (the page allows being framed; nothing else of the panel does).
 */
export const WebBookingLink = component$((props: { branchId: string }) => {
  const t = usePageTexts(webBookingLinkTexts);
  const origin = useSignal('');
  const copied = useSignal('');
  // The address the owner hands out is the one the panel is reached at, known only in the browser.
  useVisibleTask$(
    () => {
      origin.value = window.location.origin;
    },
    { strategy: 'document-ready' },
  );
  const link = `${origin.value}/book?branch=${props.branchId}`;
  const snippet = `<iframe src="${link}" title="${t.title}" style="width:100%;min-height:900px;border:0" loading="lazy"></iframe>`;

  const copy = $(async (what: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      copied.value = what;
    } catch {
      copied.value = '';
    }
  });

  return (
    <section class="panel-box" data-web-booking-link>
      <h2>{t.title}</h2>
      <p class="hint">{t.intro}</p>
      {/* Drawn once the address is known: a link without its host is nothing to hand out. */}
      {origin.value && (
        <>
          <label class="field">
            <span>{t.link}</span>
            <input readOnly value={link} data-web-booking-url />
          </label>
          <div class="row-actions">
            <a class="btn" href={link} target="_blank" rel="noopener">
              {t.open}
            </a>
            <button type="button" class="btn" onClick$={() => copy('link', link)}>
              {copied.value === 'link' ? t.copied : t.copy}
            </button>
          </div>
          <label class="field">
            <span>{t.embed}</span>
            <textarea readOnly rows={3} value={snippet} data-web-booking-embed />
          </label>
          <p class="hint">{t.embedHint}</p>
          <div class="row-actions">
            <button type="button" class="btn" onClick$={() => copy('embed', snippet)}>
              {copied.value === 'embed' ? t.copied : t.copy}
            </button>
          </div>
        </>
      )}
      <p class="hint">{t.sources}</p>
    </section>
  );
});

/** Renders a page (per request, in the API process); the browser resumes it. */
import { renderToStream, type RenderToStreamOptions } from '@builder.io/qwik/server';
import Root from './root';

export default function (opts: RenderToStreamOptions) {
  return renderToStream(<Root />, {
    ...opts,
    containerAttributes: { lang: opts.serverData?.locale === 'en' ? 'en' : 'ru', ...opts.containerAttributes },
    // No idle preloading: only what a page runs on load, and what a tap needs, is fetched.
    preloader: false,
    serverData: { ...opts.serverData },
  });
}

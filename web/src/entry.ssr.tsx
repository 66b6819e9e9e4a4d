/** Renders each route once at build time (static adapter); the browser resumes it. */
import { renderToStream, type RenderToStreamOptions } from '@builder.io/qwik/server';
import Root from './root';

export default function (opts: RenderToStreamOptions) {
  return renderToStream(<Root />, {
    ...opts,
    containerAttributes: { lang: 'ru', ...opts.containerAttributes },
    // No idle preloading: only what a page runs on load, and what a tap needs, is fetched.
    preloader: false,
    serverData: { ...opts.serverData },
  });
}

import { component$, useContext } from '@builder.io/qwik';
import { QwikCityProvider, RouterOutlet, useLocation } from '@builder.io/qwik-city';
import { LangContext, useLangProvider } from './i18n';
import { documentTitle } from './lib/title';
import './global.css';

const Head = component$(() => {
  const location = useLocation();
  const lang = useContext(LangContext);
  return (
    <>
      <title>{documentTitle(location.url.pathname, lang.value)}</title>
      <meta name="robots" content="noindex" />
    </>
  );
});

export default component$(() => {
  useLangProvider();
  return (
    <QwikCityProvider>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Head />
      </head>
      <body>
        <RouterOutlet />
      </body>
    </QwikCityProvider>
  );
});

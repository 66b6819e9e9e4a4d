import { $, component$, Slot, useContext, useContextProvider, useSignal, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { routeLoader$, useLocation, type RequestHandler } from '@builder.io/qwik-city';
import { LangContext, TEXTS, useT, type Lang } from '../i18n';
import { api } from '../lib/api';
import { startHeartbeats } from '../lib/heartbeat';
import { revealCurrentItem } from '../lib/nav-scroll';
import type { Me } from '../lib/types';
import type { InboxThreadsView } from '../../../contract/inbox';
import { icon } from '../components/icons';
import { navFor, SessionContext, type SessionState } from '../components/session';
import { LANG_COOKIE } from '../../../contract/panel-render.ts';
import { panelRender, readForRender } from '../lib/render-context';

/** Qwik's own inline scripts carry the request's CSP nonce (the API sends the matching policy). */
export const onRequest: RequestHandler = (event) => {
  const render = panelRender(event);
  if (!render) return;
  event.sharedMap.set('@nonce', render.nonce);
  // The page renders in the person's language (root.tsx reads it as the render's locale).
  event.locale(render.lang);
};

/** Who is signed in, known before the first byte of the page. */
export const useSignedIn = routeLoader$(async (event) => {
  const staff = !event.url.pathname.startsWith('/login') && !event.url.pathname.startsWith('/book');
  return staff ? await readForRender<Me>(event, '/api/auth/me') : null;
});

export default component$(() => {
  const t = useT();
  const lang = useContext(LangContext);
  const signedIn = useSignedIn();
  const session = useStore<SessionState>({ me: signedIn.value });
  // The header's badge: open tasks past their due time in the user's branches.
  const overdue = useStore({ count: 0 });
  // …and messages from clients nobody has opened yet.
  const unread = useStore({ count: 0 });
  useContextProvider(SessionContext, session);
  const navRef = useSignal<HTMLElement>();
  const location = useLocation();
  const onLogin = location.url.pathname.startsWith('/login');
  // The public booking page: a client, not staff; no session, no menu.
  const onPublic = location.url.pathname.startsWith('/book');
  const outside = onLogin || onPublic;

  // One task for the header's badges and the working-time heartbeat (one script to load, not three):
  // open tasks past their due time in the user's branches, messages from clients nobody has opened
  // yet, and an active panel saying so every minute (visible page, touched lately).
  useVisibleTask$(({ track, cleanup }) => {
    const me = track(() => session.me);
    if (!me) return;
    revealCurrentItem(navRef.value);
    const nav = navFor(me.role);
    const timers: ReturnType<typeof setInterval>[] = [];
    const every = (ms: number, read: () => Promise<unknown>) => {
      void read().catch(() => undefined);
      timers.push(setInterval(() => void read().catch(() => undefined), ms));
    };
    if (nav.includes('tasks'))
      every(60_000, () => api<{ count: number }>('/api/tasks/overdue').then((answer) => (overdue.count = answer.count)));
    if (nav.includes('inbox')) {
      every(30_000, () =>
        api<InboxThreadsView>('/api/inbox').then(
          (answer) => (unread.count = answer.threads.reduce((sum, thread) => sum + thread.unread, 0)),
        ),
      );
    }
    const stopHeartbeats =
      me.role === 'compliance' ? null : startHeartbeats(() => api('/api/work-time/heartbeat', { method: 'POST' }));
    cleanup(() => {
      for (const timer of timers) clearInterval(timer);
      stopHeartbeats?.();
    });
  });

  const switchLang = $(() => {
    const next: Lang = lang.value === 'ru' ? 'en' : 'ru';
    lang.value = next;
    document.cookie = `${LANG_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    // The head's title follows the language by itself; the container's lang attribute does not.
    document.documentElement.lang = next;
  });

  const logout = $(async () => {
    await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
    window.location.assign('/login');
  });

  const current = location.url.pathname.replace(/\/$/, '');
  return (
    <div class="app">
      <header class="topbar">
        {/* A client on the booking page is at the station's, not the software's: its name is the page's heading. */}
        {!onPublic && (
          <a class="brand" href={onLogin ? '/login' : '/board'}>
            <span class="brand-mark" aria-hidden="true">
              Z
            </span>
            <span class="brand-name">{t.app}</span>
          </a>
        )}
        {!outside && (
          <nav class="nav" aria-label="main" ref={navRef}>
            {navFor(session.me?.role).map((item) => (
              <a key={item} href={`/${item}`} class={{ 'nav-link': true, active: current === `/${item}` }} data-nav={item}>
                {t.nav[item]}
                {item === 'tasks' && overdue.count > 0 && (
                  <span class="nav-badge" data-overdue-badge aria-label={`${t.nav.tasks}: ${overdue.count}`}>
                    {overdue.count}
                  </span>
                )}
                {item === 'inbox' && unread.count > 0 && (
                  <span class="nav-badge" data-unread-badge aria-label={`${t.nav.inbox}: ${unread.count}`}>
                    {unread.count}
                  </span>
                )}
              </a>
            ))}
          </nav>
        )}
        <div class="topbar-end">
          {session.me && (
            <a
              class={{ who: true, active: current === '/account' }}
              href="/account"
              title={session.me.email}
              aria-label={`${t.nav.account}: ${TEXTS[lang.value].roles[session.me.role]}`}
              data-account-link
            >
              {icon('person', 18)}
              <span class="who-role">{TEXTS[lang.value].roles[session.me.role]}</span>
            </a>
          )}
          <button type="button" class="btn btn-quiet" onClick$={switchLang} aria-label={t.langSwitchLabel} data-lang-switch>
            {t.langSwitch}
          </button>
          {!outside && (
            <button type="button" class="btn btn-quiet" onClick$={logout} data-logout>
              {t.nav.logout}
            </button>
          )}
        </div>
      </header>
      <main class="main">
        <Slot />
      </main>
    </div>
  );
});

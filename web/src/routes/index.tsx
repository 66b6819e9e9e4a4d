import { component$, useContext } from '@builder.io/qwik';
import { useT } from '../i18n';
import { navFor, SessionContext } from '../components/session';

/** The server sends signed-in staff straight to their board; this page is what is left for other roles. */
export default component$(() => {
  const t = useT();
  const session = useContext(SessionContext);
  const items = navFor(session.me?.role);
  return (
    <section class="page narrow">
      {session.me && items.length === 0 && <p class="muted">{t.nothingHere}</p>}
      <ul class="home-links">
        {items.map((item) => (
          <li key={item}>
            <a class="btn btn-primary" href={`/${item}`}>
              {t.nav[item]}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
});

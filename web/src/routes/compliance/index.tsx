import { component$, useContextProvider, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { AccessTab } from '../../components/compliance-access';
import { ActsTab } from '../../components/compliance-acts';
import { ClientTab } from '../../components/compliance-client';
import { IncidentsTab } from '../../components/compliance-incidents';
import { LogsTab } from '../../components/compliance-logs';
import { RequestsTab } from '../../components/compliance-requests';
import { ComplianceContext, isTab, showTab, TABS, type ComplianceState } from '../../components/compliance-shared';
import { TextsTab } from '../../components/compliance-texts';
import { Toast } from '../../components/toast';
import { usePageTexts } from '../../i18n';
import { api } from '../../lib/api';
import type { Branch } from '../../lib/types';
import { complianceTexts } from '../../texts/compliance';

/**
 * The compliance officer's desk (152-FZ): subject requests with their deadlines, one client's
 * consents, blocking, export and erasure, the tamper-evident logs, who has access, incidents,
 * destruction acts with retention, and the station's texts. One page, one tab at a time (?tab=);
 * each tab is its own component, so its code is fetched only when it is opened.
 */
export default component$(() => {
  const tx = usePageTexts(complianceTexts);
  const page = useStore<ComplianceState>({
    tab: '',
    denied: false,
    clientId: '',
    timeZone: 'Europe/Moscow',
    branches: [],
    now: Date.now(),
    toast: null,
  });
  useContextProvider(ComplianceContext, page);

  useVisibleTask$(
    ({ cleanup }) => {
      const fromAddress = () => {
        const url = new URL(window.location.href);
        const tab = url.searchParams.get('tab');
        page.clientId = url.searchParams.get('id') ?? '';
        page.tab = isTab(tab) ? tab : 'requests';
      };
      fromAddress();
      window.addEventListener('popstate', fromAddress);
      const ticker = setInterval(() => (page.now = Date.now()), 30_000);
      cleanup(() => {
        window.removeEventListener('popstate', fromAddress);
        clearInterval(ticker);
      });
      // Every role may read the branches; the station's zone is its first branch's, as the API's.
      void api<Branch[]>('/api/branches')
        .then((branches) => {
          page.branches = branches.map(({ id, name }) => ({ id, name }));
          if (branches[0]) page.timeZone = branches[0].timeZone;
        })
        .catch(() => undefined);
    },
    { strategy: 'document-ready' },
  );

  return (
    <section class="page cp-page" data-compliance data-tab={page.tab} data-denied={page.denied ? 'true' : undefined}>
      <h1>{tx.title}</h1>
      {page.denied ? (
        <div class="cp-denied" role="alert" data-no-access>
          <h2>{tx.noAccessTitle}</h2>
          <p>{tx.noAccess}</p>
        </div>
      ) : (
        <>
          <nav class="cp-tabs" aria-label={tx.title}>
            {TABS.map((tab) => (
              <a
                key={tab}
                href={`/compliance?tab=${tab}`}
                class={{ 'cp-tab': true, active: page.tab === tab }}
                aria-current={page.tab === tab ? 'page' : undefined}
                data-cp-tab={tab}
                preventdefault:click
                onClick$={() => showTab(page, tab, tab === 'client' && page.clientId ? { id: page.clientId } : {})}
              >
                {tx.tabs[tab]}
              </a>
            ))}
          </nav>
          {page.tab === '' && <p class="muted">{tx.loading}</p>}
          {page.tab === 'requests' && <RequestsTab />}
          {page.tab === 'client' && <ClientTab />}
          {page.tab === 'logs' && <LogsTab />}
          {page.tab === 'access' && <AccessTab />}
          {page.tab === 'incidents' && <IncidentsTab />}
          {page.tab === 'acts' && <ActsTab />}
          {page.tab === 'texts' && <TextsTab />}
        </>
      )}
      <Toast toast={page.toast} />
    </section>
  );
});

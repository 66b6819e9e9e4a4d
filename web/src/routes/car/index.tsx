import { component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import type { CarRecordView } from '../../../../contract/cars';
import { fill, LangContext, TEXTS, usePageTexts, useT, type Status } from '../../i18n';
import { api, problemText } from '../../lib/api';
import { roublesText } from '../../lib/roubles';
import type { Branch } from '../../lib/types';
import { dayWords } from '../../lib/words';
import { carTexts } from '../../texts/car';
import { clientTexts } from '../../texts/client';
import { workOrderTexts } from '../../texts/work-order';

type CarState = { car: CarRecordView | null; error: string; zones: Record<string, string> };

const FALLBACK_ZONE = 'Europe/Moscow';

/**
 * A car as its own record: what it is, who brought it, every visit with the works and parts done
 * and the odometer read, whoever the owner was then. Opened by its plate from a client's card.
 */
export default component$(() => {
  const t = useT();
  const ct = usePageTexts(carTexts);
  const lang = useContext(LangContext);
  const state = useStore<CarState>({ car: null, error: '', zones: {} });

  useVisibleTask$(
    async () => {
      const plate = new URLSearchParams(window.location.search).get('plate')?.trim() ?? '';
      if (!plate) {
        state.error = carTexts[lang.value].noPlate;
        return;
      }
      try {
        const [car, branches] = await Promise.all([
          api<CarRecordView>(`/api/cars/${encodeURIComponent(plate)}`),
          api<Branch[]>('/api/branches'),
        ]);
        state.zones = Object.fromEntries(branches.map((branch) => [branch.id, branch.timeZone]));
        state.car = car;
      } catch (error) {
        state.error = problemText(error, TEXTS[lang.value].errors);
      }
    },
    { strategy: 'document-ready' },
  );

  const car = state.car;
  const back = (
    <a class="back-link" href="/clients">
      ‹ {clientTexts[lang.value].back}
    </a>
  );
  if (!car) {
    return (
      <section class="page car-page narrow">
        {back}
        {state.error ? (
          <p class="form-error" role="alert" data-car-error>
            {state.error}
          </p>
        ) : (
          <p class="muted">{clientTexts[lang.value].loading}</p>
        )}
      </section>
    );
  }

  const zoneOf = (branchId: string) => state.zones[branchId] ?? FALLBACK_ZONE;
  const firstZone = Object.values(state.zones)[0] ?? FALLBACK_ZONE;
  const km = (value: number) => new Intl.NumberFormat(t.locale).format(value);
  /** A calendar date (no zone) in words: «2 января 2028 г.». */
  const plainDate = (date: string) =>
    new Intl.DateTimeFormat(t.locale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
      Date.parse(`${date}T00:00:00Z`),
    );
  const money = (kopecks: number) => `${roublesText(kopecks, t.locale)} ${ct.rub}`;
  const last = car.readings[0];
  const wt = workOrderTexts[lang.value];

  return (
    <section class="page car-page narrow" data-car={car.plate}>
      {back}
      <header class="client-head">
        <h1>
          <span class="plate plate-large" data-car-plate>
            {car.plate}
          </span>{' '}
          <span data-car-name>{[car.make, car.model, car.year].filter(Boolean).join(' ')}</span>
        </h1>
      </header>

      <div class="client-top">
        <section class="panel-box" aria-label={ct.vin}>
          <h2>{ct.vin}</h2>
          <p class="car-vin" data-car-vin>
            {car.vin ?? ct.noVin}
          </p>
          <h2>{ct.mileage}</h2>
          {last ? (
            <p data-car-mileage>
              {fill(ct.lastReading, { km: km(last.km), date: dayWords(last.at, firstZone, lang.value) })}
              {car.averageDailyKm !== null && (
                <>
                  <br />
                  <span class="muted" data-car-per-day>
                    {fill(ct.perDay, { km: km(car.averageDailyKm) })}
                  </span>
                </>
              )}
            </p>
          ) : (
            <p class="muted">{ct.noReadings}</p>
          )}
        </section>
        <section class="panel-box" aria-label={ct.owners}>
          <h2>{ct.owners}</h2>
          <ul class="car-owners" data-car-owners>
            {car.owners.map((owner) => (
              <li key={owner.clientId} data-car-owner={owner.name ?? ''}>
                {owner.name ? <a href={`/client?id=${owner.clientId}`}>{owner.name}</a> : <span>{ct.erasedOwner}</span>}{' '}
                <span class="muted">
                  {owner.lastVisit
                    ? fill(ct.lastVisit, { date: dayWords(owner.lastVisit, firstZone, lang.value) })
                    : ct.noVisitsYet}
                </span>
              </li>
            ))}
          </ul>
        </section>
      </div>

      {car.maintenance.length > 0 && (
        <section class="panel-box" aria-label={ct.maintenance}>
          <h2>{ct.maintenance}</h2>
          <ul class="car-maintenance" data-car-maintenance>
            {car.maintenance.map((work) => (
              <li key={work.serviceId} data-maintenance={work.name} data-due={work.due ? 'yes' : 'no'}>
                <strong>{work.name}</strong> {work.due && <span class="status-pill status-New">{ct.dueNow}</span>}{' '}
                <span class="muted">
                  {fill(ct.lastDone, { date: dayWords(work.lastDone, firstZone, lang.value) })};{' '}
                  {fill(ct.dueBy, {
                    when: [
                      work.dueDate ? fill(ct.dueDate, { date: plainDate(work.dueDate) }) : '',
                      work.dueKm !== null ? fill(ct.dueKm, { km: km(work.dueKm) }) : '',
                    ]
                      .filter(Boolean)
                      .join(ct.or),
                  })}
                  {work.kmNow !== null && <> ({fill(ct.kmNow, { km: km(work.kmNow) })})</>}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section class="client-bookings">
        <h2>{ct.visits}</h2>
        {car.visits.length === 0 && <p class="muted">{ct.noVisits}</p>}
        <ol class="car-visits" data-car-visits>
          {car.visits.map((visit) => (
            <li key={visit.bookingId} class="panel-box car-visit" data-car-visit={visit.bookingId}>
              <p class="car-visit-head">
                <strong>{dayWords(visit.start, zoneOf(visit.branchId), lang.value)}</strong>{' '}
                <span class={`status-pill status-${visit.status}`}>{t.status[visit.status as Status] ?? ''}</span>{' '}
                <span>{visit.clientName ?? ct.erasedOwner}</span>
              </p>
              {visit.workOrder ? (
                <>
                  <p class="muted" data-car-order>
                    {fill(ct.order, { number: visit.workOrder.number })} ·{' '}
                    {wt.status[visit.workOrder.status as keyof typeof wt.status] ?? ''}
                    {visit.workOrder.odometerKm !== null && <> · {fill(ct.odometer, { km: km(visit.workOrder.odometerKm) })}</>}
                  </p>
                  <ul class="car-lines">
                    {visit.workOrder.lines.map((line, i) => (
                      <li key={i} data-car-line={line.kind}>
                        {line.kind === 'part' ? ct.part : ct.work}: {line.name}
                        {line.article && <span class="muted"> ({line.article})</span>} — {money(line.amountKopecks)}
                      </li>
                    ))}
                  </ul>
                  <p>
                    {ct.total}: <strong data-car-total>{money(visit.workOrder.totalKopecks)}</strong>
                  </p>
                </>
              ) : (
                <p class="muted">{ct.noOrder}</p>
              )}
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
});

import { component$, useContext, useSignal, useStore, useTask$ } from '@builder.io/qwik';
import { isServer } from '@builder.io/qwik/build';
import type { WorkOrder } from '../../../contract/work-orders.ts';
import { api } from '../lib/api';
import { kopecksOf } from '../lib/roubles';
import type { Service } from '../lib/types';
import { LangContext } from '../i18n';
import { workOrderTexts } from '../texts/work-order';
import type { ActOnOrder } from './work-order-act';

/** «1», «1,5», «0.25»: a quantity as people type it; null when it is not a positive number. */
const quantityOf = (typed: string): number | null => {
  const text = typed.replace(/\s/g, '').replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,3})?$/.test(text)) return null;
  const value = Number(text);
  return value > 0 ? value : null;
};

/**
 * Adding to the work order at the desk or by the car: a work from the branch's price list (its
 * price fixed or by the branch's rate per norm-hour, as the server prices it) or a part with its
 * article and price. A bad quantity or sum is said here, before anything is sent.
 */
export const WorkOrderAddLines = component$((props: { order: WorkOrder; busy: boolean; act: ActOnOrder }) => {
  const lang = useContext(LangContext);
  const t = workOrderTexts[lang.value];
  const services = useSignal<Service[]>([]);
  const work = useStore({ serviceId: '', quantity: '1', problem: '' });
  const part = useStore({ name: '', article: '', quantity: '1', price: '', problem: '' });

  useTask$(async ({ track }) => {
    const branchId = track(() => props.order.branchId);
    if (isServer) return;
    services.value = await api<Service[]>(`/api/services?branchId=${branchId}`).catch(() => []);
    // Read again whenever the order changes: the work the manager picked stays picked.
    if (!services.value.some((service) => service.id === work.serviceId)) work.serviceId = services.value[0]?.id ?? '';
  });

  const path = `/api/work-orders/${props.order.id}`;
  return (
    <div class="wo-add" data-wo-add>
      {services.value.length > 0 && (
        <form
          class="wo-add-form"
          data-add-work
          preventdefault:submit
          onSubmit$={async () => {
            const quantity = quantityOf(work.quantity);
            work.problem = quantity === null ? t.badQuantity : '';
            if (quantity === null) return;
            const added = await props.act({
              path: `${path}/works`,
              body: { serviceId: work.serviceId, quantity },
              done: t.lineAdded,
            });
            if (added) work.quantity = '1';
          }}
        >
          <label class="field">
            <span>{t.service}</span>
            <select data-work-service onChange$={(_, el) => (work.serviceId = el.value)}>
              {services.value.map((service) => (
                <option key={service.id} value={service.id} selected={service.id === work.serviceId}>
                  {service.name}
                </option>
              ))}
            </select>
          </label>
          <label class="field wo-qty">
            <span>{t.workQuantity}</span>
            <input
              inputMode="decimal"
              maxLength={10}
              value={work.quantity}
              aria-invalid={work.problem ? 'true' : undefined}
              onInput$={(_, el) => (work.quantity = el.value)}
              data-work-quantity
            />
          </label>
          <button type="submit" class="btn" disabled={props.busy || !work.serviceId} data-add-work-submit>
            {t.addWork}
          </button>
          {work.problem && (
            <p class="field-error" role="alert">
              {work.problem}
            </p>
          )}
        </form>
      )}
      <details class="wo-add-part">
        <summary>{t.addPart}</summary>
        <form
          class="wo-add-form"
          data-add-part
          preventdefault:submit
          onSubmit$={async () => {
            const quantity = quantityOf(part.quantity);
            const price = kopecksOf(part.price);
            part.problem = quantity === null ? t.badQuantity : price === null ? t.badSum : '';
            if (quantity === null || price === null || !part.name.trim()) return;
            const added = await props.act({
              path: `${path}/parts`,
              body: {
                name: part.name.trim(),
                ...(part.article.trim() ? { article: part.article.trim() } : {}),
                quantity,
                unitPriceKopecks: price,
              },
              done: t.lineAdded,
            });
            if (added) Object.assign(part, { name: '', article: '', quantity: '1', price: '' });
          }}
        >
          <label class="field wo-part-name">
            <span>{t.partName}</span>
            <input required maxLength={200} value={part.name} onInput$={(_, el) => (part.name = el.value)} data-part-name />
          </label>
          <label class="field">
            <span>{t.article}</span>
            <input maxLength={60} value={part.article} onInput$={(_, el) => (part.article = el.value)} data-part-article />
          </label>
          <label class="field wo-qty">
            <span>{t.quantity}</span>
            <input
              inputMode="decimal"
              maxLength={10}
              value={part.quantity}
              onInput$={(_, el) => (part.quantity = el.value)}
              data-part-quantity
            />
          </label>
          <label class="field wo-sum">
            <span>{t.unitPrice}</span>
            <input
              inputMode="decimal"
              required
              maxLength={14}
              value={part.price}
              aria-invalid={part.problem === t.badSum ? 'true' : undefined}
              onInput$={(_, el) => (part.price = el.value)}
              data-part-price
            />
          </label>
          <button type="submit" class="btn" disabled={props.busy} data-add-part-submit>
            {t.add}
          </button>
          {part.problem && (
            <p class="field-error" role="alert">
              {part.problem}
            </p>
          )}
        </form>
      </details>
    </div>
  );
});

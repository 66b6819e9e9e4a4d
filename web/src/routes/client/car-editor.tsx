import { component$, useContext, useStore, type QRL } from '@builder.io/qwik';
import type { Car } from '../../../../contract/clients';
import { icon } from '../../components/icons';
import { TextField } from '../../components/text-field';
import { LangContext, usePageTexts } from '../../i18n';
import { api } from '../../lib/api';
import { refusalOf } from '../../lib/refusal';
import { takeShown } from '../../lib/shown-fields';
import { clientTexts } from '../../texts/client';

/**
 * The client's cars, and a form to add one (POST /api/clients/:id/cars). The plate is what tells
 * one car from another, so the form asks for it first; the server normalises it (Latin look-alikes,
 * «RUS») and answers with the car as stored, which the list shows at once.
 */
export const CarEditor = component$(
  (props: { clientId: string; cars: Car[]; canEdit: boolean; onAdded$: QRL<(car: Car) => void> }) => {
    const lang = useContext(LangContext);
    const ct = usePageTexts(clientTexts);
    const form = useStore({ open: false, plate: '', make: '', model: '', year: '', error: '', busy: false });

    return (
      <section class="panel-box" aria-label={ct.cars}>
        <h2>{ct.cars}</h2>
        {props.cars.length ? (
          <ul class="client-car-list" data-cars>
            {props.cars.map((car) => (
              <li key={car.id}>
                {icon('car', 18)} {[car.make, car.model, car.year].filter(Boolean).join(' ') || '—'}{' '}
                {car.plate && (
                  // The car's own record: every visit of it, whoever brought it.
                  <a
                    class="car-link"
                    href={`/car?plate=${encodeURIComponent(car.plate)}`}
                    data-car-link={car.plate}
                    title={ct.carHistory}
                  >
                    <span class="plate">{car.plate}</span>
                  </a>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{ct.noCars}</p>
        )}
        {form.open ? (
          <form
            class="profile-form"
            preventdefault:submit
            data-car-form
            onSubmit$={async (_, element) => {
              takeShown(element, form);
              form.busy = true;
              form.error = '';
              try {
                const body = {
                  plate: form.plate,
                  ...(form.make.trim() ? { make: form.make } : {}),
                  ...(form.model.trim() ? { model: form.model } : {}),
                  ...(form.year.trim() ? { year: Number(form.year.trim()) } : {}),
                };
                const saved = await api<{ car: Car; added: boolean }>(`/api/clients/${props.clientId}/cars`, {
                  method: 'POST',
                  body,
                });
                if (saved.added) {
                  await props.onAdded$(saved.car);
                  form.open = false;
                } else form.error = ct.carKnown;
              } catch (error) {
                form.error = refusalOf(error, lang.value).text;
              } finally {
                form.busy = false;
              }
            }}
          >
            <TextField label={ct.plate} name="plate" store={form} required maxLength={20} />
            <TextField label={ct.make} name="make" store={form} maxLength={60} />
            <TextField label={ct.model} name="model" store={form} maxLength={60} />
            <TextField label={ct.year} name="year" store={form} maxLength={4} inputMode="numeric" pattern="[0-9]{4}" />
            {form.error && (
              <p class="form-error" role="alert">
                {form.error}
              </p>
            )}
            <div class="form-actions">
              <button type="button" class="btn" onClick$={() => (form.open = false)}>
                {ct.cancel}
              </button>
              <button type="submit" class="btn btn-primary" disabled={form.busy} data-save-car>
                {ct.save}
              </button>
            </div>
          </form>
        ) : (
          props.canEdit && (
            <button
              type="button"
              class="btn"
              data-add-car
              onClick$={() => {
                Object.assign(form, { plate: '', make: '', model: '', year: '', error: '', open: true });
              }}
            >
              + {ct.addCar}
            </button>
          )
        )}
      </section>
    );
  },
);

import { $, component$, useSignal, useVisibleTask$ } from '@builder.io/qwik';
import type { Branch } from '../../../contract/catalog.ts';
import type { FirstRunProgress } from '../../../contract/first-run.ts';
import type { DemoStatus } from '../../../contract/setup.ts';
import { fill, usePageTexts } from '../i18n';
import { api } from '../lib/api';
import { firstRunTexts } from '../texts/first-run';
import { DemoControl, StationTemplatePicker } from './setup-controls';

/**
 * The owner's first steps on the board, until every step is done or the owner hides it. Progress
 * is the server's: it follows what the station has done, on whichever tablet it was done.
 */
export const FirstRunGuide = component$(() => {
  const t = usePageTexts(firstRunTexts);
  const progress = useSignal<FirstRunProgress | null>(null);
  // The station's own first branch: where a template from the guide goes.
  const ownBranch = useSignal<string | null>(null);

  useVisibleTask$(async () => {
    const [found, branches, demo] = await Promise.all([
      api<FirstRunProgress>('/api/first-run').catch(() => null),
      api<Branch[]>('/api/branches').catch(() => []),
      api<DemoStatus>('/api/demo').catch(() => null),
    ]);
    ownBranch.value = branches.find((branch) => branch.id !== demo?.branchId)?.id ?? null;
    progress.value = found;
  });

  const confirm = $(async (step: 'branch' | 'dismissed') => {
    progress.value = await api<FirstRunProgress>(`/api/first-run/${step}`, { method: 'POST' }).catch(() => progress.value);
  });

  const current = progress.value;
  if (!current || current.dismissed || current.steps.every((one) => one.done)) return null;
  const done = current.steps.filter((one) => one.done).length;
  return (
    <section class="first-run" aria-labelledby="first-run-title" data-first-run>
      <div class="first-run-head">
        <h2 id="first-run-title">{t.title}</h2>
        <span class="muted" data-first-run-progress>
          {fill(t.progress, { done, total: current.steps.length })}
        </span>
        <button type="button" class="btn btn-quiet" onClick$={() => confirm('dismissed')} data-first-run-hide>
          {t.hide}
        </button>
      </div>
      <ol class="first-run-steps">
        {current.steps.map(({ step, done: isDone }) => {
          const words = t.steps[step];
          return (
            <li key={step} class={{ 'is-done': isDone }} data-first-run-step={step} data-done={isDone ? '' : undefined}>
              <span class="first-run-mark" aria-hidden="true">
                {isDone ? '✓' : ''}
              </span>
              <span class="first-run-text">{words.text}</span>
              {!isDone && words.href && (
                <a class="btn" href={words.href}>
                  {words.link}
                </a>
              )}
              {!isDone && step === 'branch' && (
                <button type="button" class="btn btn-primary" onClick$={() => confirm('branch')} data-first-run-confirm>
                  {t.confirm}
                </button>
              )}
              {!isDone && step === 'branch' && ownBranch.value && <StationTemplatePicker branchId={ownBranch.value} />}
            </li>
          );
        })}
      </ol>
      <DemoControl />
    </section>
  );
});

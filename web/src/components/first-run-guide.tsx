import { $, component$, useSignal } from '@builder.io/qwik';
import type { Branch } from '../../../contract/catalog.ts';
import type { FirstRunProgress } from '../../../contract/first-run.ts';
import type { DemoStatus } from '../../../contract/setup.ts';
import { fill, usePageTexts } from '../i18n';
import { api } from '../lib/api';
import type { ApiRead } from '../lib/render-context';
import { firstRunTexts } from '../texts/first-run';
import { DemoControl, StationTemplatePicker } from './setup-controls';

/** What the guide starts from: the station's progress, its own first branch and the demo's state. */
export type FirstRunStart = {
  progress: FirstRunProgress;
  /** The station's own first branch: where a template from the guide goes. */
  ownBranch: string | null;
  demo: DemoStatus | null;
};

/**
 * Read with the page (the owner's only; anyone else gets null), so the server draws the guide. A
 * guide done or hidden costs the board one read, not three.
 */
export const readFirstRun = async (read: ApiRead): Promise<FirstRunStart | null> => {
  const progress = await read<FirstRunProgress>('/api/first-run');
  if (!progress || progress.dismissed || progress.steps.every((one) => one.done)) return null;
  const [branches, demo] = await Promise.all([read<Branch[]>('/api/branches'), read<DemoStatus>('/api/demo')]);
  return { progress, ownBranch: (branches ?? []).find((branch) => branch.id !== demo?.branchId)?.id ?? null, demo };
};

/**
 * The owner's first steps on the board, until every step is done or the owner hides it. Progress
 * is the server's: it follows what the station has done, on whichever tablet it was done.
 */
export const FirstRunGuide = component$((props: { start: FirstRunStart }) => {
  const t = usePageTexts(firstRunTexts);
  const progress = useSignal<FirstRunProgress | null>(props.start.progress);
  const ownBranch = props.start.ownBranch;

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
              {!isDone && step === 'branch' && ownBranch && <StationTemplatePicker branchId={ownBranch} />}
            </li>
          );
        })}
      </ol>
      <DemoControl status={props.start.demo} />
    </section>
  );
});

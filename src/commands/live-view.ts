import type { LoadProgress } from '../measure/drivers/load-result.js';
import type { LiveStage, LiveTrialInfo } from '../measure/live/live-observer.js';
import type { RecentWindow } from '../measure/live/recent-figures.js';
import { formatLatency, formatRps, groupThousands } from '../text/format.js';

/** What the live block shows of the trial running now. */
export interface LiveView {
  /** The progress line's text: which trial, its phase, how far. */
  heading: string;
  progress: LoadProgress;
  info: LiveTrialInfo;
  recent: RecentWindow;
}

/** Where a staged trial is: stage `index` (0-based) of `count`, `intoMs` into it. */
export interface StagePosition {
  index: number;
  count: number;
  stage: LiveStage;
  /** Where the stage starts from: the previous stage's target, or the trial's own start value. */
  from: number | undefined;
  intoMs: number;
}

/**
 * The live block on a terminal while a trial runs: the progress line, the last second's
 * figures, and for a staged trial the stage it is in. Pure: lines in, no escape codes (the
 * printer rewrites them in place).
 */
export function renderLiveBlock(view: LiveView): string[] {
  const { recent } = view;
  const errors = `${groupThousands(recent.errors)} error${recent.errors === 1 ? '' : 's'} (${groupThousands(recent.errorsInAll)} in all)`;
  const lines = [
    view.heading,
    `  last second: ${formatRps(recent.rps)} req/s · p50 ${formatLatency(recent.p50Ms)} · p99 ${formatLatency(recent.p99Ms)} · ${errors}`,
  ];
  const stages = view.info.stages;
  if (stages && stages.length > 0) {
    const unit = view.info.model === 'open' ? 'req/s' : 'connections';
    const position = view.progress.phase === 'warmup' ? undefined : stageAt(stages, view.progress.elapsedMs - view.info.warmupMs);
    lines.push(
      position
        ? `  stage ${position.index + 1} of ${position.count}: ${position.from === position.stage.target ? 'holding' : 'to'} ${groupThousands(position.stage.target)} ${unit}, ${seconds(position.intoMs)} of ${seconds(position.stage.durationMs)} s`
        : `  stages: ${stages.length}, after the warm-up`,
    );
  }
  return lines;
}

/** The stage `elapsedMs` into the measured phase falls in (the last one once they are all over). */
export function stageAt(stages: readonly LiveStage[], elapsedMs: number): StagePosition | undefined {
  let startMs = 0;
  for (const [index, stage] of stages.entries()) {
    const last = index === stages.length - 1;
    if (elapsedMs < startMs + stage.durationMs || last)
      return { index, count: stages.length, stage, from: stages[index - 1]?.target, intoMs: Math.min(stage.durationMs, Math.max(0, elapsedMs - startMs)) };
    startMs += stage.durationMs;
  }
  return undefined;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

import { stageLevelAt } from '../contract/stage-level.js';
import type { LoadProgress } from '../measure/drivers/load-result.js';
import type { LiveStage, LiveStaging, LiveTrialInfo } from '../measure/live/live-observer.js';
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
  from: number;
  /** The rate (or connections) the load is at now, on its way from `from` to the stage's target. */
  level: number;
  intoMs: number;
  leftMs: number;
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
  const { staged } = view.info;
  if (staged && staged.stages.length > 0) lines.push(stageLine(staged, view.info, view.progress));
  return lines;
}

/**
 * Where the stage the trial is in stands: which stage, holding or moving (from where to where,
 * and the load it is at now), and the time left in it; before the measured phase, how many stages
 * follow the warm-up.
 */
export function stageLine(staged: LiveStaging, info: Pick<LiveTrialInfo, 'model' | 'warmupMs'>, progress: Pick<LoadProgress, 'phase' | 'elapsedMs'>): string {
  const unit = info.model === 'open' ? 'req/s' : 'connections';
  if (progress.phase === 'warmup') return `  stages: ${staged.stages.length} after the warm-up, from ${groupThousands(staged.from)} ${unit}`;
  const position = stageAt(staged, progress.elapsedMs - info.warmupMs);
  const { stage } = position;
  const where = `  stage ${position.index + 1} of ${position.count}:`;
  const left = `${seconds(position.leftMs)} s left`;
  if (position.from === stage.target) return `${where} holding ${groupThousands(stage.target)} ${unit}, ${left}`;
  // the closed model drives whole connections
  const level = info.model === 'open' ? Math.round(position.level) : Math.floor(position.level + 1e-9);
  return `${where} ${groupThousands(position.from)} → ${groupThousands(stage.target)} ${unit}, now ${groupThousands(level)}, ${left}`;
}

/** The stage `elapsedMs` into the measured phase falls in (the last one, over, once they all are). */
export function stageAt(staged: LiveStaging, elapsedMs: number): StagePosition {
  const { stages } = staged;
  let startMs = 0;
  let from = staged.from;
  for (const [index, stage] of stages.entries()) {
    if (elapsedMs < startMs + stage.durationMs || index === stages.length - 1) {
      const intoMs = Math.min(stage.durationMs, Math.max(0, elapsedMs - startMs));
      const level = stageLevelAt(staged.from, stages, startMs + intoMs);
      return { index, count: stages.length, stage, from, level, intoMs, leftMs: stage.durationMs - intoMs };
    }
    startMs += stage.durationMs;
    from = stage.target;
  }
  throw new RangeError('a staged load without stages');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

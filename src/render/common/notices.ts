import type { CapacityReport } from '../../contract/capacity-report.js';
import type { RunReport } from '../../contract/run-report.js';

/**
 * The banners at the top of a report that is not the whole of what was planned, in every
 * format: incomplete (loadlab did not finish the report: it was killed, or is still running, and
 * this is the copy kept on disk as it went) and interrupted (stopped early, and loadlab said so).
 */
export interface Notice {
  /** 'Incomplete', 'Interrupted'. */
  title: string;
  /** What it means for the figures, one sentence. */
  text: string;
}

export interface NoticeFacts {
  interrupted: boolean;
  /** Absent in reports of versions that wrote them once, at the end: complete. */
  complete?: boolean;
  finishedAt: string;
}

/**
 * work: what the report is of ('run', 'search'); finished: what it holds, counted
 * (['trial', 'trials'], 3).
 */
function reportNotices(report: NoticeFacts, work: string, finished: { names: readonly [string, string]; count: number }): Notice[] {
  const notices: Notice[] = [];
  if (report.complete === false) {
    const held = `${finished.count} ${finished.names[finished.count === 1 ? 0 : 1]}`;
    notices.push({
      title: 'Incomplete',
      text: `loadlab did not finish this ${work} (it was killed, or is still running): the figures below are the ${held} finished by ${report.finishedAt}.`,
    });
  }
  if (report.interrupted) notices.push({ title: 'Interrupted', text: `the figures below are what was measured before the ${work} stopped.` });
  return notices;
}

/** A notice as one line of text: 'Interrupted: the figures below …'. */
export function noticeLine(notice: Notice): string {
  return `${notice.title}: ${notice.text}`;
}

export function runNotices(report: RunReport): Notice[] {
  return reportNotices(report, 'run', { names: ['trial', 'trials'], count: report.trials.length });
}

export function capacityNotices(report: CapacityReport): Notice[] {
  return reportNotices(report, 'search', { names: ['search', 'searches'], count: report.results.length });
}

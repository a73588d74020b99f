import type { EntryVersion } from '../../contract/common.js';
import type { Outcome, OutcomeCheck } from '../../contract/gate.js';

/** ✅ passed with nothing unjudged, ❌ failed, ⚠️ anything between. */
export function outcomeIcon(outcome: Outcome): string {
  if (outcome.status === 'failed') return '❌';
  return outcome.status === 'passed' && outcome.unjudgedVerdicts === 0 ? '✅' : '⚠️';
}

/** Every check of the outcome that did not pass, one line each: failed first, then those that could not be judged. */
export function outcomeLines(outcome: Outcome): { icon: string; check: OutcomeCheck }[] {
  const inconclusiveIcon = outcome.inconclusivePolicy === 'fail' ? '❌' : '⚠️';
  return [...outcome.failed.map((check) => ({ icon: '❌', check })), ...outcome.inconclusive.map((check) => ({ icon: inconclusiveIcon, check }))];
}

/** 'threshold', 'regression' or 'verdict' for a check that failed; 'not judged' for one that could not be. */
export function checkKind(check: OutcomeCheck, outcome: Outcome): string {
  return outcome.inconclusive.includes(check) ? 'not judged' : check.source;
}

/** '/repo/app/server.js at 1a2b3c4d5e6f (uncommitted changes)', or 'not in a git checkout'. */
export function describeEntryVersion(version: EntryVersion): string {
  if (version.commit === null) return `${version.entry} (not in a git checkout)`;
  return `${version.entry} at ${version.commit.slice(0, 12)}${version.dirty ? ' with uncommitted changes' : ''}`;
}

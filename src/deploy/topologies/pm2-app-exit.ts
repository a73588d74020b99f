import type { ExitInfo } from '../processes.js';

/**
 * How the app's last PM2 worker ended, from the PM2 daemon's log (pm2.log in its home). PM2's
 * list keeps only `exit_code` (0 for a signal); the daemon logs "App [name:id] exited with code
 * [c] via signal [s]", where s is 'SIGINT' whenever there was none. So a code other than 0 is the
 * app's exit code, a signal other than SIGINT is the signal that ended it, and code 0 with SIGINT
 * is an exit with code 0 (loadlab sends no SIGINT to workers while they start).
 */
export function appExitFromDaemonLog(log: string, appName: string): ExitInfo | undefined {
  const pattern = new RegExp(`App \\[${appName}:\\d+\\] exited with code \\[(-?\\d+|null)\\] via signal \\[([A-Z0-9]+)\\]`, 'g');
  const last = [...log.matchAll(pattern)].at(-1);
  if (!last) return undefined;
  const code = Number(last[1]) || 0;
  const signal = last[2] as NodeJS.Signals;
  if (code !== 0) return { code, signal: null };
  return signal === 'SIGINT' ? { code: 0, signal: null } : { code: null, signal };
}

/** What makes Node and Bun processes preload a script: the environment variables each reads. */
export interface PreloadOptions {
  NODE_OPTIONS: string;
  BUN_OPTIONS: string;
}

/**
 * NODE_OPTIONS and BUN_OPTIONS that preload `script` after what they already hold (a user's
 * `--require dotenv/config`, another of loadlab's preloads). Bun reads no NODE_OPTIONS.
 */
export function preloadOptions(script: string, inherited: Partial<PreloadOptions> = {}): PreloadOptions {
  const node = `--require ${JSON.stringify(script)}`;
  // Bun splits BUN_OPTIONS on spaces and keeps quotes as they are: the path goes unquoted
  const bun = `--preload ${script}`;
  return { NODE_OPTIONS: after(inherited.NODE_OPTIONS, node), BUN_OPTIONS: after(inherited.BUN_OPTIONS, bun) };
}

function after(inherited: string | undefined, option: string): string {
  return inherited === undefined || inherited === '' ? option : `${inherited} ${option}`;
}

import type { Runtime } from '../scenario/types.js';

/** The file a package.json script starts, and the runtime it starts it under. */
export interface ScriptEntry {
  file: string;
  runtime: Runtime;
}

/** Options of node, tsx, ts-node and bun that take the next word as their value (`node -r dotenv/config server.js`). */
const optionsWithValue = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-C',
  '--conditions',
  '--env-file',
  '--title',
  '--tsconfig',
  '-P',
  '--project',
  '-O',
  '--compiler-options',
  '--cwd',
  '--preload',
]);
/** Preloads that make node run TypeScript: `node --import tsx`, `node -r ts-node/register`. */
const typescriptPreload = /^(tsx|ts-node|@swc-node|esbuild-register|@esbuild-kit)(\/|$)/;
/** Runners of TypeScript that take the entry as their first plain word (tsx's `watch` is a subcommand). */
const typescriptRunners = new Set(['tsx', 'ts-node', 'ts-node-esm', 'ts-node-dev', 'tsnd']);
const typescriptFile = /\.[cm]?tsx?$/;
const sourceFile = /\.([cm]?[jt]sx?)$/;

/**
 * The file a start or dev script runs and its runtime: `node server.js`, `NODE_ENV=production
 * node ./src/index.js --port 3000`, `tsc && node dist/main.js`, `node -r dotenv/config app.js`,
 * `tsx watch src/server.ts`, `ts-node src/index.ts`, `node --import tsx src/server.ts`,
 * `node -r ts-node/register src/app.ts`, `bun run src/index.ts`. Undefined when no part of
 * it runs a file with one of those (`next start`, `nodemon`, `bun run build`).
 */
export function scriptEntry(script: string): ScriptEntry | undefined {
  for (const command of script.split(/&&|\|\||[;|]/)) {
    const words = command.trim().split(/\s+/);
    const at = words.findIndex((word) => runnerOf(word) !== undefined);
    if (at < 0) continue;
    const runner = runnerOf(words[at] ?? '');
    let preloadsTypescript = false;
    for (let index = at + 1; index < words.length; index++) {
      const word = words[index] ?? '';
      const [option, inlineValue] = word.split('=', 2);
      if (optionsWithValue.has(word)) {
        preloadsTypescript ||= typescriptPreload.test(words[index + 1] ?? '');
        index++;
      } else if (option && inlineValue !== undefined && optionsWithValue.has(option)) {
        preloadsTypescript ||= typescriptPreload.test(inlineValue);
      } else if (word.startsWith('-')) {
        continue;
      } else if ((runner === 'tsx' && word === 'watch') || (runner === 'bun' && word === 'run')) {
        continue;
      } else if (runner === 'bun' && !sourceFile.test(word) && !word.includes('/')) {
        break; // `bun run build`: a script's name, not a file
      } else {
        const typescript = runner === 'tsx' || preloadsTypescript || typescriptFile.test(word);
        return { file: word, runtime: runner === 'bun' ? 'bun' : typescript ? 'tsx' : 'node' };
      }
    }
  }
  return undefined;
}

function runnerOf(word: string): 'node' | 'tsx' | 'bun' | undefined {
  const name = word.slice(word.lastIndexOf('/') + 1);
  if (name === 'node') return 'node';
  if (typescriptRunners.has(name)) return 'tsx';
  if (name === 'bun') return 'bun';
  return undefined;
}

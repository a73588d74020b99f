/** The scenario `loadlab init` writes when none is named: a .mjs beside a tsconfig.json, which tsc would otherwise compile with the project's settings. */
export const initFileNames = { plain: 'loadlab.scenario.ts', typescriptProject: 'loadlab.scenario.mjs' } as const;

/** What init may write: TypeScript, or an ES module that tsc leaves alone. */
export const templateExtensions = ['.ts', '.mts', '.mjs'] as const;

import type { PackageTool } from '../../machine/tool-facts.js';

/** The pm2 package the pm2 topology drives through its programmatic API; loadlab depends on it. */
export const pm2Tool = {
  kind: 'package',
  name: 'pm2',
  package: 'pm2',
  install: "npm install (loadlab's own dependencies include pm2)",
} as const satisfies PackageTool;

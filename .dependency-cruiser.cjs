/**
 * The import direction between loadlab's stages (see docs/architecture.md), checked in `npm test`.
 * Data flows scenario → deploy/measure → analysis → render, with commands wiring them together.
 */
const stage = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import cycle, of values or types.', from: {}, to: { circular: true } },
    {
      name: 'contract-is-a-leaf',
      severity: 'error',
      comment: 'The report contract is plain data: it imports nothing of src but itself.',
      from: { path: stage('contract') },
      to: { path: '^src/', pathNot: stage('contract') },
    },
    {
      name: 'text-is-a-leaf',
      severity: 'error',
      comment: 'Formatting and escaping know nothing of the pipeline.',
      from: { path: stage('text') },
      to: { path: '^src/', pathNot: stage('text') },
    },
    {
      name: 'scenario-reads-input-only',
      severity: 'error',
      comment: 'The scenario stage knows the contract (and text) only: topologies bring their own fields.',
      from: { path: stage('scenario'), pathNot: '^src/scenario/scenario\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/(scenario|contract|text)/'] },
    },
    {
      name: 'scenario-names-the-catalogue-types',
      severity: 'error',
      comment: "scenario.ts gives the validated Scenario its topologies' spec types: the catalogue's types, and nothing that runs.",
      from: { path: '^src/scenario/scenario\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/(scenario|contract|text)/', '^src/deploy/topologies/index\\.ts$'] },
    },
    {
      name: 'scenario-imports-the-catalogue-as-types-only',
      severity: 'error',
      from: { path: '^src/scenario/scenario\\.ts$' },
      to: { path: '^src/deploy/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'analysis-is-pure',
      severity: 'error',
      comment: 'Analysis never measures, deploys, renders or parses the command line.',
      from: { path: stage('analysis') },
      to: { path: ['^src/(measure|deploy|render|commands|machine)/', '^src/cli\\.ts$'] },
    },
    {
      name: 'render-never-measures',
      severity: 'error',
      comment: 'A renderer is a function of a report: it never imports measure or deploy.',
      from: { path: stage('render') },
      to: { path: ['^src/(measure|deploy|commands|machine)/', '^src/cli\\.ts$'] },
    },
    {
      name: 'only-cli-imports-commands',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/commands/', '^src/cli\\.ts$'] },
      to: { path: stage('commands') },
    },
    {
      name: 'machine-only-reads',
      severity: 'error',
      comment: 'machine/ reads what the machine allows and has; deploy/ imports it, so it never imports deploy/ (nor the stages after it).',
      from: { path: stage('machine') },
      to: { path: ['^src/(scenario|deploy|measure|analysis|render|commands)/', '^src/cli\\.ts$'] },
    },
    {
      name: 'deploy-knows-no-load',
      severity: 'error',
      comment: 'Deployments start processes; they know nothing of load, analysis or rendering.',
      from: { path: stage('deploy') },
      to: { path: ['^src/(measure|analysis|render|commands)/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts'],
    },
  },
};

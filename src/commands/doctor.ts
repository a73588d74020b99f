import { checkMachine, type ScenarioDemand } from '../analysis/doctor/doctor-checks.js';
import { doctorSchema, type DoctorReport } from '../contract/doctor-report.js';
import { readSystemLimits } from '../machine/system-limits.js';
import { readTools, toolVersions, type ProgramRunner } from '../machine/tool-versions.js';
import { ExitCode, type ExitCodeValue } from '../contract/errors.js';
import { renderJson } from '../render/common/json.js';
import { renderDoctor } from '../render/doctor/terminal.js';
import { ReportWriter, type WriterOutput } from '../render/write.js';
import type { ProcessOwner } from '../deploy/processes.js';
import { findOnPath, isExecutable } from '../deploy/find-executable.js';
import { toolsNeeded } from '../deploy/tools-needed.js';
import { readScenarioFile } from './scenario-file.js';
import { filesPerConnection, trialConnections } from './open-files-check.js';
import type { Scenario } from '../scenario/scenario.js';
import { packageVersion } from '../machine/package-info.js';

/**
 * `loadlab doctor [scenario]`: the machine's limits and tools, checked against the scenario if
 * one is given. Exit 1 with warnings; exit 3 when the scenario cannot run here (a tool it needs
 * is missing).
 */
export async function doctorCommand(
  scenarioFile: string | undefined,
  options: { json?: boolean },
  context: WriterOutput & { owner: ProcessOwner },
): Promise<ExitCodeValue> {
  const writer = await ReportWriter.open({}, context);
  const scenario = scenarioFile === undefined ? undefined : await readScenarioFile(scenarioFile);
  const limits = readSystemLimits();
  const tools = await readTools(toolsNeeded(scenario, process.cwd()), programRunner(context.owner));
  const findings = checkMachine(limits, process.version, tools, scenario ? demandOf(scenario) : undefined);
  const status = findings.some((finding) => finding.status === 'fail') ? 'fail' : findings.some((finding) => finding.status === 'warn') ? 'warn' : 'ok';
  if (options.json) {
    const demand = scenario ? demandOf(scenario) : null;
    const report: DoctorReport = {
      schema: doctorSchema,
      loadlab: packageVersion,
      status,
      scenario: scenario && demand ? { name: scenario.name, file: scenarioFile ?? scenario.file, connections: demand.connections, kinds: demand.kinds } : null,
      limits,
      tools: toolVersions(tools),
      findings,
    };
    writer.print(renderJson(report));
  } else {
    writer.print(renderDoctor(findings, scenario?.name));
  }
  return exitCodes[status];
}

const exitCodes = { ok: ExitCode.ok, warn: ExitCode.gateFailed, fail: ExitCode.couldNotRun } as const satisfies Record<DoctorReport['status'], ExitCodeValue>;

/** Programs found on PATH (or a project's node_modules/.bin, or where the scenario says), asked for their version through the process owner. */
function programRunner(owner: ProcessOwner): ProgramRunner {
  return {
    find: (command, folders, configuredPath) =>
      configuredPath === undefined
        ? ([...folders].map((folder) => findOnPath(command, folder)).find(Boolean) ?? findOnPath(command))
        : isExecutable(configuredPath)
          ? configuredPath
          : undefined,
    output: async (path, args) => {
      const result = await owner.runToEnd({ label: `${path} ${args.join(' ')}`, command: path, args: [...args], env: process.env, cwd: process.cwd() }, 5000);
      return result.stdout + result.stderr;
    },
  };
}

function demandOf(scenario: Scenario): ScenarioDemand {
  return {
    // the workloads' connections, the slow ones of an attack beside them, and the idle ones of a connection-cost sweep
    connections: Math.max(0, ...scenario.workloads.map(trialConnections), ...(scenario.connectionCost?.counts ?? [])),
    kinds: [...new Set(scenario.topologies.map((topology) => topology.kind))],
    filesPerConnection: filesPerConnection(scenario.topologies),
  };
}

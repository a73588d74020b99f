import { checkMachine, type ScenarioDemand } from '../analysis/doctor/doctor-checks.js';
import { doctorSchema, type DoctorReport } from '../contract/doctor-report.js';
import { readSystemLimits } from '../machine/system-limits.js';
import { readToolVersions } from '../machine/tool-versions.js';
import { ExitCode, type ExitCodeValue } from '../contract/errors.js';
import { renderJson } from '../render/common/json.js';
import { renderDoctor } from '../render/doctor/terminal.js';
import { ReportWriter, type WriterOutput } from '../render/write.js';
import type { ProcessOwner } from '../deploy/processes.js';
import { readScenarioFile } from './scenario-file.js';
import { trialConnections } from './open-files-check.js';
import type { Scenario } from '../deploy/topologies/index.js';
import { packageVersion } from '../machine/package-info.js';

/** `loadlab doctor [scenario]`: the machine's limits and tools, checked against the scenario if one is given. Exit 1 with warnings. */
export async function doctorCommand(
  scenarioFile: string | undefined,
  options: { json?: boolean },
  context: WriterOutput & { owner: ProcessOwner },
): Promise<ExitCodeValue> {
  const writer = await ReportWriter.open({}, context);
  const scenario = scenarioFile === undefined ? undefined : await readScenarioFile(scenarioFile);
  const limits = readSystemLimits();
  const tools = await readToolVersions(context.owner);
  const findings = checkMachine(limits, tools, scenario ? demandOf(scenario) : undefined);
  const status = findings.some((finding) => finding.status === 'warn') ? 'warn' : 'ok';
  if (options.json) {
    const demand = scenario ? demandOf(scenario) : null;
    const report: DoctorReport = {
      schema: doctorSchema,
      loadlab: packageVersion,
      status,
      scenario: scenario && demand ? { name: scenario.name, file: scenarioFile ?? scenario.file, connections: demand.connections, kinds: demand.kinds } : null,
      limits,
      tools,
      findings,
    };
    writer.print(renderJson(report));
  } else {
    writer.print(renderDoctor(findings, scenario?.name));
  }
  return status === 'warn' ? ExitCode.gateFailed : ExitCode.ok;
}

function demandOf(scenario: Scenario): ScenarioDemand {
  return {
    // the workloads' connections, the slow ones of an attack beside them, and the idle ones of a connection-cost sweep
    connections: Math.max(0, ...scenario.workloads.map(trialConnections), ...(scenario.connectionCost?.counts ?? [])),
    kinds: [...new Set(scenario.topologies.map((topology) => topology.kind))],
  };
}

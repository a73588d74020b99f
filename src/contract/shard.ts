import type { EntryVersion, Environment, ProcessInfo, ScenarioSummary, SkippedTopology } from './common.js';
import type { ClientHealth, GeneratorHealth, ProbeSummary } from './probes.js';
import type { FlowFigures, ResponseCounts, SampledResponse, TimelineEntry, TrialLoad } from './trial.js';
import type { LoadModel, TopologyKindName } from './vocabulary.js';

/*
 * A shard file: one machine's (or one process's) share of every trial of a run, as
 * `loadlab run <scenario> --shard I/N` wrote it, schema id `loadlab/shard@1`. Its recordings are
 * raw (encoded HDR histograms, counts, phase stamps), so that `loadlab merge` adds the shards
 * up exactly into one `loadlab/run@1` report. Field names never change meaning within the
 * schema id; a field added is optional.
 */

export const shardSchema = 'loadlab/shard@1';

export interface ShardFile {
  schema: typeof shardSchema;
  /** The loadlab version that wrote it: shards of different versions are not merged. */
  loadlab: string;
  /** This shard: index 1…count. */
  shard: { index: number; count: number };
  /** The --start-at time the shard's first trial was aligned to; null without one. */
  startAt: string | null;
  startedAt: string;
  finishedAt: string;
  interrupted: boolean;
  environment: Environment;
  scenario: ShardScenario;
  skipped: SkippedTopology[];
  trials: ShardTrial[];
}

/** The scenario as the merge needs it: the report's summary, the thresholds to judge, and a fingerprint shards must agree on. */
export interface ShardScenario {
  summary: ScenarioSummary;
  /** Gate expressions with their scope, as written (the scenario's and the command line's). */
  thresholds: { expr: string; topology?: string; workload?: string }[];
  /** A hash of everything that decides the load (topologies, workloads, load settings, events): equal in shards of one run. */
  fingerprint: string;
  entry?: EntryVersion;
}

/** One trial of a shard: what the run report's trial holds besides the load figures, and the raw recording of this shard's share. */
export interface ShardTrial {
  topology: string;
  kind: TopologyKindName;
  instances: number;
  workload: string;
  repeat: number;
  /** The whole trial's load settings (not this shard's share of them). */
  load: TrialLoad;
  responseSample?: SampledResponse[];
  processes: ProcessInfo[];
  probes: ProbeSummary;
  client: ClientHealth;
  events?: TimelineEntry[];
  recording: RecordingData;
}

/** A histogram: HdrHistogram's compressed base64 encoding ('' when empty) and its largest value, in µs. */
export interface HistogramData {
  maxUs: number;
  hdr: string;
}

export interface BucketData {
  histogram: HistogramData;
  errors: number;
}

/** A load recording as JSON: what a generator thread or a shard hands over to be merged. */
export interface RecordingData {
  model: LoadModel;
  /** Epoch ms of the phases' edges, and their lengths by the recorder's own clock. */
  stamps: { loadStartMs: number; measuredStartMs: number; measuredEndMs: number; warmupMs: number; measuredMs: number };
  interrupted: boolean;
  latency: HistogramData;
  /** One a second from the measured phase's start. */
  seconds: BucketData[];
  sliceMs: number;
  /** One a slice of sliceMs from the measured phase's start. */
  slices: BucketData[];
  counts: ResponseCounts;
  open?: {
    targetRps: number;
    sent: number;
    dropped: number;
    delayed: number;
    service: HistogramData;
    maxConnectionsUsed: number;
    meanInFlight: number;
  };
  generators: GeneratorHealth[];
  /** Per request name (see TrialResult.byRequest); absent in shards of versions without it. */
  byRequest?: Record<string, RequestRecordingData>;
  /** A flow's users and data rows (see TrialResult.flow); absent when the workload is no flow. */
  flow?: FlowFigures;
}

/** One request name's raw figures: every answer's latency, and its failures. */
export interface RequestRecordingData {
  latency: HistogramData;
  errors: number;
  checksFailed: number;
  /** Answers judged against an `expect`; absent in shards of versions without it. */
  checked?: number;
  /** The request's answers and failures a slice of sliceMs each; absent in shards of versions without them. */
  slices?: BucketData[];
}

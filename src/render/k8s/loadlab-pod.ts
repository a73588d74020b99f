/**
 * The pod every loadlab Job runs: one container that runs loadlab from /loadlab, installed
 * there by an init container when the image is a plain Node image; for a shard, the scenario's
 * ConfigMap mounted beside it (so that its `import 'loadlab'` finds /loadlab/node_modules) and
 * the start time from the pod's annotation. Pure.
 */
export interface LoadlabPodSpec {
  /** The Job's name (a DNS-1123 label): the merge Job is `<name>-merge`, the scenario's ConfigMap `<name>-scenario`. */
  name: string;
  namespace?: string;
  image: string;
  /** The package an init container installs into /loadlab (e.g. 'loadlab@0.1.0') when the image does not have it there. */
  install?: string;
}

/** What a pod's scenario volume holds: ConfigMap keys, each at its path below the mount. */
export interface ScenarioItems {
  items: { key: string; path: string }[];
}

/** The public image the Jobs run when --image is not given: Node with npm, loadlab installed into it by an init container. */
export const defaultImage = 'node:22-slim';

/** Where loadlab lives in the pod: `npm install --prefix /loadlab loadlab` (the init step, or the user's image). */
export const loadlabRoot = '/loadlab';
export const loadlabCommand = `${loadlabRoot}/node_modules/.bin/loadlab`;
/** Inside loadlab's folder, so that the scenario's `import … from 'loadlab'` resolves to /loadlab/node_modules/loadlab. */
export const scenarioMount = `${loadlabRoot}/scenario`;
/** The pod annotation that holds the shards' start (an ISO time), stamped when the Job is created. */
export const startAtAnnotation = 'loadlab.dev/start-at';
/** The container variable the annotation reaches through the Downward API, and `--start-at $(…)` reads. */
export const startAtVariable = 'LOADLAB_START_AT';

export const scenarioConfigMapName = (name: string): string => `${name}-scenario`;

export const podLabels = (spec: LoadlabPodSpec): Record<string, string> => ({ 'app.kubernetes.io/name': 'loadlab', 'app.kubernetes.io/instance': spec.name });

export function objectMetadata(spec: LoadlabPodSpec, name: string): Record<string, unknown> {
  return { name, ...(spec.namespace ? { namespace: spec.namespace } : {}), labels: podLabels(spec) };
}

/** Where a shard serves its live metrics when --prometheus is given (loadlab run --prometheus). */
export const metricsPath = '/metrics';

/**
 * A shard pod's annotations: every one the Job's pods are to carry is added here, in this one
 * place. With a metrics port, the conventional scrape annotations (prometheus.io/scrape, /port,
 * /path), which a Prometheus configured to discover annotated pods (kubernetes_sd_configs with
 * role: pod, as the community Helm chart does) follows.
 */
export function shardPodAnnotations(metricsPort?: number): Record<string, string> {
  // empty as written: the run script (or the operator's pipeline) stamps the start when it creates the Job
  const start = { [startAtAnnotation]: '' };
  if (metricsPort === undefined) return start;
  return { ...start, 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(metricsPort), 'prometheus.io/path': metricsPath };
}

interface PodParts {
  container: string;
  args: string[];
  /** A shard's pod: the scenario's ConfigMap mounted, and the start time from the annotation. */
  scenario?: ScenarioItems;
  /** A shard's pod that serves live metrics on this port: scrape annotations, and the port declared. */
  metricsPort?: number;
  volumes?: Record<string, unknown>[];
  mounts?: { name: string; mountPath: string }[];
}

/** The pod template's metadata and spec of a loadlab Job. */
export function loadlabPod(spec: LoadlabPodSpec, parts: PodParts): { template: { metadata: Record<string, unknown> }; spec: Record<string, unknown> } {
  const install = spec.install === undefined ? undefined : { name: 'loadlab', mountPath: loadlabRoot };
  const scenario = parts.scenario ? { name: 'scenario', mountPath: scenarioMount, readOnly: true } : undefined;
  const volumes = [
    ...(install ? [{ name: install.name, emptyDir: {} }] : []),
    ...(parts.scenario ? [{ name: 'scenario', configMap: { name: scenarioConfigMapName(spec.name), items: parts.scenario.items } }] : []),
    ...(parts.volumes ?? []),
  ];
  const mounts = [...(install ? [install] : []), ...(scenario ? [scenario] : []), ...(parts.mounts ?? [])];
  return {
    template: { metadata: { labels: podLabels(spec), ...(parts.scenario ? { annotations: shardPodAnnotations(parts.metricsPort) } : {}) } },
    spec: {
      restartPolicy: 'Never',
      ...(install && spec.install !== undefined
        ? {
            initContainers: [
              {
                name: 'install-loadlab',
                image: spec.image,
                command: ['npm', 'install', '--prefix', loadlabRoot, '--no-audit', '--no-fund', '--omit=dev', spec.install],
                volumeMounts: [install],
              },
            ],
          }
        : {}),
      containers: [
        {
          name: parts.container,
          image: spec.image,
          command: [loadlabCommand],
          args: parts.args,
          ...(parts.scenario
            ? { env: [{ name: startAtVariable, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${startAtAnnotation}']` } } }] }
            : {}),
          ...(parts.metricsPort === undefined ? {} : { ports: [{ name: 'metrics', containerPort: parts.metricsPort, protocol: 'TCP' }] }),
          ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
        },
      ],
      ...(volumes.length > 0 ? { volumes } : {}),
    },
  };
}

import { InputError } from '../../contract/errors.js';
import { objectMetadata, scenarioConfigMapName, type LoadlabPodSpec, type ScenarioItems } from './loadlab-pod.js';

/** A file the Job's pods read, at its path below the scenario mount ('/'-separated, no '..'). */
export interface CarriedFile {
  path: string;
  content: Uint8Array;
}

/** What the API server accepts in one ConfigMap: its keys and values together (etcd keeps objects small). */
export const configMapLimitBytes = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The ConfigMap that carries the scenario and the files it names to the pods, and the items that
 * lay them out below the mount as they lie beside the scenario here. Text goes in `data`, other
 * bytes in `binaryData`. More than a ConfigMap holds: one line naming the scenario file, exit 2.
 */
export function scenarioConfigMap(
  spec: LoadlabPodSpec,
  scenarioFile: string,
  files: readonly CarriedFile[],
): { manifest: Record<string, unknown> } & ScenarioItems {
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  const items: ScenarioItems['items'] = [];
  let bytes = 0;
  for (const file of files) {
    const key = keyOf(file.path, items.length, new Set(items.map((item) => item.key)));
    items.push({ key, path: file.path });
    bytes += key.length + file.content.byteLength;
    const text = textOf(file.content);
    if (text === undefined) binaryData[key] = Buffer.from(file.content).toString('base64');
    else data[key] = text;
  }
  if (bytes > configMapLimitBytes)
    throw new InputError(
      `${scenarioFile}: the scenario and the files it names come to ${mebibytes(bytes)} MiB, more than a Kubernetes ConfigMap holds (1 MiB): make its data files smaller`,
    );
  return {
    manifest: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: objectMetadata(spec, scenarioConfigMapName(spec.name)),
      ...(Object.keys(data).length > 0 ? { data } : {}),
      ...(Object.keys(binaryData).length > 0 ? { binaryData } : {}),
    },
    items,
  };
}

/** A ConfigMap key is letters, digits, '-', '_' and '.': the path with anything else as '_', made unique by its place if need be. */
function keyOf(path: string, index: number, taken: ReadonlySet<string>): string {
  const key = path.replace(/[^-._a-zA-Z0-9]/g, '_');
  return taken.has(key) ? `${index}-${key}` : key;
}

function textOf(content: Uint8Array): string | undefined {
  try {
    return utf8.decode(content);
  } catch {
    return undefined;
  }
}

const mebibytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

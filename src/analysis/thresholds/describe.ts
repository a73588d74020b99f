/** A threshold's scope as written; neither field: every trial. */
export interface ThresholdScope {
  topology?: string | undefined;
  workload?: string | undefined;
  /** A request's name: the threshold judges that request's figures. */
  request?: string | undefined;
}

/** How every output names a threshold: 'p99 < 150ms', or with its scope 'p99 < 150ms (topology cluster, workload cpu)'. */
export function describeThreshold(source: string, scope: ThresholdScope): string {
  const parts = [
    scope.topology && `topology ${scope.topology}`,
    scope.workload && `workload ${scope.workload}`,
    scope.request && `request ${scope.request}`,
  ].filter(Boolean);
  return parts.length > 0 ? `${source} (${parts.join(', ')})` : source;
}

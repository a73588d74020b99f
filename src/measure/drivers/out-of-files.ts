/**
 * Whether a connection failed because this process (EMFILE) or the whole system (ENFILE) ran out
 * of open files: the socket was never made, so trying again at once fails again at once.
 */
export function isOutOfFiles(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EMFILE' || code === 'ENFILE';
}

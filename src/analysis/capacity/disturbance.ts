/**
 * A step is disturbed when, in any probe interval of its measured phase, processes other than
 * the deployment and loadlab used more than a quarter of a core. A CPU-bound server's knee
 * moves with the CPU it gets: a quarter core taken by another job (a compiler, another test
 * run) on a 2-core machine is enough to fail a step at a rate the server sustains alone, and a
 * burst of half a second is enough to stall it past a p99 target, so the peak is what counts,
 * not the mean. Below that is the machine's background (kernel threads, an idle shell) and the
 * probes' own rounding (a clock tick of 10 ms in each /proc figure).
 */
export const disturbedCpuLimit = 0.25;

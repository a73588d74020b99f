import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import type { UslFit } from '../../contract/scaling.js';

/** Throughput the Universal Scalability Law gives N instances: λN ÷ (1 + σ(N − 1) + κN(N − 1)). */
export function uslThroughput(fit: Pick<UslFit, 'lambdaRps' | 'sigma' | 'kappa'>, instances: number): number {
  const { lambdaRps, sigma, kappa } = fit;
  return (lambdaRps * instances) / (1 + sigma * (instances - 1) + kappa * instances * (instances - 1));
}

/**
 * Starting points for the fit: the sum of squares has more than one valley when the points are
 * few or noisy, so a few starts (contention from none to much, coherency from none to enough
 * for a peak within a few instances) are tried and the best is kept.
 */
const sigmaStarts = [0.01, 0.1, 0.4];
const kappaStarts = [0, 0.001, 0.02];

/**
 * Fits λ, σ and κ to measured [instances, rps] points by least squares with the
 * Levenberg–Marquardt package (analytic Jacobian; σ and κ kept within 0..1, λ ≥ 0). Rates are
 * scaled to the highest one first, so that λ is of the order of σ and κ during the fit. Needs
 * three points or more at different counts; null otherwise, or when nothing was served.
 */
export function fitUsl(points: readonly { instances: number; rps: number }[]): UslFit | null {
  const counts = new Set(points.map((point) => point.instances));
  const scale = Math.max(0, ...points.map((point) => point.rps));
  if (counts.size < 3 || scale <= 0) return null;
  const data = { x: points.map((point) => point.instances), y: points.map((point) => point.rps / scale) };
  const model =
    ([lambda = 0, sigma = 0, kappa = 0]: number[]) =>
    (n: number) =>
      uslThroughput({ lambdaRps: lambda, sigma, kappa }, n);
  const jacobian =
    ([lambda = 0, sigma = 0, kappa = 0]: number[]) =>
    (n: number) => {
      const denominator = 1 + sigma * (n - 1) + kappa * n * (n - 1);
      const squared = denominator * denominator;
      return [n / denominator, (-lambda * n * (n - 1)) / squared, (-lambda * n * n * (n - 1)) / squared];
    };
  const smallest = points.reduce((low, point) => (point.instances < low.instances ? point : low));
  const lambdaStart = smallest.rps / scale / smallest.instances;
  let best: { parameters: number[]; error: number } | undefined;
  for (const sigma of sigmaStarts) {
    for (const kappa of kappaStarts) {
      const result = levenbergMarquardt(data, model, {
        initialValues: [lambdaStart, sigma, kappa],
        minValues: [0, 0, 0],
        maxValues: [Number.MAX_VALUE, 1, 1],
        jacobianFunction: jacobian,
        maxIterations: 500,
        errorTolerance: 1e-12,
      });
      if (Number.isFinite(result.parameterError) && (!best || result.parameterError < best.error)) {
        best = { parameters: result.parameterValues, error: result.parameterError };
      }
    }
  }
  if (!best) return null;
  const [lambda = 0, sigma = 0, kappa = 0] = best.parameters;
  const fit = { lambdaRps: lambda * scale, sigma, kappa };
  return { ...fit, rSquared: rSquaredOf(points, fit), ...peakOf(fit) };
}

/** N* = √((1 − σ) ÷ κ) and C(N*); without coherency cost no peak, only the ceiling λ ÷ σ. */
function peakOf(fit: Pick<UslFit, 'lambdaRps' | 'sigma' | 'kappa'>): Pick<UslFit, 'peakInstances' | 'peakRps'> {
  if (fit.kappa > 0) {
    const peakInstances = Math.sqrt((1 - fit.sigma) / fit.kappa);
    return { peakInstances, peakRps: uslThroughput(fit, peakInstances) };
  }
  return { peakInstances: null, peakRps: fit.sigma > 0 ? fit.lambdaRps / fit.sigma : null };
}

function rSquaredOf(points: readonly { instances: number; rps: number }[], fit: Pick<UslFit, 'lambdaRps' | 'sigma' | 'kappa'>): number {
  const mean = points.reduce((sum, point) => sum + point.rps, 0) / points.length;
  const total = points.reduce((sum, point) => sum + (point.rps - mean) ** 2, 0);
  const residual = points.reduce((sum, point) => sum + (point.rps - uslThroughput(fit, point.instances)) ** 2, 0);
  return total === 0 ? (residual === 0 ? 1 : 0) : 1 - residual / total;
}

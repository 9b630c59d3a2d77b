/**
 * A pass rate as a percentage, rounded down, the same in every report, package and page: 99.96%
 * must not read as 100%. The small tolerance undoes binary fractions (0.57 × 100 is 56.99…),
 * which would otherwise round an exact 57% down to 56%.
 */
export function percentDown(rate: number, decimals = 1): number {
  const scale = 10 ** decimals;
  return Math.floor(rate * 100 * scale + 1e-9) / scale;
}

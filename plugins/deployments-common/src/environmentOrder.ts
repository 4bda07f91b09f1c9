import { compareCodePoints } from './codePointOrder';

/**
 * The order of the matrix's environment columns, on the server and in the
 * browser alike: the configured environments first, in configured order, then
 * every other environment present in plain code-point order.
 *
 * @public
 */
export function orderEnvironments(present: string[], configuredOrder: string[]): string[] {
  const presentSet = new Set(present);
  const configured = configuredOrder.filter(env => presentSet.has(env));
  const configuredSet = new Set(configured);
  const rest = present.filter(env => !configuredSet.has(env)).sort(compareCodePoints);
  return [...configured, ...rest];
}

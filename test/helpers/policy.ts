/**
 * Policy tests in the style of pulumi-policy-aws and Pulumi's compliance policies: a compliant
 * baseline (a sample stack's planned resources), one field changed, and exactly the expected
 * violation. `evaluatePolicies` builds the validation arguments without the engine.
 */
import type { PolicyPackConfig } from "@pulumi/policy";
import { EvaluatedResource, evaluatePolicies, PolicyViolation } from "../../policies/evaluate";
import { ALL_POLICIES } from "../../policies/rules";
import { planStack } from "./plan";

const baselines = new Map<string, Promise<EvaluatedResource[]>>();

/** A sample stack's resources, planned once per test file. */
export function baseline(stack: string): Promise<EvaluatedResource[]> {
  if (!baselines.has(stack)) {
    baselines.set(
      stack,
      planStack(stack).then((p) => p.resources),
    );
  }
  return baselines.get(stack) as Promise<EvaluatedResource[]>;
}

/** A deep copy of `resources` with one resource (by type, and name when given) changed by `edit`. */
export function change(
  resources: EvaluatedResource[],
  type: string,
  edit: (inputs: Record<string, any>, resource: EvaluatedResource) => void,
  name?: string,
): EvaluatedResource[] {
  const copy = structuredClone(resources);
  const targets = copy.filter((r) => r.type === type && (name === undefined || r.name === name));
  if (targets.length !== 1) {
    throw new Error(`change: expected one ${type}${name ? ` named ${name}` : ""}, found ${targets.length}`);
  }
  edit(targets[0]!.inputs as Record<string, any>, targets[0]!);
  return copy;
}

/** Removes the resources of a type (and name). */
export function without(resources: EvaluatedResource[], type: string, name?: string): EvaluatedResource[] {
  return resources.filter((r) => !(r.type === type && (name === undefined || r.name === name)));
}

/** What one rule reports over `resources`: `level message` strings. */
export async function reported(
  policy: string,
  resources: EvaluatedResource[],
  config: PolicyPackConfig = {},
): Promise<string[]> {
  const rule = ALL_POLICIES.find((p) => p.name === policy);
  if (rule === undefined) {
    throw new Error(`no rule ${policy}`);
  }
  const found: PolicyViolation[] = await evaluatePolicies([rule], resources, config);
  return found.map((v) => `${v.level} ${v.message}`);
}

/**
 * The shared test harness: runs the real program under the plan's mocks (which throw
 * `Mock call not implemented: <token>` for any invoke they do not know) and finds what it
 * registered by type and name.
 */
import * as path from "node:path";
import { PlannedResource, PlanResult, runPlan } from "../../plan/run";

export const PROJECT_DIR = path.resolve(__dirname, "../..");

/** Plans a sample stack from `stacks/`. */
export function planStack(stack: string): Promise<PlanResult> {
  return runPlan({ projectDir: PROJECT_DIR, stack });
}

/** Plans an in-memory configuration (`namespace:key` → value; objects are given as objects). */
export function planConfig(config: Record<string, unknown>, stack = "test"): Promise<PlanResult> {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    raw[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return runPlan({ projectDir: PROJECT_DIR, stack, config: raw });
}

/** All resources of a type (the Pulumi type token). */
export function allOf(plan: PlanResult, type: string): PlannedResource[] {
  return plan.resources.filter((r) => r.type === type);
}

/** The one resource of a type (and name, when given); fails the test when there is not exactly one. */
export function one(plan: PlanResult, type: string, name?: string): PlannedResource {
  const found = allOf(plan, type).filter((r) => name === undefined || r.name === name);
  if (found.length !== 1) {
    const names = allOf(plan, type).map((r) => r.name);
    throw new Error(
      `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length} (${names.join(", ")})`,
    );
  }
  return found[0] as PlannedResource;
}

/** Inputs as loose JSON for terse assertions. */
export function inputs(resource: PlannedResource): Record<string, any> {
  return resource.inputs as Record<string, any>;
}

/** Types of the cloud providers' resources (everything but Kubernetes, Pulumi and steuermann's own). */
export function cloudResourceTypes(plan: PlanResult): string[] {
  return plan.resources
    .map((r) => r.type)
    .filter((t) => !/^(kubernetes:|pulumi:|steuermann:|docker:)/.test(t));
}

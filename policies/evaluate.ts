/**
 * Runs the pack's rules over resources without the Pulumi engine: the offline plan uses it, and
 * so do the policy tests (a compliant baseline, one field changed, exactly one violation). It
 * builds the same arguments the engine hands a policy: props, options, parent and
 * dependencies, config with the schema's defaults, and `notApplicable`.
 */
import type {
  EnforcementLevel,
  Policy,
  PolicyPackConfig,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

/** A resource as the offline plan records it. */
export interface EvaluatedResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  inputs: Record<string, unknown>;
  protect: boolean;
  /** Properties `pulumi up` leaves alone after creation (present only when there are any). */
  ignoreChanges?: string[];
  /** URNs this resource depends on (for policies; not printed in the plan's JSON). */
  dependencies?: string[];
}

export interface PolicyViolation {
  policy: string;
  level: "mandatory" | "advisory";
  urn: string;
  message: string;
}

class NotApplicable extends Error {}

function levelOf(policy: Policy, config: PolicyPackConfig): EnforcementLevel {
  const entry = config[policy.name];
  if (typeof entry === "string") {
    return entry;
  }
  return entry?.enforcementLevel ?? policy.enforcementLevel ?? "advisory";
}

function configOf(policy: Policy, config: PolicyPackConfig): Record<string, unknown> {
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => (schema as { default?: unknown }).default !== undefined)
      .map(([key, schema]) => [key, (schema as { default?: unknown }).default]),
  );
  const entry = config[policy.name];
  const overrides = typeof entry === "object" && entry !== null ? { ...entry } : {};
  delete (overrides as { enforcementLevel?: unknown }).enforcementLevel;
  return { ...defaults, ...overrides };
}

function optionsOf(r: EvaluatedResource): PolicyResourceOptions {
  return {
    protect: r.protect,
    ignoreChanges: r.ignoreChanges ?? [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(r.parent !== null ? { parent: r.parent } : {}),
  };
}

const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason);
};

/** PolicyResource objects with parents and dependencies linked, as the engine provides them. */
export function policyResources(resources: readonly EvaluatedResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const out = resources.map((r) => {
    const pr: PolicyResource = {
      type: r.type,
      props: r.inputs,
      urn: r.urn,
      name: r.name,
      opts: optionsOf(r),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    };
    byUrn.set(r.urn, pr);
    return pr;
  });
  resources.forEach((r, i) => {
    const pr = out[i] as PolicyResource & { parent?: PolicyResource };
    if (r.parent !== null && byUrn.has(r.parent)) {
      pr.parent = byUrn.get(r.parent);
    }
    pr.dependencies = (r.dependencies ?? [])
      .map((u) => byUrn.get(u))
      .filter((d): d is PolicyResource => d !== undefined);
  });
  return out;
}

export async function evaluatePolicies(
  policies: readonly Policy[],
  resources: readonly EvaluatedResource[],
  config: PolicyPackConfig = {},
): Promise<PolicyViolation[]> {
  const violations: PolicyViolation[] = [];
  const prs = policyResources(resources);
  for (const policy of policies) {
    const level = levelOf(policy, config);
    if (level === "disabled") {
      continue;
    }
    const reported: "mandatory" | "advisory" = level === "advisory" ? "advisory" : "mandatory";
    const getConfig = <T extends object>() => configOf(policy, config) as T;
    const validators =
      "validateResource" in policy ? [(policy as ResourceValidationPolicy).validateResource].flat() : [];
    for (const pr of prs) {
      for (const validate of validators) {
        if (validate === undefined) {
          continue;
        }
        const args: ResourceValidationArgs = {
          type: pr.type,
          props: pr.props,
          urn: pr.urn,
          name: pr.name,
          opts: pr.opts,
          stackTags: new Map(),
          isType: () => false,
          asType: () => undefined,
          getConfig,
          notApplicable,
        };
        try {
          await validate(args, (message, urn) =>
            violations.push({ policy: policy.name, level: reported, urn: urn ?? pr.urn, message }),
          );
        } catch (err) {
          if (!(err instanceof NotApplicable)) {
            throw err;
          }
        }
      }
    }
    if ("validateStack" in policy) {
      const args: StackValidationArgs = { resources: prs, stackTags: new Map(), getConfig, notApplicable };
      try {
        await (policy as StackValidationPolicy).validateStack(args, (message, urn) =>
          violations.push({ policy: policy.name, level: reported, urn: urn ?? "", message }),
        );
      } catch (err) {
        if (!(err instanceof NotApplicable)) {
          throw err;
        }
      }
    }
  }
  return violations;
}

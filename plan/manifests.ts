/**
 * Every `kubernetes:*` resource of a plan as the manifest the provider would apply, validated
 * against the Kubernetes OpenAPI schema with kubernetes-models (ajv under the hood). An invalid
 * manifest becomes a mandatory violation naming the JSON path.
 */
import type { PolicyViolation } from "../policies/evaluate";
import type { PlannedResource } from "./run";

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata?: Record<string, unknown>;
  [field: string]: unknown;
}

export const MANIFEST_POLICY = "steuermann-manifest-schema";

/** The manifest of a Kubernetes resource, or undefined for providers, Helm releases and the like. */
export function toManifest(resource: PlannedResource): Manifest | undefined {
  if (!resource.type.startsWith("kubernetes:") || resource.type.startsWith("kubernetes:helm.sh/")) {
    return undefined;
  }
  const { apiVersion, kind, ...rest } = resource.inputs as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return undefined;
  }
  return { apiVersion, kind, ...rest };
}

interface SchemaError {
  instancePath?: string;
  message?: string;
}
type ModelClass = new (data: unknown) => { validate(): void };

/** `apps/v1` + `Deployment` → `kubernetes-models/apps/v1/Deployment`; core `v1` → `kubernetes-models/v1/...`. */
export function modelPath(apiVersion: string, kind: string): string {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

async function loadModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  try {
    const mod = (await import(modelPath(apiVersion, kind))) as Record<string, unknown>;
    const model = mod[kind] ?? mod.default;
    return typeof model === "function" ? (model as ModelClass) : undefined;
  } catch {
    // A kind kubernetes-models does not know (a CRD): nothing to validate against.
    return undefined;
  }
}

/** Schema errors of one manifest: `[]` when valid, or when there is no schema for its kind. */
export async function validateManifest(manifest: Manifest): Promise<{ path: string; message: string }[]> {
  const Model = await loadModel(manifest.apiVersion, manifest.kind);
  if (Model === undefined) {
    return [];
  }
  try {
    new Model(manifest).validate();
    return [];
  } catch (err) {
    const errors = (err as { errors?: SchemaError[] }).errors;
    if (!Array.isArray(errors)) {
      return [{ path: "", message: (err as Error).message }];
    }
    return errors.map((e) => ({ path: e.instancePath ?? "", message: e.message ?? "is invalid" }));
  }
}

/** Renders and validates the plan's Kubernetes resources. */
export async function manifestsOf(
  resources: readonly PlannedResource[],
): Promise<{ manifests: Manifest[]; violations: PolicyViolation[] }> {
  const manifests: Manifest[] = [];
  const violations: PolicyViolation[] = [];
  for (const resource of resources) {
    const manifest = toManifest(resource);
    if (manifest === undefined) {
      continue;
    }
    manifests.push(manifest);
    const name = String(manifest.metadata?.name ?? resource.name);
    for (const error of await validateManifest(manifest)) {
      violations.push({
        policy: MANIFEST_POLICY,
        level: "mandatory",
        urn: resource.urn,
        message: `${manifest.kind}/${name}: ${error.path || "/"} ${error.message}`,
      });
    }
  }
  return { manifests, violations };
}

/**
 * The offline plan: runs the real program for one stack under Pulumi's mock runtime and records
 * every resource as the engine would receive it (type, name, parent, protect, inputs). No CLI,
 * no credentials, no network; secret values are never shown.
 */
import * as pulumi from "@pulumi/pulumi";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { parseSettings } from "../config";
import { EvaluatedResource, evaluatePolicies } from "../policies/evaluate";
import { ALL_POLICIES } from "../policies/rules";
import { CostEstimate, estimateCost } from "./cost";
import { manifestsOf } from "./manifests";
import { cloudMocks, MOCK_CA_DATA, MockContext, offlineFetch } from "./mocks";
import { readStackConfig, SECRET_PLACEHOLDER, StackConfig } from "./stackConfig";

/** A resource as the engine receives it; the policy evaluator takes the same shape. */
export type PlannedResource = EvaluatedResource;

export type { PolicyViolation as Violation } from "../policies/evaluate";
import type { PolicyViolation as Violation } from "../policies/evaluate";

export interface PlanResult {
  project: string;
  stack: string;
  cloud: string;
  role: string;
  tier: string;
  resources: PlannedResource[];
  outputs: Record<string, unknown>;
  violations: Violation[];
  /** Monthly cost range from the dated price table in plan/prices.ts. */
  cost: CostEstimate;
  manifests: unknown[];
}

export type Program = () => Promise<Record<string, unknown>>;

export interface PlanOptions {
  projectDir: string;
  stack: string;
  /** The program to run; the project's `index.ts` by default. */
  program?: Program;
  /** Configuration to use instead of reading `stacks/Pulumi.<stack>.yaml` (tests). */
  config?: Record<string, string>;
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** Replaces the RPC encodings of secrets, unknowns and resource references with readable values. */
export function sanitize(value: unknown): unknown {
  const rt = pulumi.runtime;
  if (value === rt.unknownValue) {
    return "[unknown]";
  }
  if (Array.isArray(value)) {
    return value.map(sanitize);
  }
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const sig = obj[rt.specialSigKey];
    if (sig === rt.specialSecretSig) {
      return SECRET_PLACEHOLDER;
    }
    if (sig === rt.specialResourceSig) {
      return obj.urn;
    }
    if (sig === rt.specialAssetSig || sig === rt.specialArchiveSig) {
      return { path: obj.path, text: obj.text === undefined ? undefined : "[asset]", uri: obj.uri };
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, sanitize(v)]));
  }
  return value;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProtect?(): boolean;
  getIgnorechangesList?(): string[];
  getDependenciesList?(): string[];
  getObject?(): { toJavaScript(): unknown } | undefined;
  getProperties?(): { toJavaScript(): unknown } | undefined;
}
type Callback = (err: Error | null, resp?: { getUrn(): string }) => void;
interface MonitorLike {
  registerResource(req: RegisterRequest, cb: Callback): Promise<void>;
  readResource(req: RegisterRequest, cb: Callback): Promise<void>;
}

function ignoreChanges(req: RegisterRequest): { ignoreChanges?: string[] } {
  const list = req.getIgnorechangesList?.() ?? [];
  return list.length > 0 ? { ignoreChanges: list } : {};
}

/** Wraps the mock monitor so that each registration is recorded with the engine's view of it. */
function recordRegistrations(monitor: MonitorLike, sink: PlannedResource[]): void {
  const wrap = (method: "registerResource" | "readResource", props: "getObject" | "getProperties") => {
    const original = monitor[method].bind(monitor);
    monitor[method] = (req, cb) =>
      original(req, (err, resp) => {
        if (!err && resp) {
          const raw = (req[props]?.()?.toJavaScript() ?? {}) as Record<string, unknown>;
          sink.push({
            urn: resp.getUrn(),
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent() || null,
            inputs: sanitize(raw) as Record<string, unknown>,
            protect: req.getProtect?.() ?? false,
            ...ignoreChanges(req),
            dependencies: req.getDependenciesList?.() ?? [],
          });
        }
        cb(err, resp);
      });
  };
  wrap("registerResource", "getObject");
  wrap("readResource", "getProperties");
}

/** Resolves a stack output, or the placeholder when it is secret. */
async function showOutput(value: unknown): Promise<unknown> {
  const out: pulumi.Output<unknown> = pulumi.output(value as pulumi.Input<unknown>);
  if (await pulumi.isSecret(out)) {
    return SECRET_PLACEHOLDER;
  }
  return new Promise((resolve) => out.apply((v) => resolve(v)));
}

function mockContext(cfg: StackConfig): MockContext {
  return {
    cloud: cfg.config[`${cfg.project}:cloud`] ?? "local",
    region: cfg.config["aws:region"] ?? cfg.config["gcp:region"] ?? "eu-central-1",
    location: cfg.config["azure-native:location"] ?? "germanywestcentral",
    gcpProject: cfg.config["gcp:project"] ?? "mock-project",
  };
}

/**
 * A local stack reads the laptop's kubeconfig; the plan must not, so it points KUBECONFIG at a
 * fake one with the configured context (no real cluster, no real credential).
 */
function fakeKubeconfig(context: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: context,
        cluster: { server: "https://127.0.0.1:6443", "certificate-authority-data": MOCK_CA_DATA },
      },
    ],
    users: [{ name: context, user: { token: "offline-plan-placeholder" } }],
    contexts: [{ name: context, context: { cluster: context, user: context } }],
    "current-context": context,
  });
}

function loadProgram(projectDir: string): Program {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(projectDir, "index.ts")) as Program;
}

export async function runPlan(options: PlanOptions): Promise<PlanResult> {
  const cfg: StackConfig = options.config
    ? { project: "steuermann", stack: options.stack, config: options.config, secretKeys: [] }
    : readStackConfig(options.projectDir, options.stack);
  // Fail on bad configuration before the mock engine starts: nothing at all is registered.
  parseSettings(cfg.config, cfg.project, cfg.stack, process.env);
  const resources: PlannedResource[] = [];

  pulumi.runtime.setAllConfig(cfg.config, cfg.secretKeys);
  await pulumi.runtime.setMocks(cloudMocks(mockContext(cfg)), cfg.project, cfg.stack, false);
  recordRegistrations(pulumi.runtime.getMonitor() as unknown as MonitorLike, resources);

  const savedKubeconfig = process.env.KUBECONFIG;
  const tmp = mkdtempSync(path.join(tmpdir(), "steuermann-plan-"));
  const kubeconfigFile = path.join(tmp, "kubeconfig");
  writeFileSync(kubeconfigFile, fakeKubeconfig(cfg.config["kubernetes:context"] ?? "kind-steuermann"), {
    mode: 0o600,
  });
  process.env.KUBECONFIG = kubeconfigFile;
  const savedFetch = globalThis.fetch;
  globalThis.fetch = offlineFetch;

  // A rejection nobody awaits (an invoke the mocks do not know, say) is a bug; it is collected
  // and reported after the run instead of crashing the process half-way.
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => {
    unhandled.push(reason);
  };
  process.on("unhandledRejection", onUnhandled);

  let programOutputs: Record<string, unknown> = {};
  let failure: unknown;
  try {
    const program = options.program ?? loadProgram(options.projectDir);
    // The program's own error is kept here rather than thrown into the Stack resource, whose
    // internal promises would otherwise each reject with it again.
    await pulumi.runtime.runInPulumiStack(async () => {
      try {
        programOutputs = await program();
      } catch (err) {
        failure = err;
      }
      return programOutputs;
    });
    await pulumi.runtime.disconnect();
  } catch (err) {
    failure ??= err;
  } finally {
    // Give the duplicate rejections their turn to surface before the handler goes.
    await new Promise((resolve) => setImmediate(resolve));
    process.off("unhandledRejection", onUnhandled);
    globalThis.fetch = savedFetch;
    if (savedKubeconfig === undefined) {
      delete process.env.KUBECONFIG;
    } else {
      process.env.KUBECONFIG = savedKubeconfig;
    }
    rmSync(tmp, { recursive: true, force: true });
  }
  if (failure !== undefined) {
    throw failure;
  }
  if (unhandled.length > 0) {
    throw unhandled[0];
  }

  const stackUrn = resources.find((r) => r.type === ROOT_STACK_TYPE)?.urn;
  const planned = resources
    .filter((r) => r.type !== ROOT_STACK_TYPE)
    .map((r) => ({ ...r, parent: r.parent === stackUrn ? null : r.parent }));

  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(programOutputs)) {
    outputs[key] = await showOutput(value);
  }
  const setting = (key: string, fallback: string) => cfg.config[`${cfg.project}:${key}`] ?? fallback;
  const rendered = await manifestsOf(planned);
  return {
    project: cfg.project,
    stack: cfg.stack,
    cloud: setting("cloud", ""),
    role: setting("role", "platform"),
    tier: setting("tier", "dev"),
    resources: planned,
    outputs,
    // The same rule objects the CrossGuard pack runs, over the resources as registered.
    violations: [...(await evaluatePolicies(ALL_POLICIES, planned)), ...rendered.violations],
    cost: estimateCost(setting("cloud", ""), setting("role", "platform"), planned),
    manifests: rendered.manifests,
  };
}

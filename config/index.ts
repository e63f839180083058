/**
 * The one place that reads stack configuration. `loadSettings()` validates every key before the
 * program registers a resource and returns plain, fully defaulted settings; components never
 * read config themselves.
 */
import * as pulumi from "@pulumi/pulumi";
import { execFileSync } from "node:child_process";
import { isIpv4Cidr, prefixLength } from "./cidr";
import { ConfigError, formatIssue } from "./errors";
import { AppConfig, FeatureConfig, NodePoolConfig, Role, SteuermannConfig, steuermannSchema } from "./schema";
import { Cloud, DEFAULT_MACHINE_TYPES, TIER_DEFAULTS, Tier, TierDefaults } from "./tiers";

export { ConfigError } from "./errors";
export type { Cloud, Tier, TierDefaults } from "./tiers";
export type { Role } from "./schema";

export const NAMESPACE = "steuermann";

/** Keys whose values are structured objects (Pulumi hands them to the program as JSON text). */
const OBJECT_KEYS = new Set(["nodePool", "network", "registry", "app", "feature"]);

export interface ProviderSettings {
  aws?: { region: string };
  azure?: { location: string };
  gcp?: { project: string; region: string };
  local?: { context?: string };
}

export interface NodePoolSettings {
  machineType: string;
  minNodes: number;
  maxNodes: number;
  spot: boolean;
  diskSizeGb: number;
  labels: Record<string, string>;
  taints: NonNullable<NodePoolConfig["taints"]>;
}

/** Build `context` (with `dockerfile`) and push it tagged `tag`, or deploy the given `ref`. */
export type ImageSource = { context: string; dockerfile?: string; tag: string } | { ref: string };

export interface AppSettings {
  image: ImageSource;
  port: number;
  replicas: { min: number; max: number };
  cpu: string;
  memory: string;
  host?: string;
  ingressClass?: string;
}

export interface FeatureSettings extends Omit<FeatureConfig, "ttlHours" | "quota"> {
  ttlHours: number;
  quota: { cpu: string; memory: string; pods: number };
}

/** Fully defaulted settings: what every component receives. */
export interface Settings {
  project: string;
  stack: string;
  cloud: Cloud;
  role: Role;
  tier: Tier;
  defaults: Readonly<TierDefaults>;
  nodePool: NodePoolSettings;
  network: { cidr: string; authorizedNetworks: string[]; vpcId?: string; subnetIds?: string[] };
  kubernetesVersion?: string;
  registry: { keepImages: number; scanOnPush: boolean };
  app: AppSettings;
  feature?: FeatureSettings;
  providers: ProviderSettings;
}

/** Raw `namespace:key` → string map, as `pulumi.runtime.allConfig()` returns it. */
export type RawConfig = Record<string, string>;

/**
 * Reads the stack's configuration. It uses `allConfig()` rather than typed getters because an
 * unknown `steuermann:*` key must be seen to be rejected, and getters only see keys they ask for.
 */
export function loadSettings(): Settings {
  return parseSettings(pulumi.runtime.allConfig(), pulumi.getProject(), pulumi.getStack(), process.env);
}

/**
 * The image tag: `STEUERMANN_IMAGE_TAG`, else `app.image.tag`, else the commit (`GITHUB_SHA` in
 * Actions, `git rev-parse` on a laptop). Registries are immutable, so a tag is never reused.
 */
export function resolveImageTag(configured: string | undefined, env: NodeJS.ProcessEnv): string {
  const fromEnv = env.STEUERMANN_IMAGE_TAG;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(fromEnv) || fromEnv === "latest") {
      throw new ConfigError(
        `STEUERMANN_IMAGE_TAG (${fromEnv}) is not a usable Docker tag: use letters, digits, '_', '.', '-', never latest`,
      );
    }
    return fromEnv;
  }
  if (configured !== undefined) {
    return configured;
  }
  if (env.GITHUB_SHA) {
    return env.GITHUB_SHA.slice(0, 12);
  }
  try {
    return execFileSync("git", ["rev-parse", "--short=12", "HEAD"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    throw new ConfigError(
      `${NAMESPACE}:app.image.tag is required outside a git checkout: set it, or STEUERMANN_IMAGE_TAG, to a version such as 1.4.2`,
    );
  }
}

/** Pure apart from `env` (and git, for the default image tag): validates and resolves every default. */
export function parseSettings(
  raw: RawConfig,
  project: string,
  stack: string,
  env: NodeJS.ProcessEnv = {},
): Settings {
  const input: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(raw)) {
    const [ns, ...rest] = fullKey.split(":");
    if (ns !== NAMESPACE) {
      continue;
    }
    const key = rest.join(":");
    input[key] = OBJECT_KEYS.has(key) ? parseJson(key, value) : value;
  }

  const parsed = steuermannSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(formatIssue(NAMESPACE, parsed.error.issues, input));
  }
  const cfg = parsed.data;
  checkRelations(cfg);
  return resolve(cfg, raw, project, stack, env);
}

function parseJson(key: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new ConfigError(
      `${NAMESPACE}:${key} (${value}) must be an object: write it as a YAML map in the stack file, or use \`pulumi config set --path ${NAMESPACE}:${key}.<field> <value>\``,
    );
  }
}

function checkRelations(cfg: SteuermannConfig): void {
  if (cfg.role === "feature" && cfg.feature === undefined) {
    throw new ConfigError(
      `${NAMESPACE}:feature is required when role is feature: set at least feature.name (the branch) and feature.platformStack`,
    );
  }
  if (cfg.role === "platform" && cfg.feature !== undefined) {
    throw new ConfigError(
      `${NAMESPACE}:feature is only read when role is feature: remove it, or set ${NAMESPACE}:role to feature`,
    );
  }
  if (cfg.role === "feature") {
    // A preview environment runs on the platform's cluster: it has no cluster, network or registry of its own.
    for (const key of ["nodePool", "network", "registry", "kubernetesVersion"] as const) {
      if (cfg[key] !== undefined) {
        throw new ConfigError(
          `${NAMESPACE}:${key} is only read by platform stacks: remove it from this feature stack (the platform stack ${cfg.feature?.platformStack ?? ""} sets it)`,
        );
      }
    }
  }
  const net = cfg.network;
  if (net?.vpcId !== undefined || net?.subnetIds !== undefined) {
    if (cfg.cloud !== "aws") {
      const key = net.vpcId !== undefined ? "vpcId" : "subnetIds";
      throw new ConfigError(
        `${NAMESPACE}:network.${key} is only supported for cloud aws (this stack is ${cfg.cloud}): remove it and let steuermann create the network`,
      );
    }
    if (net.vpcId === undefined || net.subnetIds === undefined) {
      const missing = net.vpcId === undefined ? "vpcId" : "subnetIds";
      throw new ConfigError(
        `${NAMESPACE}:network.${missing} is required with an existing network: set both network.vpcId and network.subnetIds, or neither`,
      );
    }
  }
  if (net?.cidr !== undefined && isIpv4Cidr(net.cidr)) {
    const bits = prefixLength(net.cidr);
    if (bits < 16 || bits > 20) {
      throw new ConfigError(
        `${NAMESPACE}:network.cidr (${net.cidr}) must be a /16 to /20 network: every zone needs a public and a private subnet`,
      );
    }
  }
}

function providerSettings(cloud: Cloud, role: Role, raw: RawConfig): ProviderSettings {
  const need = (key: string, example: string): string => {
    const value = raw[key];
    if (value === undefined || value.trim() === "") {
      throw new ConfigError(
        `${key} is required for cloud ${cloud}: set it with \`pulumi config set ${key} ${example}\``,
      );
    }
    return value;
  };
  // A feature stack deploys only into the platform's cluster through its kubeconfig: it
  // creates no cloud resources and so needs no cloud provider settings.
  if (role === "feature") {
    return {};
  }
  switch (cloud) {
    case "aws":
      return { aws: { region: need("aws:region", "eu-central-1") } };
    case "azure":
      return { azure: { location: need("azure-native:location", "germanywestcentral") } };
    case "gcp":
      return {
        gcp: { project: need("gcp:project", "my-project-id"), region: need("gcp:region", "europe-west3") },
      };
    case "local":
      return { local: { context: raw["kubernetes:context"] } };
    default: {
      const unreachable: never = cloud;
      throw new ConfigError(`unsupported cloud ${String(unreachable)}`);
    }
  }
}

const DEFAULT_APP: Omit<AppSettings, "image"> = {
  port: 8080,
  replicas: { min: 2, max: 5 },
  cpu: "100m",
  memory: "128Mi",
};

function resolveApp(app: AppConfig | undefined, env: NodeJS.ProcessEnv): AppSettings {
  const image: ImageSource =
    app?.image?.ref !== undefined
      ? { ref: app.image.ref }
      : {
          context: app?.image?.context ?? "app",
          ...(app?.image?.dockerfile !== undefined ? { dockerfile: app.image.dockerfile } : {}),
          tag: resolveImageTag(app?.image?.tag, env),
        };
  return {
    image,
    port: app?.port ?? DEFAULT_APP.port,
    replicas: app?.replicas ?? DEFAULT_APP.replicas,
    cpu: app?.cpu ?? DEFAULT_APP.cpu,
    memory: app?.memory ?? DEFAULT_APP.memory,
    ...(app?.host !== undefined ? { host: app.host } : {}),
    ...(app?.ingressClass !== undefined ? { ingressClass: app.ingressClass } : {}),
  };
}

function resolve(
  cfg: SteuermannConfig,
  raw: RawConfig,
  project: string,
  stack: string,
  env: NodeJS.ProcessEnv,
): Settings {
  const defaults = TIER_DEFAULTS[cfg.tier];
  const pool = cfg.nodePool;
  const machineType =
    pool?.machineType ?? (cfg.cloud === "local" ? "local" : DEFAULT_MACHINE_TYPES[cfg.cloud][cfg.tier]);
  const feature = cfg.feature;
  return {
    project,
    stack,
    cloud: cfg.cloud,
    role: cfg.role,
    tier: cfg.tier,
    defaults,
    nodePool: {
      machineType,
      minNodes: pool?.minNodes ?? defaults.nodePool.minNodes,
      maxNodes: pool?.maxNodes ?? defaults.nodePool.maxNodes,
      spot: pool?.spot ?? defaults.spot,
      diskSizeGb: pool?.diskSizeGb ?? 50,
      labels: pool?.labels ?? {},
      taints: pool?.taints ?? [],
    },
    network: {
      cidr: cfg.network?.cidr ?? "10.0.0.0/16",
      authorizedNetworks: cfg.network?.authorizedNetworks ?? [],
      ...(cfg.network?.vpcId !== undefined ? { vpcId: cfg.network.vpcId } : {}),
      ...(cfg.network?.subnetIds !== undefined ? { subnetIds: cfg.network.subnetIds } : {}),
    },
    ...(cfg.kubernetesVersion !== undefined ? { kubernetesVersion: cfg.kubernetesVersion } : {}),
    registry: {
      keepImages: cfg.registry?.keepImages ?? 30,
      scanOnPush: cfg.registry?.scanOnPush ?? true,
    },
    app: resolveApp(cfg.app, env),
    ...(feature !== undefined
      ? {
          feature: {
            ...feature,
            ttlHours: feature.ttlHours ?? 72,
            quota: {
              cpu: feature.quota?.cpu ?? "2",
              memory: feature.quota?.memory ?? "4Gi",
              pods: feature.quota?.pods ?? 20,
            },
          },
        }
      : {}),
    providers: providerSettings(cfg.cloud, cfg.role, raw),
  };
}

/**
 * steuermann: one program, four targets. The stack's configuration alone picks the cloud.
 *
 * Every target module is loaded on demand inside its branch, so a GCP stack never loads
 * `@pulumi/aws` or `@pulumi/azure-native` (each costs seconds and hundreds of MB).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadSettings, Settings } from "./config";
import { AppImage } from "./components/image";
import { RESTRICTED_PSS } from "./components/podSecurity";
import { Workload } from "./components/workload";
import { FeatureNamespace } from "./components/featureNamespace";
import { expiryFrom } from "./feature/expiry";
import { branchSlug } from "./feature/naming";
import type { Cluster } from "./components/cluster/types";
import type { Registry } from "./components/registry/types";

interface FeatureOutputs {
  namespace: pulumi.Output<string>;
  url?: pulumi.Output<string>;
  expiresAt: string;
  image: pulumi.Input<string>;
  [extra: string]: unknown;
}

interface PlatformOutputs {
  cloud: string;
  clusterName: pulumi.Output<string>;
  kubeconfig: pulumi.Output<string>;
  registryUrl: pulumi.Output<string>;
  nodePool: { min: number; max: number };
  [extra: string]: unknown;
}

/**
 * Loads a target module on demand, so that a stack loads only its own cloud's SDK. `require`
 * rather than `import()`: the project is CommonJS, and a native dynamic import would bypass the
 * TypeScript hooks of Pulumi's runtime and the offline plan.
 */
function load<T>(modulePath: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(modulePath) as T;
}

interface Platform {
  cluster: Cluster;
  registry: Registry;
}

/** Creates the cluster and registry of the configured cloud. */
async function platform(settings: Settings): Promise<Platform> {
  const cloud = settings.cloud;
  switch (cloud) {
    case "aws": {
      const { EksCluster } = load<typeof import("./components/cluster/aws")>("./components/cluster/aws");
      const { EcrRegistry } = load<typeof import("./components/registry/aws")>("./components/registry/aws");
      const cluster = new EksCluster("cluster", { settings });
      const registry = new EcrRegistry("registry", { settings, pullIdentity: cluster.pullIdentity });
      return { cluster, registry };
    }
    case "azure": {
      const { AksCluster } = load<typeof import("./components/cluster/azure")>("./components/cluster/azure");
      const { AcrRegistry } = load<typeof import("./components/registry/azure")>(
        "./components/registry/azure",
      );
      const cluster = new AksCluster("cluster", { settings });
      const registry = new AcrRegistry("registry", {
        settings,
        pullIdentity: cluster.pullIdentity,
        resourceGroupName: cluster.resourceGroupName,
        location: cluster.location,
      });
      return { cluster, registry };
    }
    case "gcp": {
      const { GkeCluster } = load<typeof import("./components/cluster/gcp")>("./components/cluster/gcp");
      const { ArtifactRegistry } =
        load<typeof import("./components/registry/gcp")>("./components/registry/gcp");
      const cluster = new GkeCluster("cluster", { settings });
      const registry = new ArtifactRegistry("registry", { settings, pullIdentity: cluster.pullIdentity });
      return { cluster, registry };
    }
    case "local": {
      const { LocalCluster, readLocalKubeconfig } = load<typeof import("./components/cluster/local")>(
        "./components/cluster/local",
      );
      const { LocalRegistry } = load<typeof import("./components/registry/local")>(
        "./components/registry/local",
      );
      // Read before anything is registered: a missing kubeconfig is a set-up error, not a failed deploy.
      const kubeconfig = readLocalKubeconfig(settings.providers.local?.context);
      const cluster = new LocalCluster("cluster", { settings, kubeconfig });
      const registry = new LocalRegistry("registry", { settings, provider: cluster.provider });
      return { cluster, registry };
    }
    default: {
      const unreachable: never = cloud;
      throw new ConfigError(`steuermann:cloud (${String(unreachable)}) is not supported`);
    }
  }
}

/** Builds (or takes) the app image and runs it in its own namespace on the platform's cluster. */
function deployApp(settings: Settings, { cluster, registry }: Platform) {
  const app = settings.app;
  const image = new AppImage("app-image", {
    repository: registry.repository("app"),
    ...(registry.auth !== undefined ? { auth: registry.auth } : {}),
    source: app.image,
    // Cloud node pools are x86-64; a local cluster runs on the laptop's own architecture.
    ...(settings.cloud !== "local" ? { platform: "linux/amd64" } : {}),
  });
  const namespace = new k8s.core.v1.Namespace(
    "app-namespace",
    { metadata: { name: "app", labels: { ...RESTRICTED_PSS, "app.kubernetes.io/part-of": "steuermann" } } },
    { provider: cluster.provider },
  );
  const workload = new Workload(
    "app",
    {
      provider: cluster.provider,
      namespace: namespace.metadata.name,
      image: image.ref,
      port: app.port,
      replicas: app.replicas,
      cpu: app.cpu,
      memory: app.memory,
      version: "ref" in app.image ? "external" : app.image.tag,
      ...(app.host !== undefined ? { host: app.host } : {}),
      ...(app.ingressClass !== undefined ? { ingressClass: app.ingressClass } : {}),
    },
    { dependsOn: [namespace] },
  );
  return { image, namespace, workload };
}

/**
 * A preview environment: a hardened namespace and the app on an existing platform stack's
 * cluster. It reads the platform through a StackReference and creates no cloud resources.
 */
async function featureEnvironment(settings: Settings): Promise<FeatureOutputs> {
  const feature = settings.feature;
  if (feature === undefined) {
    throw new ConfigError("steuermann:feature is required when role is feature");
  }
  const platform = new pulumi.StackReference("platform", { name: feature.platformStack });
  const provider = new k8s.Provider("platform-k8s", {
    // A secret on the platform stack; getOutput keeps it one here.
    kubeconfig: platform.requireOutput("kubeconfig") as pulumi.Output<string>,
    enableServerSideApply: true,
    // A preview must be removable even after its cluster is gone.
    deleteUnreachable: true,
  });
  const expiresAt = expiryFrom(new Date(), feature.ttlHours);
  const ns = new FeatureNamespace("feature", {
    provider,
    branch: feature.name,
    expiresAt,
    ...(feature.owner !== undefined ? { owner: feature.owner } : {}),
    quota: feature.quota,
  });
  const app = settings.app;
  const image =
    "ref" in app.image
      ? pulumi.output(app.image.ref)
      : pulumi.interpolate`${platform.requireOutput("appRepository")}:${app.image.tag}`;
  const workload = new Workload(
    "app",
    {
      provider,
      namespace: ns.name,
      image,
      port: app.port,
      replicas: app.replicas,
      cpu: app.cpu,
      memory: app.memory,
      version: "ref" in app.image ? "external" : app.image.tag,
      // In a feature stack, app.host is the preview domain: each branch gets <namespace>.<domain>.
      ...(app.host !== undefined ? { host: `${branchSlug(feature.name)}.${app.host}` } : {}),
      ...(app.ingressClass !== undefined ? { ingressClass: app.ingressClass } : {}),
    },
    { dependsOn: [ns] },
  );
  return {
    cloud: settings.cloud,
    namespace: ns.name,
    ...(workload.url !== undefined ? { url: workload.url } : {}),
    expiresAt: expiresAt.toISOString(),
    image,
  };
}

/** The Pulumi program. Pulumi calls the exported function and exports what it returns. */
async function main(): Promise<PlatformOutputs | FeatureOutputs> {
  const settings = loadSettings();
  if (settings.role === "feature") {
    return featureEnvironment(settings);
  }
  const target = await platform(settings);
  const { cluster, registry } = target;
  const app = deployApp(settings, target);
  return {
    cloud: settings.cloud,
    clusterName: cluster.clusterName,
    kubeconfig: cluster.kubeconfig,
    registryUrl: registry.url,
    nodePool: cluster.nodePool,
    ...cluster.extras,
    appImage: app.image.ref,
    appRepository: registry.repository("app"),
    appNamespace: app.namespace.metadata.name,
    ...(app.workload.url !== undefined ? { appUrl: app.workload.url } : {}),
  };
}

export = main;

/**
 * steuermann: one program, four targets. The stack's configuration alone picks the cloud.
 *
 * Every target module is loaded with a dynamic `import()` inside its branch, so a GCP stack
 * never loads `@pulumi/aws` or `@pulumi/azure-native` (each costs seconds and hundreds of MB).
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadSettings, Settings } from "./config";
import { AppImage } from "./components/image";
import { RESTRICTED_PSS } from "./components/podSecurity";
import { Workload } from "./components/workload";
import type { Cluster } from "./components/cluster/types";
import type { Registry } from "./components/registry/types";

interface PlatformOutputs {
  cloud: string;
  clusterName: pulumi.Output<string>;
  kubeconfig: pulumi.Output<string>;
  registryUrl: pulumi.Output<string>;
  nodePool: { min: number; max: number };
  [extra: string]: unknown;
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
      const { EksCluster } = await import("./components/cluster/aws");
      const { EcrRegistry } = await import("./components/registry/aws");
      const cluster = new EksCluster("cluster", { settings });
      const registry = new EcrRegistry("registry", { settings, pullIdentity: cluster.pullIdentity });
      return { cluster, registry };
    }
    case "azure": {
      const { AksCluster } = await import("./components/cluster/azure");
      const { AcrRegistry } = await import("./components/registry/azure");
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
      const { GkeCluster } = await import("./components/cluster/gcp");
      const { ArtifactRegistry } = await import("./components/registry/gcp");
      const cluster = new GkeCluster("cluster", { settings });
      const registry = new ArtifactRegistry("registry", { settings, pullIdentity: cluster.pullIdentity });
      return { cluster, registry };
    }
    case "local": {
      const { LocalCluster, readLocalKubeconfig } = await import("./components/cluster/local");
      const { LocalRegistry } = await import("./components/registry/local");
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

/** The Pulumi program. Pulumi calls the exported function and exports what it returns. */
async function main(): Promise<PlatformOutputs> {
  const settings = loadSettings();
  if (settings.role === "feature") {
    throw new ConfigError(
      "steuermann:role (feature) is not available yet: preview environments arrive with `npm run feature`; use role platform",
    );
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
    appNamespace: app.namespace.metadata.name,
    ...(app.workload.url !== undefined ? { appUrl: app.workload.url } : {}),
  };
}

export = main;

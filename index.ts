/**
 * steuermann: one program, four targets. The stack's configuration alone picks the cloud.
 *
 * Every target module is loaded with a dynamic `import()` inside its branch, so a GCP stack
 * never loads `@pulumi/aws` or `@pulumi/azure-native` (each costs seconds and hundreds of MB).
 */
import type * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadSettings, Settings } from "./config";
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

/** The Pulumi program. Pulumi calls the exported function and exports what it returns. */
async function main(): Promise<PlatformOutputs> {
  const settings = loadSettings();
  if (settings.role === "feature") {
    throw new ConfigError(
      "steuermann:role (feature) is not available yet: preview environments arrive with `npm run feature`; use role platform",
    );
  }
  const { cluster, registry } = await platform(settings);
  return {
    cloud: settings.cloud,
    clusterName: cluster.clusterName,
    kubeconfig: cluster.kubeconfig,
    registryUrl: registry.url,
    nodePool: cluster.nodePool,
    ...cluster.extras,
  };
}

export = main;

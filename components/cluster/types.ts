import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { NodePoolSettings, Settings } from "../../config";

/**
 * The contract every target's cluster fulfils: workloads and add-ons only ever see this, so
 * they run unchanged on EKS, AKS, GKE or a local cluster.
 */
export interface Cluster extends pulumi.ComponentResource {
  /** The cluster's name in its cloud (or the kubeconfig context for local). */
  readonly clusterName: pulumi.Output<string>;
  /** A kubeconfig for the cluster, always a Pulumi secret. */
  readonly kubeconfig: pulumi.Output<string>;
  /** A Kubernetes provider bound to this cluster; pass it explicitly to every Kubernetes resource. */
  readonly provider: k8s.Provider;
  /** The autoscaled node pool's bounds as configured. */
  readonly nodePool: { min: number; max: number };
  /**
   * The identity that pulls images, for the registry's pull grant: the node IAM role ARN (AWS), the
   * kubelet identity's object id (Azure), a service account e-mail (GCP); none for local.
   */
  readonly pullIdentity?: pulumi.Output<string>;
  /** Target-specific outputs worth exporting (endpoint, OIDC issuer, ...). */
  readonly extras: Record<string, pulumi.Input<unknown>>;
}

/** Arguments every cluster component takes. */
export interface ClusterArgs {
  /** Validated, defaulted stack settings. */
  settings: Settings;
}

/** `{ min, max }` as the shared `nodePool` output. */
export function poolBounds(pool: NodePoolSettings): { min: number; max: number } {
  return { min: pool.minNodes, max: pool.maxNodes };
}

/**
 * Desired size at creation only: the autoscaler owns it afterwards (each component sets
 * `ignoreChanges` on it). At least one node so that core add-ons can schedule on day one.
 */
export function initialNodeCount(pool: NodePoolSettings): number {
  return Math.min(Math.max(pool.minNodes, 1), pool.maxNodes);
}

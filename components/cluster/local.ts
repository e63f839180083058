import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../../config";
import { Cluster, ClusterArgs, poolBounds } from "./types";

interface KubeconfigDoc {
  "current-context"?: string;
  contexts?: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  clusters?: { name: string }[];
  users?: { name: string }[];
  [key: string]: unknown;
}

/** The kubeconfig kubectl would read: the first file in `$KUBECONFIG`, else `~/.kube/config`. */
export function kubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.KUBECONFIG?.split(path.delimiter).find((p) => p !== "");
  return fromEnv ?? path.join(homedir(), ".kube", "config");
}

/**
 * One context's cluster and user from a kubeconfig, and nothing else: the stack output must not
 * carry credentials of the user's other clusters.
 */
export function minifyKubeconfig(text: string, context: string | undefined, source: string): string {
  const doc = (parse(text) ?? {}) as KubeconfigDoc;
  const name = context ?? doc["current-context"];
  const ctx = doc.contexts?.find((c) => c.name === name);
  if (name === undefined || ctx === undefined) {
    const known = (doc.contexts ?? []).map((c) => c.name).join(", ") || "none";
    throw new ConfigError(
      `kubernetes:context (${name ?? "unset"}) is not a context in ${source} (contexts: ${known}): set it with \`pulumi config set kubernetes:context <name>\``,
    );
  }
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: (doc.clusters ?? []).filter((c) => c.name === ctx.context.cluster),
    users: (doc.users ?? []).filter((u) => u.name === ctx.context.user),
    contexts: [ctx],
    "current-context": ctx.name,
  });
}

/**
 * An existing local cluster (kind, k3d, minikube, Docker Desktop) reached through a kubeconfig
 * context. It creates no cloud resources, and it is the one target without node autoscaling:
 * the laptop is the node pool.
 */
/** Reads and minifies the kubeconfig for `context` (the current context when unset). */
export function readLocalKubeconfig(
  context: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const file = kubeconfigPath(env);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ConfigError(
      `KUBECONFIG (${file}) cannot be read: create a local cluster first (kind create cluster) or point KUBECONFIG at its kubeconfig`,
    );
  }
  return minifyKubeconfig(text, context, file);
}

export interface LocalClusterArgs extends ClusterArgs {
  /** The minified kubeconfig from `readLocalKubeconfig`. */
  kubeconfig: string;
}

export class LocalCluster extends pulumi.ComponentResource implements Cluster {
  public readonly clusterName: pulumi.Output<string>;
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly provider: k8s.Provider;
  public readonly nodePool: { min: number; max: number };
  public readonly extras: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: LocalClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("steuermann:local:Cluster", name, {}, opts);
    const s = args.settings;
    const kubeconfig = args.kubeconfig;
    const context = (JSON.parse(kubeconfig) as KubeconfigDoc)["current-context"] ?? "";

    this.kubeconfig = pulumi.secret(kubeconfig);
    this.clusterName = pulumi.output(context);
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true, deleteUnreachable: true },
      { parent: this },
    );
    this.nodePool = poolBounds(s.nodePool);
    this.extras = { context, autoscaling: "none: a local cluster has the nodes it was created with" };
    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      nodePool: this.nodePool,
    });
  }
}

import * as docker from "@pulumi/docker";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../config";
import { Registry } from "./types";

/** `registry:2`, pinned: the CNCF distribution registry that kind's and k3d's guides use. */
export const LOCAL_REGISTRY_IMAGE = "registry:2.8.3";
export const LOCAL_REGISTRY_PORT = 5001;

export interface LocalRegistryArgs {
  settings: Settings;
  /** The local cluster's Kubernetes provider, for the `local-registry-hosting` ConfigMap. */
  provider: k8s.Provider;
}

/**
 * A registry container on the laptop's Docker engine at `localhost:5001`, announced to the
 * cluster through the `local-registry-hosting` ConfigMap (KEP-1755), which kind, k3d and Tilt read.
 */
export class LocalRegistry extends pulumi.ComponentResource implements Registry {
  public readonly url: pulumi.Output<string>;

  constructor(name: string, args: LocalRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("steuermann:local:Registry", name, {}, opts);
    const host = `localhost:${LOCAL_REGISTRY_PORT}`;
    const image = new docker.RemoteImage(
      `${name}-image`,
      { name: LOCAL_REGISTRY_IMAGE, keepLocally: true },
      { parent: this },
    );
    new docker.Container(
      `${name}-container`,
      {
        name: `${args.settings.project}-registry`,
        image: image.imageId,
        restart: "always",
        // Bound to loopback: the registry has no authentication.
        ports: [{ internal: 5000, external: LOCAL_REGISTRY_PORT, ip: "127.0.0.1" }],
        // kind nodes reach it by name on the "kind" network (see README: local target).
        networksAdvanced: [{ name: "kind" }],
      },
      { parent: this },
    );
    new k8s.core.v1.ConfigMap(
      `${name}-hosting`,
      {
        metadata: { name: "local-registry-hosting", namespace: "kube-public" },
        data: {
          "localRegistryHosting.v1": `host: "${host}"\nhelp: "https://kind.sigs.k8s.io/docs/user/local-registry/"\n`,
        },
      },
      { parent: this, provider: args.provider },
    );
    this.url = pulumi.output(`${host}/${args.settings.project}`);
    this.registerOutputs({ url: this.url });
  }

  public repository(name: string): pulumi.Output<string> {
    return pulumi.interpolate`${this.url}/${name}`;
  }
}

import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../config";

/** Short-lived push credentials for a registry, always a Pulumi secret. */
export interface RegistryAuth {
  server: string;
  username: string;
  password: string;
}

/** The contract every target's registry fulfils. */
export interface Registry extends pulumi.ComponentResource {
  /** Where images are pushed and pulled from: `<host>/<path>`, without a tag. */
  readonly url: pulumi.Output<string>;
  /** Push credentials minted by the cloud at deploy time (none for the local registry). */
  readonly auth?: pulumi.Output<RegistryAuth>;
  /** The repository an image called `name` is pushed to, without a tag. */
  repository(name: string): pulumi.Output<string>;
}

export interface RegistryArgs {
  /** Validated, defaulted stack settings. */
  settings: Settings;
  /**
   * The identity the cluster pulls images with; the registry grants it read access and nothing
   * more. See `Cluster.pullIdentity`.
   */
  pullIdentity: pulumi.Input<string>;
}

import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { ImageSource } from "../config";
import type { RegistryAuth } from "./registry/types";

export interface AppImageArgs {
  /** The repository to push to, without a tag (`Registry.repository(name)`). */
  repository: pulumi.Input<string>;
  /**
   * Short-lived push credentials from the cloud (`Registry.auth`).
   * @default none: the Docker engine's own login is used (the local registry needs none)
   */
  auth?: pulumi.Input<RegistryAuth>;
  /** Build `context` and push it as `tag`, or deploy an existing `ref` as it is. */
  source: ImageSource;
  /**
   * Target platform of the build: `linux/amd64` for the cloud node pools steuermann creates
   * (all x86-64). Unset for a local cluster, whose nodes share the Docker engine's platform.
   * @default the Docker engine's own platform
   */
  platform?: string;
}

/**
 * Builds the app image with the Docker engine, pushes it to the stack's registry and exposes
 * the pushed digest, so that a Deployment names exactly the bytes that were built. With
 * `source.ref` nothing is built and the reference is used as given.
 */
export class AppImage extends pulumi.ComponentResource {
  /** What a Deployment should run: `repository@sha256:...` for a build, else the given ref. */
  public readonly ref: pulumi.Output<string>;
  /** The tag that was pushed, for people (`repository:tag`); the given ref otherwise. */
  public readonly taggedName: pulumi.Output<string>;

  constructor(name: string, args: AppImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("steuermann:index:AppImage", name, {}, opts);
    const source = args.source;
    if ("ref" in source) {
      this.ref = pulumi.output(source.ref);
      this.taggedName = this.ref;
    } else {
      this.taggedName = pulumi.interpolate`${args.repository}:${source.tag}`;
      const auth = args.auth !== undefined ? pulumi.output(args.auth) : undefined;
      const image = new docker.Image(
        `${name}-build`,
        {
          imageName: this.taggedName,
          build: {
            context: source.context,
            dockerfile: source.dockerfile ?? `${source.context}/Dockerfile`,
            ...(args.platform !== undefined ? { platform: args.platform } : {}),
          },
          ...(auth !== undefined
            ? {
                registry: {
                  server: auth.server,
                  username: auth.username,
                  password: pulumi.secret(auth.password),
                },
              }
            : {}),
        },
        { parent: this },
      );
      this.ref = image.repoDigest;
    }
    this.registerOutputs({ ref: this.ref });
  }
}

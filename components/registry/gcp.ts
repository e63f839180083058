import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ownerTags, resourceName } from "../naming";
import { Registry, RegistryArgs, RegistryAuth } from "./types";

/**
 * An Artifact Registry Docker repository with immutable tags, a cleanup policy that keeps the
 * newest `registry.keepImages` versions, vulnerability scanning on push, and
 * `roles/artifactregistry.reader` on this repository for the node service account.
 */
export class ArtifactRegistry extends pulumi.ComponentResource implements Registry {
  public readonly url: pulumi.Output<string>;
  public readonly auth: pulumi.Output<RegistryAuth>;

  constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("steuermann:gcp:Registry", name, {}, opts);
    const s = args.settings;
    const project = s.providers.gcp?.project ?? "";
    const region = s.providers.gcp?.region ?? "";
    const protect = s.defaults.protect;
    const repositoryId = resourceName([s.project, s.stack], 63);

    // Scanning on push is Artifact Analysis, switched on per project; leaving it on at destroy
    // keeps other projects' users of the API unharmed.
    const scanning = s.registry.scanOnPush
      ? new gcp.projects.Service(
          `${name}-scanning-api`,
          { project, service: "containerscanning.googleapis.com", disableOnDestroy: false },
          { parent: this },
        )
      : undefined;

    const repo = new gcp.artifactregistry.Repository(
      `${name}-repo`,
      {
        repositoryId,
        project,
        location: region,
        format: "DOCKER",
        description: `Images for ${s.project}/${s.stack}`,
        dockerConfig: { immutableTags: true },
        cleanupPolicyDryRun: false,
        // KEEP wins over DELETE: everything but the newest `keepImages` versions is removed.
        cleanupPolicies: [
          { id: "keep-newest", action: "KEEP", mostRecentVersions: { keepCount: s.registry.keepImages } },
          { id: "delete-rest", action: "DELETE", condition: { tagState: "ANY" } },
        ],
        vulnerabilityScanningConfig: { enablementConfig: s.registry.scanOnPush ? "INHERITED" : "DISABLED" },
        labels: ownerTags(s, "-"),
      },
      // Scanning must be on before the first push for that push to be scanned.
      { parent: this, protect, ...(scanning ? { dependsOn: [scanning] } : {}) },
    );
    new gcp.artifactregistry.RepositoryIamMember(
      `${name}-node-reader`,
      {
        project,
        location: region,
        repository: repo.name,
        role: "roles/artifactregistry.reader",
        member: pulumi.interpolate`serviceAccount:${args.pullIdentity}`,
      },
      { parent: this },
    );

    const host = `${region}-docker.pkg.dev`;
    this.url = pulumi.interpolate`${host}/${project}/${repo.repositoryId}`;
    // The deployer's own short-lived OAuth token (gcloud or workload identity federation in CI).
    const token = gcp.organizations.getClientConfigOutput({ parent: this }).accessToken;
    this.auth = pulumi.secret(
      token.apply((password) => ({ server: host, username: "oauth2accesstoken", password })),
    );
    this.registerOutputs({ url: this.url });
  }

  public repository(name: string): pulumi.Output<string> {
    return pulumi.interpolate`${this.url}/${name}`;
  }
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ownerTags, resourceName } from "../naming";
import { Registry, RegistryArgs, RegistryAuth } from "./types";

/**
 * An ECR repository with immutable tags, scan on push, KMS encryption, a lifecycle policy that
 * keeps the newest `registry.keepImages` images, and a repository policy that lets the node role
 * pull (and only pull).
 */
export class EcrRegistry extends pulumi.ComponentResource implements Registry {
  public readonly url: pulumi.Output<string>;
  public readonly auth: pulumi.Output<RegistryAuth>;
  public readonly repositoryName: pulumi.Output<string>;

  constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("steuermann:aws:Registry", name, {}, opts);
    const s = args.settings;
    const protect = s.defaults.protect;
    const tags = ownerTags(s, ":");

    const repo = new aws.ecr.Repository(
      `${name}-repo`,
      {
        name: resourceName([s.project, s.stack], 100),
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: s.registry.scanOnPush },
        encryptionConfigurations: [{ encryptionType: "KMS" }],
        // Outside prod a destroy removes the images too; prod keeps them (and is protected).
        forceDelete: !protect,
        tags,
      },
      { parent: this, protect },
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-lifecycle`,
      { repository: repo.name, policy: lifecyclePolicy(s.registry.keepImages) },
      { parent: this },
    );
    new aws.ecr.RepositoryPolicy(
      `${name}-pull`,
      { repository: repo.name, policy: pulumi.output(args.pullIdentity).apply(pullOnlyPolicy) },
      { parent: this },
    );

    const token = aws.ecr.getAuthorizationTokenOutput({ registryId: repo.registryId }, { parent: this });
    this.url = repo.repositoryUrl;
    this.repositoryName = repo.name;
    this.auth = pulumi.secret(
      pulumi
        .all([token.proxyEndpoint, token.userName, token.password])
        .apply(([server, username, password]) => ({
          server,
          username,
          password,
        })),
    );
    this.registerOutputs({ url: this.url });
  }

  /** An ECR repository holds one image: this one. */
  public repository(_name: string): pulumi.Output<string> {
    return this.url;
  }
}

/** Untagged layers go after a week; of the rest, the newest `keep` images stay. */
export function lifecyclePolicy(keep: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: "Expire untagged images after 7 days",
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: 7,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the newest ${keep} images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
        action: { type: "expire" },
      },
    ],
  });
}

/** Read-only image access for one role: the three actions a pull needs. */
export function pullOnlyPolicy(roleArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "NodePullOnly",
        Effect: "Allow",
        Principal: { AWS: roleArn },
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
      },
    ],
  });
}

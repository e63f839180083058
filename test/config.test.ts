import { ConfigError } from "../config";
import { parseSettings, RawConfig, resolveImageTag } from "../config";
import { didYouMean } from "../config/errors";
import { TIER_DEFAULTS } from "../config/tiers";

const AWS: RawConfig = { "steuermann:cloud": "aws", "aws:region": "eu-central-1" };

function errorOf(raw: RawConfig): string {
  try {
    parseSettings(raw, "steuermann", "test");
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("config errors: one line naming the key, the value and the fix", () => {
  it.each<[string, RawConfig, string]>([
    [
      "unknown cloud",
      { "steuermann:cloud": "digitalocean" },
      "steuermann:cloud (digitalocean) must be one of aws, azure, gcp, local: set it with `pulumi config set steuermann:cloud aws`",
    ],
    [
      "missing cloud",
      {},
      "steuermann:cloud is required: set it with `pulumi config set steuermann:cloud <aws|azure|gcp|local>`",
    ],
    [
      "minNodes > maxNodes",
      { ...AWS, "steuermann:nodePool": '{"minNodes":6,"maxNodes":3}' },
      "steuermann:nodePool.minNodes (6) must not exceed maxNodes (3): lower minNodes or raise maxNodes",
    ],
    [
      "maxNodes 0",
      { ...AWS, "steuermann:nodePool": '{"minNodes":0,"maxNodes":0}' },
      "steuermann:nodePool.maxNodes (0) must be at least 1: a pool that can never hold a node cannot run workloads",
    ],
    [
      "malformed CIDR",
      { ...AWS, "steuermann:network": '{"cidr":"10.0.0.0/33"}' },
      "steuermann:network.cidr (10.0.0.0/33) is not a valid IPv4 CIDR: use the form 10.0.0.0/16 (host bits zero, prefix 0-32)",
    ],
    [
      "CIDR with host bits",
      { ...AWS, "steuermann:network": '{"cidr":"10.0.0.1/16"}' },
      "steuermann:network.cidr (10.0.0.1/16) is not a valid IPv4 CIDR: use the form 10.0.0.0/16 (host bits zero, prefix 0-32)",
    ],
    [
      "authorized network open to the internet",
      { ...AWS, "steuermann:network": '{"authorizedNetworks":["0.0.0.0/0"]}' },
      "steuermann:network.authorizedNetworks[0] (0.0.0.0/0) opens the API server to the whole internet: list your office or CI egress ranges instead",
    ],
    [
      "missing AWS region",
      { "steuermann:cloud": "aws" },
      "aws:region is required for cloud aws: set it with `pulumi config set aws:region eu-central-1`",
    ],
    [
      "missing GCP project",
      { "steuermann:cloud": "gcp", "gcp:region": "europe-west3" },
      "gcp:project is required for cloud gcp: set it with `pulumi config set gcp:project my-project-id`",
    ],
    [
      "missing Azure location",
      { "steuermann:cloud": "azure" },
      "azure-native:location is required for cloud azure: set it with `pulumi config set azure-native:location germanywestcentral`",
    ],
    [
      "misspelt top-level key",
      { ...AWS, "steuermann:nodepool": '{"minNodes":1,"maxNodes":3}' },
      "steuermann:nodepool is not a known key; did you mean steuermann:nodePool?",
    ],
    [
      "misspelt nested key",
      { ...AWS, "steuermann:nodePool": '{"minNode":1,"maxNodes":3}' },
      "steuermann:nodePool.minNode is not a known key; did you mean steuermann:nodePool.minNodes?",
    ],
    [
      "unknown key with nothing close",
      { ...AWS, "steuermann:flux": "on" },
      "steuermann:flux is not a known key; see the config table in README.md",
    ],
    [
      "unknown tier",
      { ...AWS, "steuermann:tier": "production" },
      "steuermann:tier (production) must be one of dev, staging, prod",
    ],
    [
      "object key given as a scalar",
      { ...AWS, "steuermann:nodePool": "three" },
      "steuermann:nodePool (three) must be an object: write it as a YAML map in the stack file, or use `pulumi config set --path steuermann:nodePool.<field> <value>`",
    ],
    [
      "network too small",
      { ...AWS, "steuermann:network": '{"cidr":"10.0.0.0/24"}' },
      "steuermann:network.cidr (10.0.0.0/24) must be a /16 to /20 network: every zone needs a public and a private subnet",
    ],
    [
      "existing subnets on a cloud that does not take them",
      {
        "steuermann:cloud": "gcp",
        "gcp:project": "p",
        "gcp:region": "europe-west3",
        "steuermann:network": '{"subnetIds":["subnet-0abc12345","subnet-0abc12346"]}',
      },
      "steuermann:network.subnetIds is only supported for cloud aws (this stack is gcp): remove it and let steuermann create the network",
    ],
    [
      "subnets without their VPC",
      { ...AWS, "steuermann:network": '{"subnetIds":["subnet-0abc12345","subnet-0abc12346"]}' },
      "steuermann:network.vpcId is required with an existing network: set both network.vpcId and network.subnetIds, or neither",
    ],
    [
      "feature role without feature settings",
      { ...AWS, "steuermann:role": "feature" },
      "steuermann:feature is required when role is feature: set at least feature.name (the branch) and feature.platformStack",
    ],
    [
      "unsupported Kubernetes version format",
      { ...AWS, "steuermann:kubernetesVersion": "1.33.2" },
      "steuermann:kubernetesVersion (1.33.2) must be a Kubernetes minor version such as 1.33, or left unset for the provider default",
    ],
    [
      "app replicas min above max",
      { ...AWS, "steuermann:app": '{"replicas":{"min":5,"max":2}}' },
      "steuermann:app.replicas.min (5) must not exceed max (2): lower min or raise max",
    ],
    [
      "app port out of range",
      { ...AWS, "steuermann:app": '{"port":70000}' },
      "steuermann:app.port (70000) must be at most 65535: the port the container listens on",
    ],
    [
      "app port zero",
      { ...AWS, "steuermann:app": '{"port":0}' },
      "steuermann:app.port (0) must be at least 1: the port the container listens on",
    ],
    [
      "app cpu not a quantity",
      { ...AWS, "steuermann:app": '{"cpu":"abc"}' },
      "steuermann:app.cpu (abc) is not a Kubernetes cpu quantity: use millicores such as 250m, or cores such as 1",
    ],
    [
      "app memory not a quantity",
      { ...AWS, "steuermann:app": '{"memory":"lots"}' },
      "steuermann:app.memory (lots) is not a Kubernetes memory quantity: use a size such as 256Mi or 1Gi",
    ],
    [
      "empty image ref",
      { ...AWS, "steuermann:app": '{"image":{"ref":""}}' },
      'steuermann:app.image.ref ("") must not be empty: give an image reference such as ghcr.io/acme/app:1.2.3, or use context to build',
    ],
    [
      "image ref on latest",
      { ...AWS, "steuermann:app": '{"image":{"ref":"nginx:latest"}}' },
      "steuermann:app.image.ref (nginx:latest) must not use the latest tag: pin a version tag or a digest (@sha256:...)",
    ],
    [
      "image ref together with a build",
      { ...AWS, "steuermann:app": '{"image":{"ref":"nginx:1.27","context":"app"}}' },
      "steuermann:app.image.ref (nginx:1.27) cannot be combined with context, dockerfile or tag: either build an image or deploy a given ref",
    ],
    [
      "image tag latest",
      { ...AWS, "steuermann:app": '{"image":{"tag":"latest"}}' },
      "steuermann:app.image.tag (latest) must not be latest: tags are immutable in every registry steuermann creates",
    ],
    [
      "host that is not a host name",
      { ...AWS, "steuermann:app": '{"host":"https://app.example.com"}' },
      "steuermann:app.host (https://app.example.com) is not a DNS host name: use the form app.example.com",
    ],
  ])("%s", (_label, raw, message) => {
    const text = errorOf(raw);
    expect(text).toBe(message);
    expect(text).not.toContain("\n");
  });
});

describe("config defaults", () => {
  it("fills every default from the tier table", () => {
    const s = parseSettings(AWS, "steuermann", "aws-dev");
    expect(s.role).toBe("platform");
    expect(s.tier).toBe("dev");
    expect(s.defaults).toBe(TIER_DEFAULTS.dev);
    expect(s.nodePool).toMatchObject({ minNodes: 1, maxNodes: 3, spot: true, machineType: "t3.medium" });
    expect(s.network).toEqual({ cidr: "10.0.0.0/16", authorizedNetworks: [] });
    expect(s.registry).toEqual({ keepImages: 30, scanOnPush: true });
    expect(s.providers).toEqual({ aws: { region: "eu-central-1" } });
  });

  it("keeps a configured zero (defaults use ??, not ||)", () => {
    const s = parseSettings(
      { ...AWS, "steuermann:nodePool": '{"minNodes":0,"maxNodes":2,"spot":false}' },
      "p",
      "s",
    );
    expect(s.nodePool.minNodes).toBe(0);
    expect(s.nodePool.spot).toBe(false);
  });

  it("prod protects, closes the public endpoint and uses on-demand nodes", () => {
    const s = parseSettings({ ...AWS, "steuermann:tier": "prod" }, "p", "s");
    expect(s.defaults).toMatchObject({
      protect: true,
      publicEndpoint: false,
      spot: false,
      paidControlPlane: true,
    });
    expect(s.nodePool.spot).toBe(false);
  });

  it("dev favours cost: spot nodes, free control plane, nothing protected", () => {
    expect(TIER_DEFAULTS.dev).toMatchObject({
      protect: false,
      spot: true,
      paidControlPlane: false,
      natPerZone: false,
    });
  });

  it("a feature stack needs no cloud credentials settings", () => {
    const s = parseSettings(
      {
        "steuermann:cloud": "aws",
        "steuermann:role": "feature",
        "steuermann:feature": '{"name":"feature/login","platformStack":"aws-dev"}',
      },
      "p",
      "s",
    );
    expect(s.providers).toEqual({});
    expect(s.feature).toMatchObject({ ttlHours: 72, quota: { cpu: "2", memory: "4Gi", pods: 20 } });
  });
});

describe("image tag", () => {
  it("prefers STEUERMANN_IMAGE_TAG, then app.image.tag, then the commit", () => {
    expect(resolveImageTag("v1", { STEUERMANN_IMAGE_TAG: "pr-7", GITHUB_SHA: "abcdef1234567890" })).toBe(
      "pr-7",
    );
    expect(resolveImageTag("v1", { GITHUB_SHA: "abcdef1234567890" })).toBe("v1");
    expect(resolveImageTag(undefined, { GITHUB_SHA: "abcdef1234567890" })).toBe("abcdef123456");
  });

  it("rejects a tag from the environment that Docker would refuse", () => {
    expect(() => resolveImageTag(undefined, { STEUERMANN_IMAGE_TAG: "feature/x" })).toThrow(
      "STEUERMANN_IMAGE_TAG (feature/x) is not a usable Docker tag: use letters, digits, '_', '.', '-', never latest",
    );
  });
});

describe("didYouMean", () => {
  it("suggests a close key and ignores case", () => {
    expect(didYouMean("nodepool", ["nodePool", "network"])).toBe("nodePool");
    expect(didYouMean("netwrok", ["nodePool", "network"])).toBe("network");
  });
  it("stays quiet when nothing is close", () => {
    expect(didYouMean("flux", ["nodePool", "network"])).toBeUndefined();
  });
});

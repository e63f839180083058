import { NODE_ROLES } from "../../components/cluster/gcp";
import { allOf, inputs, one, planStack } from "../helpers/plan";

describe("GKE platform (gcp-dev sample)", () => {
  let plan: Awaited<ReturnType<typeof planStack>>;
  beforeAll(async () => {
    plan = await planStack("gcp-dev");
  });

  it("removes the default pool and autoscales its own pool with total bounds from config", () => {
    const cluster = inputs(one(plan, "gcp:container/cluster:Cluster"));
    expect(cluster.removeDefaultNodePool).toBe(true);
    const pool = one(plan, "gcp:container/nodePool:NodePool");
    expect(inputs(pool).autoscaling).toEqual({
      totalMinNodeCount: 1,
      totalMaxNodeCount: 4,
      locationPolicy: "BALANCED",
    });
    expect(inputs(pool).management).toEqual({ autoRepair: true, autoUpgrade: true });
    expect(pool.ignoreChanges).toEqual(["nodeCount", "initialNodeCount"]);
  });

  it("runs spot, shielded COS nodes as a dedicated service account behind the GKE metadata server", () => {
    const cfg = inputs(one(plan, "gcp:container/nodePool:NodePool")).nodeConfig;
    expect(cfg.spot).toBe(true);
    expect(cfg.imageType).toBe("COS_CONTAINERD");
    expect(cfg.shieldedInstanceConfig).toEqual({ enableSecureBoot: true, enableIntegrityMonitoring: true });
    expect(cfg.workloadMetadataConfig).toEqual({ mode: "GKE_METADATA" });
    expect(cfg.serviceAccount).toMatch(/@acme-steuermann-dev\.iam\.gserviceaccount\.com$/);
    expect(cfg.serviceAccount).not.toMatch(/-compute@developer/);
  });

  it("grants the node account only the logging and monitoring roles", () => {
    const roles = allOf(plan, "gcp:projects/iAMMember:IAMMember").map((m) => inputs(m).role);
    expect(roles.sort()).toEqual([...NODE_ROLES].sort());
  });

  it("is VPC-native with private nodes, Dataplane V2, workload identity and a release channel; no deletion protection in dev", () => {
    const c = inputs(one(plan, "gcp:container/cluster:Cluster"));
    expect(c.networkingMode).toBe("VPC_NATIVE");
    expect(c.privateClusterConfig).toEqual({ enablePrivateNodes: true, enablePrivateEndpoint: false });
    expect(c.datapathProvider).toBe("ADVANCED_DATAPATH");
    expect(c.workloadIdentityConfig).toEqual({ workloadPool: "acme-steuermann-dev.svc.id.goog" });
    expect(c.releaseChannel).toEqual({ channel: "REGULAR" });
    expect(c.enableShieldedNodes).toBe(true);
    expect(c.deletionProtection).toBe(false);
    expect(c.masterAuthorizedNetworksConfig.cidrBlocks).toEqual([
      { cidrBlock: "203.0.113.0/24", displayName: "authorized-0" },
    ]);
    expect(c.location).toBe("europe-west3-a");
  });

  it("Artifact Registry: immutable Docker repository, cleanup keeps the newest N, reader for the node account", () => {
    const repo = inputs(one(plan, "gcp:artifactregistry/repository:Repository"));
    expect(repo.format).toBe("DOCKER");
    expect(repo.dockerConfig).toEqual({ immutableTags: true });
    expect(repo.cleanupPolicies[0]).toMatchObject({ action: "KEEP", mostRecentVersions: { keepCount: 30 } });
    const binding = inputs(one(plan, "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember"));
    expect(binding.role).toBe("roles/artifactregistry.reader");
    expect(binding.member).toMatch(/^serviceAccount:.+@acme-steuermann-dev\.iam\.gserviceaccount\.com$/);
  });

  it("exports the shared outputs", () => {
    expect(plan.outputs).toMatchObject({
      cloud: "gcp",
      clusterName: "steuermann-gcp-dev",
      kubeconfig: "[secret]",
      registryUrl: "europe-west3-docker.pkg.dev/acme-steuermann-dev/steuermann-gcp-dev",
      nodePool: { min: 1, max: 4 },
    });
  });
});

describe("GKE prod (gcp-prod sample)", () => {
  it("is regional, private-endpoint, on-demand, CMEK-encrypted, deletion-protected and protected", async () => {
    const plan = await planStack("gcp-prod");
    const cluster = one(plan, "gcp:container/cluster:Cluster");
    const c = inputs(cluster);
    expect(c.location).toBe("europe-west1");
    expect(c.deletionProtection).toBe(true);
    expect(c.privateClusterConfig.enablePrivateEndpoint).toBe(true);
    expect(c.releaseChannel).toEqual({ channel: "STABLE" });
    expect(c.databaseEncryption).toMatchObject({ state: "ENCRYPTED" });
    expect(inputs(one(plan, "gcp:container/nodePool:NodePool")).nodeConfig.spot).toBe(false);
    const protectedTypes = plan.resources
      .filter((r) => r.protect)
      .map((r) => r.type)
      .sort();
    expect(protectedTypes).toEqual([
      "gcp:artifactregistry/repository:Repository",
      "gcp:container/cluster:Cluster",
      "gcp:kms/cryptoKey:CryptoKey",
      "gcp:kms/keyRing:KeyRing",
    ]);
  });
});

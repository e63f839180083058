import { ACR_PULL_ROLE } from "../../components/registry/azure";
import { apiServerAccess, toAzureCliLogin } from "../../components/cluster/azure";
import { allOf, inputs, one, planStack } from "../helpers/plan";

describe("AKS platform (azure-dev sample)", () => {
  let plan: Awaited<ReturnType<typeof planStack>>;
  beforeAll(async () => {
    plan = await planStack("azure-dev");
  });

  it("autoscales a small on-demand system pool and a spot user pool with the configured bounds", () => {
    const cluster = inputs(one(plan, "azure-native:containerservice:ManagedCluster"));
    const [system] = cluster.agentPoolProfiles;
    expect(system).toMatchObject({ mode: "System", enableAutoScaling: true, minCount: 1, maxCount: 2 });
    expect(system.nodeTaints).toEqual(["CriticalAddonsOnly=true:NoSchedule"]);
    const spot = one(plan, "azure-native:containerservice:AgentPool");
    expect(inputs(spot)).toMatchObject({
      mode: "User",
      scaleSetPriority: "Spot",
      scaleSetEvictionPolicy: "Delete",
      enableAutoScaling: true,
      minCount: 1,
      maxCount: 4,
      vmSize: "Standard_D2s_v5",
    });
    expect(spot.ignoreChanges).toEqual(["count"]);
  });

  it("uses Entra ID RBAC, workload identity, Cilium network policy, the free tier and an upgrade channel", () => {
    const c = inputs(one(plan, "azure-native:containerservice:ManagedCluster"));
    expect(c.aadProfile).toEqual({ managed: true, enableAzureRBAC: true });
    expect(c.disableLocalAccounts).toBe(false);
    expect(c.oidcIssuerProfile).toEqual({ enabled: true });
    expect(c.securityProfile.workloadIdentity).toEqual({ enabled: true });
    expect(c.networkProfile).toMatchObject({
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      networkPolicy: "cilium",
    });
    expect(c.sku).toEqual({ name: "Base", tier: "Free" });
    expect(c.autoUpgradeProfile).toEqual({ upgradeChannel: "stable", nodeOSUpgradeChannel: "NodeImage" });
    expect(c.apiServerAccessProfile).toEqual({
      enablePrivateCluster: false,
      authorizedIPRanges: ["203.0.113.0/24"],
    });
  });

  it("ACR: admin user off, AcrPull for the kubelet identity only", () => {
    const acr = inputs(one(plan, "azure-native:containerregistry:Registry"));
    expect(acr.adminUserEnabled).toBe(false);
    expect(acr.anonymousPullEnabled).toBe(false);
    const pull = allOf(plan, "azure-native:authorization:RoleAssignment").find(
      (r) => r.name === "registry-kubelet-pull",
    );
    expect(inputs(pull!)).toMatchObject({
      principalId: "22222222-2222-4222-8222-222222222222",
      principalType: "ServicePrincipal",
    });
    expect(inputs(pull!).roleDefinitionId).toMatch(new RegExp(`/roleDefinitions/${ACR_PULL_ROLE}$`));
  });

  it("gives the deployer a cluster-admin role so add-ons can be installed under Entra ID RBAC", () => {
    const admin = one(plan, "azure-native:authorization:RoleAssignment", "cluster-deployer-admin");
    expect(inputs(admin).principalId).toBe("55555555-5555-4555-8555-555555555555");
    expect(inputs(admin).roleDefinitionId).toMatch(/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b$/);
  });

  it("exports the shared outputs", () => {
    expect(plan.outputs).toMatchObject({
      cloud: "azure",
      clusterName: "steuermann-azure-dev",
      kubeconfig: "[secret]",
      nodePool: { min: 1, max: 4 },
    });
    expect(plan.outputs.registryUrl).toMatch(/^steuermannazuredev[0-9a-f]{6}\.azurecr\.io$/);
  });
});

describe("AKS prod (azure-prod sample)", () => {
  it("is private, paid tier, local accounts off, one autoscaled on-demand pool, protected", async () => {
    const plan = await planStack("azure-prod");
    const c = one(plan, "azure-native:containerservice:ManagedCluster");
    expect(inputs(c).apiServerAccessProfile).toEqual({ enablePrivateCluster: true });
    expect(inputs(c).sku.tier).toBe("Standard");
    expect(inputs(c).disableLocalAccounts).toBe(true);
    expect(inputs(c).autoUpgradeProfile.upgradeChannel).toBe("patch");
    expect(inputs(c).agentPoolProfiles[0]).toMatchObject({
      enableAutoScaling: true,
      minCount: 3,
      maxCount: 12,
    });
    expect(c.ignoreChanges).toEqual(["agentPoolProfiles[0].count"]);
    expect(allOf(plan, "azure-native:containerservice:AgentPool")).toHaveLength(0);
    const protectedTypes = plan.resources
      .filter((r) => r.protect)
      .map((r) => r.type)
      .sort();
    expect(protectedTypes).toEqual([
      "azure-native:containerregistry:Registry",
      "azure-native:containerservice:ManagedCluster",
      "azure-native:resources:ResourceGroup",
    ]);
  });
});

describe("apiServerAccess", () => {
  it("never returns an empty authorized range list (AKS reads that as open to all)", () => {
    expect(apiServerAccess(true, [])).toEqual({ enablePrivateCluster: true });
    expect(apiServerAccess(false, ["203.0.113.0/24"])).toEqual({ enablePrivateCluster: true });
  });
});

describe("toAzureCliLogin", () => {
  const aksKubeconfig = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "https://c.hcp.westeurope.azmk8s.io:443" } }]
users:
  - name: clusterUser_c
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: kubelogin
        args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, t, --login, devicecode]
`;
  it("switches kubelogin from device code to the Azure CLI login and keeps the server id", () => {
    const out = JSON.parse(toAzureCliLogin(aksKubeconfig));
    expect(out.users[0].user.exec.args).toEqual([
      "get-token",
      "--login",
      "azurecli",
      "--environment",
      "AzurePublicCloud",
      "--server-id",
      "6dae42f8-4368-4678-94ff-3960e28e3630",
    ]);
    expect(out.clusters[0].cluster.server).toBe("https://c.hcp.westeurope.azmk8s.io:443");
  });
});

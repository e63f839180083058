import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as monitor from "@pulumi/azure-native/monitor";
import * as network from "@pulumi/azure-native/network";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import type * as azureTypes from "@pulumi/azure-native/types";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { cidrSubnet } from "../../config/cidr";
import { ownerTags, resourceName } from "../naming";
import { Cluster, ClusterArgs, initialNodeCount, poolBounds } from "./types";

/** Built-in role "Azure Kubernetes Service RBAC Cluster Admin". */
const AKS_RBAC_CLUSTER_ADMIN = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b";
/** Overlay pod and service ranges: outside the VNet, so they never collide with node addresses. */
const POD_CIDR = "192.168.0.0/16";
const SERVICE_CIDR = "172.16.0.0/16";
const DNS_SERVICE_IP = "172.16.0.10";

/**
 * AKS with Entra ID RBAC, workload identity, Azure CNI overlay powered by Cilium (network
 * policy enforced), an auto-upgrade channel, and the cluster autoscaler built into AKS turned
 * on for every pool. With spot on, a small on-demand system pool runs the add-ons and an
 * autoscaled spot user pool runs the workloads.
 */
export class AksCluster extends pulumi.ComponentResource implements Cluster {
  public readonly clusterName: pulumi.Output<string>;
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly provider: k8s.Provider;
  public readonly nodePool: { min: number; max: number };
  public readonly pullIdentity: pulumi.Output<string>;
  public readonly resourceGroupName: pulumi.Output<string>;
  public readonly location: string;
  public readonly extras: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("steuermann:azure:Cluster", name, {}, opts);
    const s = args.settings;
    const location = s.providers.azure?.location ?? "";
    const protect = s.defaults.protect;
    const aksName = resourceName([s.project, s.stack], 63);
    const tags = ownerTags(s, "-");
    const zones = s.tier === "prod" ? ["1", "2", "3"] : undefined;
    const pool = s.nodePool;

    const group = new resources.ResourceGroup(
      `${name}-rg`,
      { resourceGroupName: `rg-${aksName}`, location, tags },
      // Deleting a resource group deletes everything in it.
      { parent: this, protect },
    );
    const vnet = new network.VirtualNetwork(
      `${name}-vnet`,
      {
        resourceGroupName: group.name,
        location,
        addressSpace: { addressPrefixes: [s.network.cidr] },
        tags,
      },
      // Subnets are managed as their own resources below; inline ones would fight them.
      { parent: this, ignoreChanges: ["subnets"] },
    );
    const subnet = new network.Subnet(
      `${name}-nodes`,
      {
        resourceGroupName: group.name,
        virtualNetworkName: vnet.name,
        subnetName: "nodes",
        addressPrefix: cidrSubnet(s.network.cidr, 4, 0),
      },
      { parent: this },
    );

    const spotUserPool = pool.spot;
    const systemPool: azureTypes.input.containerservice.ManagedClusterAgentPoolProfileArgs = {
      name: "system",
      mode: "System",
      type: "VirtualMachineScaleSets",
      vmSize: spotUserPool ? "Standard_D2s_v5" : pool.machineType,
      osSKU: "AzureLinux",
      osDiskSizeGB: pool.diskSizeGb,
      vnetSubnetID: subnet.id,
      availabilityZones: zones,
      enableAutoScaling: true,
      minCount: spotUserPool ? 1 : pool.minNodes,
      maxCount: spotUserPool ? 2 : pool.maxNodes,
      count: spotUserPool ? 1 : initialNodeCount(pool),
      upgradeSettings: { maxSurge: "33%" },
      ...(spotUserPool
        ? { nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"] }
        : { nodeLabels: pool.labels, nodeTaints: pool.taints.map(taintString) }),
    };

    const cluster = new containerservice.ManagedCluster(
      `${name}-aks`,
      {
        resourceName: aksName,
        resourceGroupName: group.name,
        location,
        dnsPrefix: aksName,
        kubernetesVersion: s.kubernetesVersion,
        identity: { type: "SystemAssigned" },
        sku: { name: "Base", tier: s.defaults.paidControlPlane ? "Standard" : "Free" },
        agentPoolProfiles: [systemPool],
        enableRBAC: true,
        aadProfile: { managed: true, enableAzureRBAC: true },
        disableLocalAccounts: s.tier === "prod",
        oidcIssuerProfile: { enabled: true },
        securityProfile: {
          workloadIdentity: { enabled: true },
          imageCleaner: { enabled: true, intervalHours: 48 },
        },
        networkProfile: {
          networkPlugin: "azure",
          networkPluginMode: "overlay",
          networkDataplane: "cilium",
          networkPolicy: "cilium",
          podCidr: POD_CIDR,
          serviceCidr: SERVICE_CIDR,
          dnsServiceIP: DNS_SERVICE_IP,
          loadBalancerSku: "standard",
        },
        apiServerAccessProfile: apiServerAccess(s.defaults.publicEndpoint, s.network.authorizedNetworks),
        autoUpgradeProfile: {
          // A pinned minor version gets patches only; otherwise follow the stable channel.
          upgradeChannel: s.kubernetesVersion !== undefined ? "patch" : "stable",
          nodeOSUpgradeChannel: "NodeImage",
        },
        autoScalerProfile: { expander: "least-waste", balanceSimilarNodeGroups: "true", scanInterval: "20s" },
        tags,
      },
      // The autoscaler owns the pool's node count; `up` must not reset it.
      { parent: this, protect, ignoreChanges: ["agentPoolProfiles[0].count"] },
    );

    // Control-plane audit logs (CIS 2.1.1): kube-audit-admin (writes only, far cheaper than
    // kube-audit) and guard (Entra ID authorisation decisions) into Log Analytics.
    const logs = new operationalinsights.Workspace(
      `${name}-logs`,
      {
        resourceGroupName: group.name,
        location,
        sku: { name: "PerGB2018" },
        // 30 days is the retention Log Analytics includes in its ingestion price.
        retentionInDays: Math.max(30, s.defaults.logRetentionDays),
        tags,
      },
      { parent: this },
    );
    new monitor.DiagnosticSetting(
      `${name}-audit`,
      {
        name: "steuermann-audit",
        resourceUri: cluster.id,
        workspaceId: logs.id,
        logAnalyticsDestinationType: "Dedicated",
        logs: [
          { category: "kube-audit-admin", enabled: true },
          { category: "guard", enabled: true },
        ],
      },
      { parent: this },
    );

    if (spotUserPool) {
      new containerservice.AgentPool(
        `${name}-spot`,
        {
          agentPoolName: "spot",
          resourceGroupName: group.name,
          resourceName: cluster.name,
          mode: "User",
          type: "VirtualMachineScaleSets",
          vmSize: pool.machineType,
          osSKU: "AzureLinux",
          osDiskSizeGB: pool.diskSizeGb,
          vnetSubnetID: subnet.id,
          availabilityZones: zones,
          scaleSetPriority: "Spot",
          scaleSetEvictionPolicy: "Delete",
          // -1: pay up to the on-demand price, never evicted for price alone.
          spotMaxPrice: -1,
          enableAutoScaling: true,
          minCount: pool.minNodes,
          maxCount: pool.maxNodes,
          count: initialNodeCount(pool),
          nodeLabels: pool.labels,
          // AKS adds the spot taint itself; restating it keeps `up` from seeing a diff.
          nodeTaints: [
            "kubernetes.azure.com/scalesetpriority=spot:NoSchedule",
            ...pool.taints.map(taintString),
          ],
          tags,
        },
        { parent: this, ignoreChanges: ["count"] },
      );
    }

    // With Entra ID RBAC, whoever runs `pulumi up` needs a cluster role to install add-ons.
    const client = authorization.getClientConfigOutput({ parent: this });
    new authorization.RoleAssignment(
      `${name}-deployer-admin`,
      {
        principalId: client.objectId,
        roleDefinitionId: pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${AKS_RBAC_CLUSTER_ADMIN}`,
        scope: cluster.id,
      },
      { parent: this },
    );

    const credentials = containerservice.listManagedClusterUserCredentialsOutput(
      { resourceGroupName: group.name, resourceName: cluster.name, format: "exec" },
      { parent: this },
    );
    this.kubeconfig = pulumi.secret(
      credentials.kubeconfigs.apply((configs) =>
        toAzureCliLogin(Buffer.from(configs[0]?.value ?? "", "base64").toString("utf8")),
      ),
    );
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true, deleteUnreachable: !protect },
      { parent: this },
    );

    this.clusterName = cluster.name;
    this.nodePool = poolBounds(pool);
    this.pullIdentity = cluster.identityProfile.apply((p) => p?.["kubeletidentity"]?.objectId ?? "");
    this.resourceGroupName = group.name;
    this.location = location;
    this.extras = {
      resourceGroupName: group.name,
      fqdn: cluster.fqdn,
      oidcIssuer: cluster.oidcIssuerProfile.apply((p) => p?.issuerURL ?? ""),
      location,
    };
    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      nodePool: this.nodePool,
    });
  }
}

function taintString(t: { key: string; value?: string; effect: string }): string {
  return `${t.key}${t.value !== undefined ? `=${t.value}` : ""}:${t.effect}`;
}

/**
 * Private cluster in prod (or when no authorized range is given); otherwise a public endpoint
 * limited to the authorized ranges. AKS treats an empty range list as "open to all", which
 * steuermann never asks for.
 */
export function apiServerAccess(
  publicEndpoint: boolean,
  authorizedNetworks: string[],
): azureTypes.input.containerservice.ManagedClusterAPIServerAccessProfileArgs {
  if (!publicEndpoint || authorizedNetworks.length === 0) {
    return { enablePrivateCluster: true };
  }
  return { enablePrivateCluster: false, authorizedIPRanges: authorizedNetworks };
}

interface KubeconfigUser {
  name: string;
  user?: { exec?: { command?: string; args?: string[] } };
}

/**
 * AKS returns an exec kubeconfig that runs kubelogin with `--login devicecode`, which waits for
 * a person at a browser. Like `kubelogin convert-kubeconfig -l azurecli`, this keeps the server
 * id and switches to the Azure CLI's login, so `pulumi up` works on a laptop after `az login`
 * and in CI after `azure/login`.
 */
export function toAzureCliLogin(kubeconfigYaml: string): string {
  const doc = (parse(kubeconfigYaml) ?? {}) as { users?: KubeconfigUser[] } & Record<string, unknown>;
  for (const user of doc.users ?? []) {
    const exec = user.user?.exec;
    if (!exec || !exec.command?.endsWith("kubelogin")) {
      continue;
    }
    const args = exec.args ?? [];
    const serverId = valueOf(args, "--server-id");
    const environment = valueOf(args, "--environment");
    exec.args = [
      "get-token",
      "--login",
      "azurecli",
      ...(environment !== undefined ? ["--environment", environment] : []),
      ...(serverId !== undefined ? ["--server-id", serverId] : []),
    ];
  }
  return JSON.stringify(doc);
}

function valueOf(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

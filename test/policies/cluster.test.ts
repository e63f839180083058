import { T } from "../../policies/lib";
import { baseline, change, reported, without } from "../helpers/policy";

type Case = [
  string,
  string,
  string,
  (r: Awaited<ReturnType<typeof baseline>>) => Awaited<ReturnType<typeof baseline>>,
  string[],
];

/**
 * [rule, condition, baseline stack, change, exactly what the rule then reports]. Each baseline
 * is first checked to report nothing for the rule.
 */
const cases: Case[] = [
  // API endpoint
  [
    "steuermann-cluster-api-not-public",
    "EKS public endpoint without CIDRs",
    "aws-dev",
    (r) => change(r, T.eksCluster, (p) => delete p.vpcConfig.publicAccessCidrs),
    [
      "mandatory steuermann-aws-dev: the public API endpoint is open to 0.0.0.0/0: set vpcConfig.publicAccessCidrs to your ranges, or endpointPublicAccess to false",
    ],
  ],
  [
    "steuermann-cluster-api-not-public",
    "EKS public endpoint with 0.0.0.0/0",
    "aws-dev",
    (r) => change(r, T.eksCluster, (p) => (p.vpcConfig.publicAccessCidrs = ["0.0.0.0/0"])),
    [
      "mandatory steuermann-aws-dev: the public API endpoint is open to 0.0.0.0/0: set vpcConfig.publicAccessCidrs to your ranges, or endpointPublicAccess to false",
    ],
  ],
  [
    "steuermann-cluster-api-not-public",
    "AKS public without authorized ranges",
    "azure-dev",
    (r) => change(r, T.aks, (p) => (p.apiServerAccessProfile = { enablePrivateCluster: false })),
    [
      "mandatory steuermann-azure-dev: the API server is public to every address: set apiServerAccessProfile.authorizedIPRanges, or enablePrivateCluster",
    ],
  ],
  [
    "steuermann-cluster-api-not-public",
    "GKE public without master authorized networks",
    "gcp-dev",
    (r) => change(r, T.gke, (p) => delete p.masterAuthorizedNetworksConfig),
    [
      "mandatory steuermann-gcp-dev: the control plane endpoint is public without master authorized networks: set masterAuthorizedNetworksConfig, or a private endpoint",
    ],
  ],
  [
    "steuermann-cluster-api-not-public",
    "GKE open to all Google Cloud addresses",
    "gcp-dev",
    (r) => change(r, T.gke, (p) => (p.masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled = true)),
    [
      "mandatory steuermann-gcp-dev: masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled lets every Google Cloud address reach the control plane: set it to false",
    ],
  ],
  [
    "steuermann-cluster-prod-private-endpoint",
    "EKS prod with a public endpoint",
    "aws-prod",
    (r) =>
      change(r, T.eksCluster, (p) =>
        Object.assign(p.vpcConfig, { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }),
      ),
    ["mandatory steuermann-aws-prod: a prod cluster must have a private API endpoint only"],
  ],
  [
    "steuermann-cluster-prod-private-endpoint",
    "AKS prod not private",
    "azure-prod",
    (r) =>
      change(
        r,
        T.aks,
        (p) =>
          (p.apiServerAccessProfile = {
            enablePrivateCluster: false,
            authorizedIPRanges: ["203.0.113.0/24"],
          }),
      ),
    ["mandatory steuermann-azure-prod: a prod cluster must have a private API endpoint only"],
  ],
  [
    "steuermann-cluster-prod-private-endpoint",
    "GKE prod with a public endpoint",
    "gcp-prod",
    (r) => change(r, T.gke, (p) => (p.privateClusterConfig.enablePrivateEndpoint = false)),
    ["mandatory steuermann-gcp-prod: a prod cluster must have a private API endpoint only"],
  ],
  // Encryption and logs
  [
    "steuermann-cluster-secrets-encryption",
    "EKS without envelope encryption",
    "aws-dev",
    (r) => change(r, T.eksCluster, (p) => delete p.encryptionConfig),
    [
      'mandatory steuermann-aws-dev: secrets are not encrypted with a KMS key: set encryptionConfig { resources: ["secrets"], provider.keyArn }',
    ],
  ],
  [
    "steuermann-cluster-secrets-encryption",
    "GKE prod without database encryption",
    "gcp-prod",
    (r) => change(r, T.gke, (p) => delete p.databaseEncryption),
    [
      "mandatory steuermann-gcp-prod: a prod cluster must encrypt secrets with Cloud KMS: set databaseEncryption { state: ENCRYPTED, keyName }",
    ],
  ],
  [
    "steuermann-cluster-audit-logging",
    "EKS without audit logs",
    "aws-dev",
    (r) => change(r, T.eksCluster, (p) => (p.enabledClusterLogTypes = ["api"])),
    ['mandatory steuermann-aws-dev: control-plane audit logs are off: add "audit" to enabledClusterLogTypes'],
  ],
  [
    "steuermann-cluster-audit-logging",
    "GKE without system component logs",
    "gcp-dev",
    (r) => change(r, T.gke, (p) => (p.loggingConfig.enableComponents = ["WORKLOADS"])),
    [
      "mandatory steuermann-gcp-dev: Cloud Logging of system components is off: include SYSTEM_COMPONENTS in loggingConfig.enableComponents",
    ],
  ],
  [
    "steuermann-cluster-aks-audit-logs",
    "AKS without a diagnostic setting",
    "azure-dev",
    (r) => without(r, T.diagnosticSetting),
    [
      "mandatory steuermann-azure-dev: no diagnostic setting sends kube-audit logs: add one with category kube-audit-admin",
    ],
  ],
  [
    "steuermann-cluster-aks-audit-logs",
    "AKS diagnostics without an audit category",
    "azure-dev",
    (r) => change(r, T.diagnosticSetting, (p) => (p.logs = [{ category: "guard", enabled: true }])),
    [
      "mandatory steuermann-azure-dev: no diagnostic setting sends kube-audit logs: add one with category kube-audit-admin",
    ],
  ],
  // Identity
  [
    "steuermann-cluster-workload-identity",
    "EKS without IRSA or Pod Identity",
    "aws-dev",
    (r) => without(r, T.oidcProvider),
    [
      "mandatory steuermann-aws-dev: no IAM OIDC provider (IRSA) or eks-pod-identity-agent add-on for this cluster",
    ],
  ],
  [
    "steuermann-cluster-workload-identity",
    "AKS without the OIDC issuer",
    "azure-dev",
    (r) => change(r, T.aks, (p) => (p.oidcIssuerProfile.enabled = false)),
    ["mandatory steuermann-azure-dev: enable oidcIssuerProfile and securityProfile.workloadIdentity"],
  ],
  [
    "steuermann-cluster-workload-identity",
    "GKE without a workload pool",
    "gcp-dev",
    (r) => change(r, T.gke, (p) => delete p.workloadIdentityConfig),
    ["mandatory steuermann-gcp-dev: set workloadIdentityConfig.workloadPool (<project>.svc.id.goog)"],
  ],
  [
    "steuermann-cluster-node-metadata-protection",
    "IMDSv1 allowed",
    "aws-dev",
    (r) => change(r, T.launchTemplate, (p) => (p.metadataOptions.httpTokens = "optional")),
    ['mandatory cluster-nodes: IMDSv2 is optional: set metadataOptions.httpTokens to "required"'],
  ],
  [
    "steuermann-cluster-node-metadata-protection",
    "hop limit 2",
    "aws-dev",
    (r) => change(r, T.launchTemplate, (p) => (p.metadataOptions.httpPutResponseHopLimit = 2)),
    [
      "mandatory cluster-nodes: pods can reach the instance metadata service: set metadataOptions.httpPutResponseHopLimit to 1",
    ],
  ],
  [
    "steuermann-cluster-node-metadata-protection",
    "GKE nodes expose the metadata server",
    "gcp-dev",
    (r) => change(r, T.gkePool, (p) => (p.nodeConfig.workloadMetadataConfig.mode = "GCE_METADATA")),
    [
      "mandatory workload: nodes expose the Compute Engine metadata server to pods: set nodeConfig.workloadMetadataConfig.mode to GKE_METADATA",
    ],
  ],
  // Network policy
  [
    "steuermann-cluster-network-policy",
    "VPC CNI without network policy",
    "aws-dev",
    (r) => change(r, T.eksAddon, (p) => (p.configurationValues = "{}"), "cluster-vpc-cni"),
    [
      'mandatory steuermann-aws-dev: the vpc-cni add-on must set configurationValues {"enableNetworkPolicy": "true"}',
    ],
  ],
  [
    "steuermann-cluster-network-policy",
    "AKS without a policy engine",
    "azure-dev",
    (r) => change(r, T.aks, (p) => (p.networkProfile.networkPolicy = "none")),
    ["mandatory steuermann-azure-dev: set networkProfile.networkPolicy (cilium, azure or calico)"],
  ],
  [
    "steuermann-cluster-network-policy",
    "GKE legacy dataplane without policy",
    "gcp-dev",
    (r) => change(r, T.gke, (p) => (p.datapathProvider = "LEGACY_DATAPATH")),
    [
      "mandatory steuermann-gcp-dev: set datapathProvider to ADVANCED_DATAPATH (Dataplane V2) or enable networkPolicy",
    ],
  ],
  // Authentication
  [
    "steuermann-cluster-no-legacy-auth",
    "EKS aws-auth ConfigMap",
    "aws-dev",
    (r) => change(r, T.eksCluster, (p) => (p.accessConfig.authenticationMode = "CONFIG_MAP")),
    [
      'mandatory steuermann-aws-dev: authentication uses the aws-auth ConfigMap: set accessConfig.authenticationMode to "API" (access entries)',
    ],
  ],
  [
    "steuermann-cluster-no-legacy-auth",
    "AKS without Entra ID",
    "azure-dev",
    (r) => change(r, T.aks, (p) => delete p.aadProfile),
    [
      "mandatory steuermann-azure-dev: Entra ID integration is off: set aadProfile { managed: true, enableAzureRBAC: true }",
    ],
  ],
  [
    "steuermann-cluster-no-legacy-auth",
    "AKS without RBAC",
    "azure-dev",
    (r) => change(r, T.aks, (p) => (p.enableRBAC = false)),
    ["mandatory steuermann-azure-dev: Kubernetes RBAC is off: set enableRBAC to true"],
  ],
  [
    "steuermann-cluster-no-legacy-auth",
    "AKS prod with local accounts",
    "azure-prod",
    (r) => change(r, T.aks, (p) => (p.disableLocalAccounts = false)),
    [
      "mandatory steuermann-azure-prod: a prod cluster must disable local accounts: set disableLocalAccounts to true",
    ],
  ],
  [
    "steuermann-cluster-no-legacy-auth",
    "GKE legacy ABAC",
    "gcp-dev",
    (r) => change(r, T.gke, (p) => (p.enableLegacyAbac = true)),
    ["mandatory steuermann-gcp-dev: legacy ABAC is on: set enableLegacyAbac to false"],
  ],
  [
    "steuermann-cluster-no-legacy-auth",
    "GKE client certificates",
    "gcp-dev",
    (r) => change(r, T.gke, (p) => (p.masterAuth.clientCertificateConfig.issueClientCertificate = true)),
    [
      "mandatory steuermann-gcp-dev: client certificates are issued: set masterAuth.clientCertificateConfig.issueClientCertificate to false",
    ],
  ],
  // Upgrades
  [
    "steuermann-cluster-auto-upgrade",
    "EKS extended support",
    "aws-dev",
    (r) => change(r, T.eksCluster, (p) => (p.upgradePolicy.supportType = "EXTENDED")),
    [
      "mandatory steuermann-aws-dev: extended support keeps an outdated version (at six times the fee): upgrade and set upgradePolicy.supportType to STANDARD",
    ],
  ],
  [
    "steuermann-cluster-auto-upgrade",
    "EKS nodes not repaired",
    "aws-dev",
    (r) => change(r, T.eksNodeGroup, (p) => (p.nodeRepairConfig.enabled = false)),
    ["mandatory cluster-nodes: unhealthy nodes are not replaced: set nodeRepairConfig.enabled to true"],
  ],
  [
    "steuermann-cluster-auto-upgrade",
    "AKS without an upgrade channel",
    "azure-dev",
    (r) => change(r, T.aks, (p) => (p.autoUpgradeProfile.upgradeChannel = "none")),
    [
      "mandatory steuermann-azure-dev: no upgrade channel: set autoUpgradeProfile.upgradeChannel (patch, stable or rapid)",
    ],
  ],
  [
    "steuermann-cluster-auto-upgrade",
    "GKE without a release channel",
    "gcp-dev",
    (r) => change(r, T.gke, (p) => delete p.releaseChannel),
    ["mandatory steuermann-gcp-dev: no release channel: set releaseChannel.channel (REGULAR or STABLE)"],
  ],
  [
    "steuermann-cluster-auto-upgrade",
    "GKE pool without auto-upgrade",
    "gcp-dev",
    (r) => change(r, T.gkePool, (p) => (p.management.autoUpgrade = false)),
    [
      "mandatory workload: node auto-upgrade or auto-repair is off: set management { autoUpgrade: true, autoRepair: true }",
    ],
  ],
  // Autoscaling
  [
    "steuermann-cluster-node-autoscaling",
    "EKS min above max",
    "aws-dev",
    (r) => change(r, T.eksNodeGroup, (p) => Object.assign(p.scalingConfig, { minSize: 5, maxSize: 3 })),
    [
      "mandatory cluster-nodes: autoscaling bounds are invalid (min 5, max 3): need 0 <= min <= max and max >= 1",
    ],
  ],
  [
    "steuermann-cluster-node-autoscaling",
    "AKS pool not autoscaling",
    "azure-prod",
    (r) => change(r, T.aks, (p) => (p.agentPoolProfiles[0].enableAutoScaling = false)),
    [
      "mandatory steuermann-azure-prod: pool system does not autoscale: set enableAutoScaling with minCount and maxCount",
    ],
  ],
  [
    "steuermann-cluster-node-autoscaling",
    "AKS spot pool with max 0",
    "azure-dev",
    (r) => change(r, T.aksPool, (p) => Object.assign(p, { minCount: 0, maxCount: 0 })),
    ["mandatory spot: autoscaling bounds are invalid (min 0, max 0): need 0 <= min <= max and max >= 1"],
  ],
  [
    "steuermann-cluster-node-autoscaling",
    "GKE pool without autoscaling",
    "gcp-dev",
    (r) => change(r, T.gkePool, (p) => delete p.autoscaling),
    [
      "mandatory workload: has no autoscaling block: set autoscaling { totalMinNodeCount, totalMaxNodeCount }",
    ],
  ],
  [
    "steuermann-cluster-node-autoscaling",
    "GKE min above max",
    "gcp-dev",
    (r) => change(r, T.gkePool, (p) => Object.assign(p.autoscaling, { totalMinNodeCount: 9 })),
    ["mandatory workload: autoscaling bounds are invalid (min 9, max 4): need 0 <= min <= max and max >= 1"],
  ],
  [
    "steuermann-cluster-eks-autoscaler",
    "no Cluster Autoscaler release",
    "aws-dev",
    (r) => without(r, T.helmRelease),
    ["mandatory no Cluster Autoscaler or Karpenter release: the node groups will never change size"],
  ],
  [
    "steuermann-cluster-eks-autoscaler",
    "node group not tagged for discovery",
    "aws-dev",
    (r) => change(r, T.eksNodeGroup, (p) => delete p.tags["k8s.io/cluster-autoscaler/enabled"]),
    [
      "mandatory cluster-nodes: missing the k8s.io/cluster-autoscaler/enabled tag the autoscaler discovers node groups by",
    ],
  ],
  // Node identity and exposure
  [
    "steuermann-cluster-least-privilege-nodes",
    "an admin policy on the node role",
    "aws-dev",
    (r) =>
      change(
        r,
        T.rolePolicyAttachment,
        (p) => (p.policyArn = "arn:aws:iam::aws:policy/AdministratorAccess"),
        "cluster-node-AmazonEC2ContainerRegistryPullOnly",
      ),
    [
      "mandatory cluster-node-AmazonEC2ContainerRegistryPullOnly: arn:aws:iam::aws:policy/AdministratorAccess is far broader than a node or controller needs",
    ],
  ],
  [
    "steuermann-cluster-least-privilege-nodes",
    "Editor for the GKE node account",
    "gcp-dev",
    (r) => change(r, T.projectIamMember, (p) => (p.role = "roles/editor"), "cluster-nodes-logging.logWriter"),
    [
      "mandatory cluster-nodes-logging.logWriter: roles/editor for serviceAccount:steuermann-gcp-dev-nodes@acme-steuermann-dev.iam.gserviceaccount.com is far broader than a node needs",
    ],
  ],
  [
    "steuermann-cluster-least-privilege-nodes",
    "GKE nodes as the default compute account",
    "gcp-dev",
    (r) =>
      change(
        r,
        T.gkePool,
        (p) => (p.nodeConfig.serviceAccount = "123-compute@developer.gserviceaccount.com"),
      ),
    [
      "mandatory cluster-nodes: nodes run as the default compute service account: set nodeConfig.serviceAccount to a dedicated one",
    ],
  ],
  [
    "steuermann-cluster-least-privilege-nodes",
    "AKS with a service principal",
    "azure-dev",
    (r) => change(r, T.aks, (p) => (p.servicePrincipalProfile = { clientId: "x" })),
    [
      "mandatory steuermann-azure-dev: use a managed identity (identity.type), not a service principal secret",
    ],
  ],
  [
    "steuermann-cluster-private-nodes",
    "GKE public nodes",
    "gcp-dev",
    (r) => change(r, T.gke, (p) => (p.privateClusterConfig.enablePrivateNodes = false)),
    [
      "mandatory steuermann-gcp-dev: nodes have public addresses: set privateClusterConfig.enablePrivateNodes to true",
    ],
  ],
  [
    "steuermann-cluster-private-nodes",
    "AKS system pool with public node IPs",
    "azure-prod",
    (r) => change(r, T.aks, (p) => (p.agentPoolProfiles[0].enableNodePublicIP = true)),
    ["mandatory steuermann-azure-prod: pool system gives nodes public IPs: set enableNodePublicIP to false"],
  ],
  [
    "steuermann-cluster-private-nodes",
    "AKS pool with public node IPs",
    "azure-dev",
    (r) => change(r, T.aksPool, (p) => (p.enableNodePublicIP = true)),
    ["mandatory spot: gives nodes public IPs: set enableNodePublicIP to false"],
  ],
  [
    "steuermann-cluster-shielded-nodes",
    "GKE without shielded nodes",
    "gcp-dev",
    (r) => change(r, T.gke, (p) => (p.enableShieldedNodes = false)),
    ["mandatory steuermann-gcp-dev: shielded nodes are off: set enableShieldedNodes to true"],
  ],
  [
    "steuermann-cluster-shielded-nodes",
    "Ubuntu nodes",
    "gcp-dev",
    (r) => change(r, T.gkePool, (p) => (p.nodeConfig.imageType = "UBUNTU_CONTAINERD")),
    ["mandatory workload: nodes run UBUNTU_CONTAINERD: use COS_CONTAINERD"],
  ],
  [
    "steuermann-cluster-shielded-nodes",
    "no secure boot",
    "gcp-dev",
    (r) => change(r, T.gkePool, (p) => (p.nodeConfig.shieldedInstanceConfig.enableSecureBoot = false)),
    [
      "mandatory workload: set nodeConfig.shieldedInstanceConfig { enableSecureBoot: true, enableIntegrityMonitoring: true }",
    ],
  ],
  [
    "steuermann-cluster-no-node-ssh-from-world",
    "SSH key without source groups",
    "aws-dev",
    (r) => change(r, T.eksNodeGroup, (p) => (p.remoteAccess = { ec2SshKey: "ops" })),
    [
      "mandatory cluster-nodes: remoteAccess opens SSH to 0.0.0.0/0: remove it, or set sourceSecurityGroupIds",
    ],
  ],
  [
    "steuermann-cluster-prod-deletion-protection",
    "EKS prod unprotected",
    "aws-prod",
    (r) => change(r, T.eksCluster, (_p, res) => (res.protect = false)),
    ["mandatory steuermann-aws-prod: a prod cluster must be protected (resource option protect: true)"],
  ],
  [
    "steuermann-cluster-prod-deletion-protection",
    "EKS prod without deletion protection",
    "aws-prod",
    (r) => change(r, T.eksCluster, (p) => (p.deletionProtection = false)),
    ["mandatory steuermann-aws-prod: a prod cluster must set deletionProtection to true"],
  ],
  [
    "steuermann-cluster-prod-deletion-protection",
    "GKE prod without deletion protection",
    "gcp-prod",
    (r) => change(r, T.gke, (p) => (p.deletionProtection = false)),
    ["mandatory steuermann-gcp-prod: a prod cluster must set deletionProtection to true"],
  ],
  [
    "steuermann-cluster-prod-deletion-protection",
    "AKS prod unprotected",
    "azure-prod",
    (r) => change(r, T.aks, (_p, res) => (res.protect = false)),
    ["mandatory steuermann-azure-prod: a prod cluster must be protected (resource option protect: true)"],
  ],
];

describe("cluster rules", () => {
  it.each(cases)("%s: %s", async (rule, _condition, stack, edit, expected) => {
    const base = await baseline(stack);
    expect(await reported(rule, base)).toEqual([]);
    expect(await reported(rule, edit(base))).toEqual(expected);
  });

  it("leaves dev endpoints public for authorized ranges and dev GKE without CMEK", async () => {
    expect(await reported("steuermann-cluster-prod-private-endpoint", await baseline("aws-dev"))).toEqual([]);
    expect(await reported("steuermann-cluster-secrets-encryption", await baseline("gcp-dev"))).toEqual([]);
  });

  it("accepts SSH from named security groups only", async () => {
    const base = await baseline("aws-dev");
    const edited = change(
      base,
      T.eksNodeGroup,
      (p) => (p.remoteAccess = { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-1"] }),
    );
    expect(await reported("steuermann-cluster-no-node-ssh-from-world", edited)).toEqual([]);
  });

  it("advises KMS etcd encryption on AKS until it is switched on", async () => {
    const base = await baseline("azure-dev");
    expect(await reported("steuermann-cluster-aks-kms-etcd-encryption", base)).toEqual([
      "advisory steuermann-azure-dev: etcd is encrypted with platform-managed keys only: enable securityProfile.azureKeyVaultKms with a Key Vault key",
    ]);
    const fixed = change(base, T.aks, (p) => (p.securityProfile.azureKeyVaultKms = { enabled: true }));
    expect(await reported("steuermann-cluster-aks-kms-etcd-encryption", fixed)).toEqual([]);
  });
});

/** Cluster rules for EKS, AKS and GKE (CIS EKS/AKS/GKE benchmarks, Checkov). */
import type { Policy } from "@pulumi/policy";
import { asArray, ofType, Props, resourceRule, stackRule, T, tierOf } from "./lib";

const OPEN = "0.0.0.0/0";

export const clusterPolicies: Policy[] = [
  resourceRule({
    name: "steuermann-cluster-api-not-public",
    description:
      "The API server is never reachable from 0.0.0.0/0: private, or public only for listed ranges. CIS EKS 5.4.1; CKV_AWS_38, CKV_AWS_39, CKV_AZURE_6, CKV_GCP_18, CKV_GCP_20.",
    types: [T.eksCluster, T.aks, T.gke],
    validate: (p, args, report) => {
      if (args.type === T.eksCluster) {
        const vpc = p.vpcConfig ?? {};
        if (vpc.endpointPublicAccess !== false) {
          const cidrs = asArray<string>(vpc.publicAccessCidrs);
          if (cidrs.length === 0 || cidrs.includes(OPEN)) {
            report(
              "the public API endpoint is open to 0.0.0.0/0: set vpcConfig.publicAccessCidrs to your ranges, or endpointPublicAccess to false",
            );
          }
        }
      } else if (args.type === T.aks) {
        const access = p.apiServerAccessProfile ?? {};
        const ranges = asArray<string>(access.authorizedIPRanges);
        if (access.enablePrivateCluster !== true && (ranges.length === 0 || ranges.includes(OPEN))) {
          report(
            "the API server is public to every address: set apiServerAccessProfile.authorizedIPRanges, or enablePrivateCluster",
          );
        }
      } else {
        const isPrivate = p.privateClusterConfig?.enablePrivateEndpoint === true;
        const authorized = p.masterAuthorizedNetworksConfig;
        const blocks = asArray<Props>(authorized?.cidrBlocks).map((b) => b.cidrBlock);
        if (!isPrivate && (authorized === undefined || blocks.includes(OPEN))) {
          report(
            "the control plane endpoint is public without master authorized networks: set masterAuthorizedNetworksConfig, or a private endpoint",
          );
        }
        if (authorized?.gcpPublicCidrsAccessEnabled === true) {
          report(
            "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled lets every Google Cloud address reach the control plane: set it to false",
          );
        }
      }
    },
  }),

  resourceRule({
    name: "steuermann-cluster-prod-private-endpoint",
    description:
      "In prod the API server has no public endpoint at all. CIS EKS 5.4.2; CKV_AWS_39, CKV_AZURE_115, CKV_GCP_25.",
    types: [T.eksCluster, T.aks, T.gke],
    validate: (p, args, report) => {
      if (tierOf(p) !== "prod") {
        return;
      }
      const isPublic =
        args.type === T.eksCluster
          ? p.vpcConfig?.endpointPublicAccess !== false
          : args.type === T.aks
            ? p.apiServerAccessProfile?.enablePrivateCluster !== true
            : p.privateClusterConfig?.enablePrivateEndpoint !== true;
      if (isPublic) {
        report("a prod cluster must have a private API endpoint only");
      }
    },
  }),

  resourceRule({
    name: "steuermann-cluster-secrets-encryption",
    description:
      "Kubernetes secrets are envelope-encrypted with a customer-managed key: always on EKS, in prod on GKE. CIS EKS 5.3.1, CIS GKE 5.3.1; CKV_AWS_58; Trivy AVD-AWS-0039.",
    types: [T.eksCluster, T.gke],
    validate: (p, args, report) => {
      if (args.type === T.eksCluster) {
        const configs = asArray<Props>(p.encryptionConfig);
        if (!configs.some((c) => asArray<string>(c?.resources).includes("secrets") && c?.provider?.keyArn)) {
          report(
            'secrets are not encrypted with a KMS key: set encryptionConfig { resources: ["secrets"], provider.keyArn }',
          );
        }
      } else if (tierOf(p) === "prod" && p.databaseEncryption?.state !== "ENCRYPTED") {
        report(
          "a prod cluster must encrypt secrets with Cloud KMS: set databaseEncryption { state: ENCRYPTED, keyName }",
        );
      }
    },
  }),

  resourceRule({
    name: "steuermann-cluster-aks-kms-etcd-encryption",
    description:
      "AKS encrypts etcd with a Key Vault key (KMS plugin). CIS AKS 5.3.1. Advisory: steuermann does not create the Key Vault yet.",
    enforcementLevel: "advisory",
    types: [T.aks],
    validate: (p, _args, report) => {
      if (p.securityProfile?.azureKeyVaultKms?.enabled !== true) {
        report(
          "etcd is encrypted with platform-managed keys only: enable securityProfile.azureKeyVaultKms with a Key Vault key",
        );
      }
    },
  }),

  resourceRule({
    name: "steuermann-cluster-audit-logging",
    description: "Control-plane audit logs are on. CIS EKS 2.1.1; CKV_AWS_37, CKV_GCP_1.",
    types: [T.eksCluster, T.gke],
    validate: (p, args, report) => {
      if (args.type === T.eksCluster) {
        if (!asArray<string>(p.enabledClusterLogTypes).includes("audit")) {
          report('control-plane audit logs are off: add "audit" to enabledClusterLogTypes');
        }
      } else if (
        p.loggingService === "none" ||
        (p.loggingConfig && !asArray<string>(p.loggingConfig.enableComponents).includes("SYSTEM_COMPONENTS"))
      ) {
        report(
          "Cloud Logging of system components is off: include SYSTEM_COMPONENTS in loggingConfig.enableComponents",
        );
      }
    },
  }),

  stackRule({
    name: "steuermann-cluster-aks-audit-logs",
    description:
      "Every AKS cluster sends kube-audit or kube-audit-admin logs to a diagnostic setting. CIS AKS 2.1.1; CKV_AZURE_4.",
    validate: (resources, _args, report) => {
      const auditing = ofType(resources, T.diagnosticSetting).filter((d) =>
        asArray<Props>(d.props.logs).some(
          (l) => ["kube-audit", "kube-audit-admin"].includes(l?.category) && l?.enabled !== false,
        ),
      );
      for (const cluster of ofType(resources, T.aks)) {
        const wired = auditing.some((d) => d.dependencies.some((dep) => dep.urn === cluster.urn));
        if (!wired) {
          report(
            `${String(cluster.props.resourceName ?? cluster.name)}: no diagnostic setting sends kube-audit logs: add one with category kube-audit-admin`,
            cluster.urn,
          );
        }
      }
    },
  }),

  stackRule({
    name: "steuermann-cluster-workload-identity",
    description:
      "Pods get cloud identities through workload identity, not node credentials: IRSA or Pod Identity on EKS, OIDC issuer + workload identity on AKS, a workload pool on GKE. CIS EKS 5.2.1.",
    validate: (resources, _args, report) => {
      const eksIdentity =
        ofType(resources, T.oidcProvider).length > 0 ||
        ofType(resources, T.eksAddon).some((a) => a.props.addonName === "eks-pod-identity-agent");
      for (const c of ofType(resources, T.eksCluster)) {
        if (!eksIdentity) {
          report(
            `${String(c.props.name ?? c.name)}: no IAM OIDC provider (IRSA) or eks-pod-identity-agent add-on for this cluster`,
            c.urn,
          );
        }
      }
      for (const c of ofType(resources, T.aks)) {
        if (
          c.props.oidcIssuerProfile?.enabled !== true ||
          c.props.securityProfile?.workloadIdentity?.enabled !== true
        ) {
          report(
            `${String(c.props.resourceName ?? c.name)}: enable oidcIssuerProfile and securityProfile.workloadIdentity`,
            c.urn,
          );
        }
      }
      for (const c of ofType(resources, T.gke)) {
        if (!c.props.workloadIdentityConfig?.workloadPool) {
          report(
            `${String(c.props.name ?? c.name)}: set workloadIdentityConfig.workloadPool (<project>.svc.id.goog)`,
            c.urn,
          );
        }
      }
    },
  }),

  resourceRule({
    name: "steuermann-cluster-node-metadata-protection",
    description:
      "Pods cannot read node credentials from the metadata service: IMDSv2 required with hop limit 1 on EKS nodes, the GKE metadata server on GKE. CKV_GCP_69; Trivy AVD-GCP-0057.",
    types: [T.launchTemplate, T.gkePool],
    validate: (p, args, report) => {
      if (args.type === T.launchTemplate) {
        const m = p.metadataOptions ?? {};
        if (m.httpTokens !== "required") {
          report('IMDSv2 is optional: set metadataOptions.httpTokens to "required"');
        }
        if (m.httpPutResponseHopLimit === undefined || m.httpPutResponseHopLimit > 1) {
          report(
            "pods can reach the instance metadata service: set metadataOptions.httpPutResponseHopLimit to 1",
          );
        }
      } else if (p.nodeConfig?.workloadMetadataConfig?.mode !== "GKE_METADATA") {
        report(
          "nodes expose the Compute Engine metadata server to pods: set nodeConfig.workloadMetadataConfig.mode to GKE_METADATA",
        );
      }
    },
  }),

  stackRule({
    name: "steuermann-cluster-network-policy",
    description:
      "A network-policy engine enforces NetworkPolicy: VPC CNI network policy on EKS, Azure/Cilium/Calico on AKS, Dataplane V2 or Calico on GKE. CIS EKS 5.4.4; CKV_AZURE_7, CKV_GCP_12.",
    validate: (resources, _args, report) => {
      const cniOn = ofType(resources, T.eksAddon).some((a) => {
        if (a.props.addonName !== "vpc-cni") {
          return false;
        }
        try {
          return (
            String(JSON.parse(String(a.props.configurationValues ?? "{}")).enableNetworkPolicy) === "true"
          );
        } catch {
          return false;
        }
      });
      for (const c of ofType(resources, T.eksCluster)) {
        if (!cniOn) {
          report(
            `${String(c.props.name ?? c.name)}: the vpc-cni add-on must set configurationValues {"enableNetworkPolicy": "true"}`,
            c.urn,
          );
        }
      }
      for (const c of ofType(resources, T.aks)) {
        if (!c.props.networkProfile?.networkPolicy || c.props.networkProfile.networkPolicy === "none") {
          report(
            `${String(c.props.resourceName ?? c.name)}: set networkProfile.networkPolicy (cilium, azure or calico)`,
            c.urn,
          );
        }
      }
      for (const c of ofType(resources, T.gke)) {
        if (c.props.datapathProvider !== "ADVANCED_DATAPATH" && c.props.networkPolicy?.enabled !== true) {
          report(
            `${String(c.props.name ?? c.name)}: set datapathProvider to ADVANCED_DATAPATH (Dataplane V2) or enable networkPolicy`,
            c.urn,
          );
        }
      }
    },
  }),

  resourceRule({
    name: "steuermann-cluster-no-legacy-auth",
    description:
      "No static or legacy credentials: EKS access entries (API mode), AKS Entra ID with local accounts off in prod, no ABAC or client certificates on GKE. CKV_AZURE_5, CKV_AZURE_141, CKV_GCP_7, CKV_GCP_13.",
    types: [T.eksCluster, T.aks, T.gke],
    validate: (p, args, report) => {
      if (args.type === T.eksCluster) {
        if (p.accessConfig?.authenticationMode !== "API") {
          report(
            'authentication uses the aws-auth ConfigMap: set accessConfig.authenticationMode to "API" (access entries)',
          );
        }
      } else if (args.type === T.aks) {
        if (p.aadProfile?.managed !== true) {
          report("Entra ID integration is off: set aadProfile { managed: true, enableAzureRBAC: true }");
        }
        if (p.enableRBAC === false) {
          report("Kubernetes RBAC is off: set enableRBAC to true");
        }
        if (tierOf(p) === "prod" && p.disableLocalAccounts !== true) {
          report("a prod cluster must disable local accounts: set disableLocalAccounts to true");
        }
      } else {
        if (p.enableLegacyAbac === true) {
          report("legacy ABAC is on: set enableLegacyAbac to false");
        }
        if (p.masterAuth?.clientCertificateConfig?.issueClientCertificate === true) {
          report(
            "client certificates are issued: set masterAuth.clientCertificateConfig.issueClientCertificate to false",
          );
        }
      }
    },
  }),

  resourceRule({
    name: "steuermann-cluster-auto-upgrade",
    description:
      "Clusters and nodes stay patched: AKS upgrade channel, GKE release channel with auto-upgrade and auto-repair, EKS standard support with node auto-repair. CKV_AZURE_171, CKV_GCP_9, CKV_GCP_10, CKV_GCP_70, CKV_AWS_339.",
    types: [T.eksCluster, T.eksNodeGroup, T.aks, T.gke, T.gkePool],
    validate: (p, args, report) => {
      switch (args.type) {
        case T.eksCluster:
          if (p.upgradePolicy?.supportType === "EXTENDED") {
            report(
              "extended support keeps an outdated version (at six times the fee): upgrade and set upgradePolicy.supportType to STANDARD",
            );
          }
          break;
        case T.eksNodeGroup:
          if (p.nodeRepairConfig?.enabled !== true) {
            report("unhealthy nodes are not replaced: set nodeRepairConfig.enabled to true");
          }
          break;
        case T.aks:
          if (!p.autoUpgradeProfile?.upgradeChannel || p.autoUpgradeProfile.upgradeChannel === "none") {
            report("no upgrade channel: set autoUpgradeProfile.upgradeChannel (patch, stable or rapid)");
          }
          break;
        case T.gke:
          if (!p.releaseChannel?.channel || p.releaseChannel.channel === "UNSPECIFIED") {
            report("no release channel: set releaseChannel.channel (REGULAR or STABLE)");
          }
          break;
        default:
          if (p.management?.autoUpgrade !== true || p.management?.autoRepair !== true) {
            report(
              "node auto-upgrade or auto-repair is off: set management { autoUpgrade: true, autoRepair: true }",
            );
          }
      }
    },
  }),

  resourceRule({
    name: "steuermann-cluster-node-autoscaling",
    description:
      "Node pools scale with load: autoscaling on, 0 <= min <= max, max >= 1 (EKS node groups are scaled by the Cluster Autoscaler, see steuermann-cluster-eks-autoscaler).",
    types: [T.eksNodeGroup, T.aks, T.aksPool, T.gkePool],
    validate: (p, args, report) => {
      const check = (label: string, min: unknown, max: unknown) => {
        if (typeof min !== "number" || typeof max !== "number") {
          report(`${label}has no autoscaling bounds: set a minimum and a maximum node count`);
        } else if (min < 0 || max < 1 || min > max) {
          report(
            `${label}autoscaling bounds are invalid (min ${min}, max ${max}): need 0 <= min <= max and max >= 1`,
          );
        }
      };
      if (args.type === T.eksNodeGroup) {
        check("", p.scalingConfig?.minSize, p.scalingConfig?.maxSize);
      } else if (args.type === T.gkePool) {
        const a = p.autoscaling;
        if (a === undefined) {
          report("has no autoscaling block: set autoscaling { totalMinNodeCount, totalMaxNodeCount }");
        } else {
          check("", a.totalMinNodeCount ?? a.minNodeCount, a.totalMaxNodeCount ?? a.maxNodeCount);
        }
      } else {
        const pools = args.type === T.aks ? asArray<Props>(p.agentPoolProfiles) : [p];
        for (const pool of pools) {
          const label = args.type === T.aks ? `pool ${String(pool.name)} ` : "";
          if (pool.enableAutoScaling !== true) {
            report(`${label}does not autoscale: set enableAutoScaling with minCount and maxCount`);
          } else {
            check(label, pool.minCount, pool.maxCount);
          }
        }
      }
    },
  }),

  stackRule({
    name: "steuermann-cluster-eks-autoscaler",
    description:
      "An EKS managed node group with min/max does not scale by itself: the stack deploys the Cluster Autoscaler (or Karpenter) and tags the node groups for auto-discovery.",
    validate: (resources, _args, report) => {
      const clusters = ofType(resources, T.eksCluster);
      if (clusters.length === 0) {
        return;
      }
      const autoscaler = ofType(resources, T.helmRelease).some((r) =>
        ["cluster-autoscaler", "karpenter"].includes(String(r.props.chart)),
      );
      if (!autoscaler) {
        report(
          "no Cluster Autoscaler or Karpenter release: the node groups will never change size",
          clusters[0]?.urn,
        );
      }
      for (const ng of ofType(resources, T.eksNodeGroup)) {
        if (ng.props.tags?.["k8s.io/cluster-autoscaler/enabled"] !== "true") {
          report(
            `${ng.name}: missing the k8s.io/cluster-autoscaler/enabled tag the autoscaler discovers node groups by`,
            ng.urn,
          );
        }
      }
    },
  }),

  stackRule({
    name: "steuermann-cluster-least-privilege-nodes",
    description:
      "Nodes run with a minimal identity: no admin policies on the EKS node role, no Owner/Editor for GKE node accounts and never the default compute account, a managed identity for AKS. CIS GKE 5.2.1; safer-cluster.",
    validate: (resources, _args, report) => {
      const broad = /(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;
      for (const a of ofType(resources, T.rolePolicyAttachment)) {
        if (broad.test(String(a.props.policyArn ?? ""))) {
          report(
            `${a.name}: ${String(a.props.policyArn)} is far broader than a node or controller needs`,
            a.urn,
          );
        }
      }
      for (const m of ofType(resources, T.projectIamMember)) {
        if (["roles/owner", "roles/editor"].includes(String(m.props.role))) {
          report(
            `${m.name}: ${String(m.props.role)} for ${String(m.props.member)} is far broader than a node needs`,
            m.urn,
          );
        }
      }
      for (const pool of ofType(resources, T.gkePool)) {
        const sa = String(pool.props.nodeConfig?.serviceAccount ?? "");
        if (sa === "" || sa === "default" || sa.endsWith("-compute@developer.gserviceaccount.com")) {
          report(
            `${pool.name}: nodes run as the default compute service account: set nodeConfig.serviceAccount to a dedicated one`,
            pool.urn,
          );
        }
      }
      for (const c of ofType(resources, T.aks)) {
        if (c.props.servicePrincipalProfile !== undefined || !c.props.identity?.type) {
          report(
            `${String(c.props.resourceName ?? c.name)}: use a managed identity (identity.type), not a service principal secret`,
            c.urn,
          );
        }
      }
    },
  }),

  resourceRule({
    name: "steuermann-cluster-private-nodes",
    description:
      "Nodes have no public IP addresses. CIS GKE 5.4.3 (private nodes); CKV_GCP_64, CKV_AZURE_143.",
    types: [T.gke, T.aks, T.aksPool],
    validate: (p, args, report) => {
      if (args.type === T.gke) {
        if (p.privateClusterConfig?.enablePrivateNodes !== true) {
          report("nodes have public addresses: set privateClusterConfig.enablePrivateNodes to true");
        }
        return;
      }
      const pools = args.type === T.aks ? asArray<Props>(p.agentPoolProfiles) : [p];
      for (const pool of pools) {
        if (pool.enableNodePublicIP === true) {
          const label = args.type === T.aks ? `pool ${String(pool.name)} ` : "";
          report(`${label}gives nodes public IPs: set enableNodePublicIP to false`);
        }
      }
    },
  }),

  resourceRule({
    name: "steuermann-cluster-shielded-nodes",
    description:
      "GKE nodes are shielded, with secure boot and integrity monitoring, on Container-Optimized OS. CKV_GCP_22, CKV_GCP_68, CKV_GCP_71, CKV_GCP_72.",
    types: [T.gke, T.gkePool],
    validate: (p, args, report) => {
      if (args.type === T.gke) {
        if (p.enableShieldedNodes === false) {
          report("shielded nodes are off: set enableShieldedNodes to true");
        }
        return;
      }
      const cfg = p.nodeConfig ?? {};
      if (!String(cfg.imageType ?? "COS_CONTAINERD").startsWith("COS")) {
        report(`nodes run ${String(cfg.imageType)}: use COS_CONTAINERD`);
      }
      if (
        cfg.shieldedInstanceConfig?.enableSecureBoot !== true ||
        cfg.shieldedInstanceConfig?.enableIntegrityMonitoring === false
      ) {
        report(
          "set nodeConfig.shieldedInstanceConfig { enableSecureBoot: true, enableIntegrityMonitoring: true }",
        );
      }
    },
  }),

  resourceRule({
    name: "steuermann-cluster-no-node-ssh-from-world",
    description:
      "EKS node groups allow no SSH from 0.0.0.0/0: remote access only from named security groups, or none. CKV_AWS_100.",
    types: [T.eksNodeGroup],
    validate: (p, _args, report) => {
      const remote = p.remoteAccess;
      if (remote !== undefined && asArray<string>(remote.sourceSecurityGroupIds).length === 0) {
        report("remoteAccess opens SSH to 0.0.0.0/0: remove it, or set sourceSecurityGroupIds");
      }
    },
  }),

  resourceRule({
    name: "steuermann-cluster-prod-deletion-protection",
    description:
      "Prod clusters cannot be deleted by accident: Pulumi protect, and the cloud's own deletion protection on EKS and GKE. (Dev stays deletable: GKE's default protection blocks short-lived stacks.)",
    types: [T.eksCluster, T.aks, T.gke],
    validate: (p, args, report) => {
      if (tierOf(p) !== "prod") {
        return;
      }
      if (args.opts.protect !== true) {
        report("a prod cluster must be protected (resource option protect: true)");
      }
      if (args.type !== T.aks && p.deletionProtection !== true) {
        report("a prod cluster must set deletionProtection to true");
      }
    },
  }),
];

import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { cidrSubnet } from "../../config/cidr";
import { ownerTags, resourceName } from "../naming";
import { secretKubeconfig } from "./kubeconfig";
import { Cluster, ClusterArgs, initialNodeCount, poolBounds } from "./types";

/** Helm chart of the Kubernetes Cluster Autoscaler, pinned so that an `up` never changes it silently. */
export const CLUSTER_AUTOSCALER_CHART = {
  repo: "https://kubernetes.github.io/autoscaler",
  chart: "cluster-autoscaler",
  version: "9.43.2",
};
const AUTOSCALER_SA = { namespace: "kube-system", name: "cluster-autoscaler" };
const EBS_CSI_SA = { namespace: "kube-system", name: "ebs-csi-controller-sa" };

/** EKS taint effects are spelt differently from Kubernetes'. */
const TAINT_EFFECT = {
  NoSchedule: "NO_SCHEDULE",
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
  NoExecute: "NO_EXECUTE",
};

interface AwsNetwork {
  vpcId: pulumi.Input<string>;
  privateSubnetIds: pulumi.Input<string>[];
  publicSubnetIds: pulumi.Input<string>[];
}

/**
 * EKS with the controls terraform-aws-eks applies by default and `@pulumi/eks` does not:
 * private endpoint on, public endpoint only outside prod and only for authorized ranges,
 * access-entry authentication, audit logs, KMS envelope encryption of secrets, IMDSv2 with hop
 * limit 1, and a Cluster Autoscaler so that the managed node group really scales.
 */
export class EksCluster extends pulumi.ComponentResource implements Cluster {
  public readonly clusterName: pulumi.Output<string>;
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly provider: k8s.Provider;
  public readonly nodePool: { min: number; max: number };
  public readonly pullIdentity: pulumi.Output<string>;
  public readonly extras: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("steuermann:aws:Cluster", name, {}, opts);
    const s = args.settings;
    const region = s.providers.aws?.region ?? "";
    const protect = s.defaults.protect;
    const eksName = resourceName([s.project, s.stack], 100);
    const tags = ownerTags(s, ":");
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const managed = (policy: string) => pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}`;

    const network: AwsNetwork =
      s.network.vpcId !== undefined && s.network.subnetIds !== undefined
        ? { vpcId: s.network.vpcId, privateSubnetIds: s.network.subnetIds, publicSubnetIds: [] }
        : this.createNetwork(
            name,
            eksName,
            s.network.cidr,
            s.tier === "prod" ? 3 : 2,
            s.defaults.natPerZone,
            tags,
          );

    const key = new aws.kms.Key(
      `${name}-secrets-key`,
      {
        description: `EKS secrets envelope encryption for ${eksName}`,
        enableKeyRotation: true,
        deletionWindowInDays: s.defaults.kmsDeletionWindowDays,
        tags,
      },
      { parent: this, protect },
    );

    // Created before the cluster so that EKS writes into a group with a retention period
    // instead of creating its own that keeps logs (and their cost) forever.
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-control-plane-logs`,
      { name: `/aws/eks/${eksName}/cluster`, retentionInDays: s.defaults.logRetentionDays, tags },
      { parent: this },
    );

    const clusterRole = new aws.iam.Role(
      `${name}-cluster-role`,
      { assumeRolePolicy: servicePrincipalTrust("eks.amazonaws.com"), tags },
      { parent: this },
    );
    const clusterPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-cluster-policy`,
      { role: clusterRole.name, policyArn: managed("AmazonEKSClusterPolicy") },
      { parent: this },
    );

    const publicCidrs = s.network.authorizedNetworks;
    const publicEndpoint = s.defaults.publicEndpoint && publicCidrs.length > 0;
    const cluster = new aws.eks.Cluster(
      `${name}-eks`,
      {
        name: eksName,
        roleArn: clusterRole.arn,
        version: s.kubernetesVersion,
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
        vpcConfig: {
          subnetIds: network.privateSubnetIds,
          endpointPrivateAccess: true,
          endpointPublicAccess: publicEndpoint,
          ...(publicEndpoint ? { publicAccessCidrs: publicCidrs } : {}),
        },
        enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        encryptionConfig: { provider: { keyArn: key.arn }, resources: ["secrets"] },
        // Extended support costs six times the standard control-plane fee; upgrade instead.
        upgradePolicy: { supportType: "STANDARD" },
        deletionProtection: protect,
        tags,
      },
      // The role needs its policy before EKS validates it, and the log group must exist first.
      { parent: this, protect, dependsOn: [clusterPolicy, logGroup] },
    );

    const issuer = cluster.identities.apply((ids) => ids[0]?.oidcs?.[0]?.issuer ?? "");
    const issuerHost = issuer.apply((url) => url.replace(/^https:\/\//, ""));
    const oidc = new aws.iam.OpenIdConnectProvider(
      `${name}-oidc`,
      { url: issuer, clientIdLists: ["sts.amazonaws.com"], tags },
      { parent: this },
    );

    const nodeRole = new aws.iam.Role(
      `${name}-node-role`,
      { assumeRolePolicy: servicePrincipalTrust("ec2.amazonaws.com"), tags },
      { parent: this },
    );
    // The minimum a managed node needs to join and run the VPC CNI; image pulls are pull-only.
    const nodePolicies = [
      "AmazonEKSWorkerNodePolicy",
      "AmazonEKS_CNI_Policy",
      "AmazonEC2ContainerRegistryPullOnly",
    ].map(
      (policy) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-node-${policy}`,
          { role: nodeRole.name, policyArn: managed(policy) },
          { parent: this },
        ),
    );

    const launchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-nodes`,
      {
        description: `Managed node group template for ${eksName}: IMDSv2 only, encrypted gp3 root volume`,
        metadataOptions: {
          httpEndpoint: "enabled",
          httpTokens: "required",
          // 1 keeps pods (one network hop away) from reaching the node's instance credentials.
          httpPutResponseHopLimit: 1,
        },
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: {
              volumeSize: s.nodePool.diskSizeGb,
              volumeType: "gp3",
              encrypted: "true",
              deleteOnTermination: "true",
            },
          },
        ],
        tagSpecifications: [{ resourceType: "instance", tags: { ...tags, Name: `${eksName}-node` } }],
        updateDefaultVersion: true,
        tags,
      },
      { parent: this },
    );

    const pool = s.nodePool;
    const nodeGroup = new aws.eks.NodeGroup(
      `${name}-nodes`,
      {
        clusterName: cluster.name,
        nodeRoleArn: nodeRole.arn,
        subnetIds: network.privateSubnetIds,
        amiType: "AL2023_x86_64_STANDARD",
        capacityType: pool.spot ? "SPOT" : "ON_DEMAND",
        instanceTypes: [pool.machineType],
        scalingConfig: {
          minSize: pool.minNodes,
          maxSize: pool.maxNodes,
          desiredSize: initialNodeCount(pool),
        },
        updateConfig: { maxUnavailable: 1 },
        nodeRepairConfig: { enabled: true },
        launchTemplate: {
          id: launchTemplate.id,
          version: pulumi.interpolate`${launchTemplate.latestVersion}`,
        },
        labels: pool.labels,
        taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: TAINT_EFFECT[t.effect] })),
        // EKS puts these on the node group's Auto Scaling group too; the autoscaler discovers it by them.
        tags: {
          ...tags,
          "k8s.io/cluster-autoscaler/enabled": "true",
          [`k8s.io/cluster-autoscaler/${eksName}`]: "owned",
        },
      },
      {
        parent: this,
        // Nodes cannot join until the node role has its policies.
        dependsOn: nodePolicies,
        // The Cluster Autoscaler owns the desired size; `up` must not reset it.
        ignoreChanges: ["scalingConfig.desiredSize"],
      },
    );

    const irsaRole = (role: string, sa: { namespace: string; name: string }) =>
      new aws.iam.Role(
        `${name}-${role}`,
        {
          // Condition keys use the issuer without its scheme: "oidc.eks.<region>.amazonaws.com/id/<ID>:sub".
          assumeRolePolicy: pulumi.all([oidc.arn, issuerHost]).apply(([arn, url]) =>
            JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Allow",
                  Principal: { Federated: arn },
                  Action: "sts:AssumeRoleWithWebIdentity",
                  Condition: {
                    StringEquals: {
                      [`${url}:sub`]: `system:serviceaccount:${sa.namespace}:${sa.name}`,
                      [`${url}:aud`]: "sts.amazonaws.com",
                    },
                  },
                },
              ],
            }),
          ),
          tags,
        },
        { parent: this },
      );

    const ebsRole = irsaRole("ebs-csi-role", EBS_CSI_SA);
    new aws.iam.RolePolicyAttachment(
      `${name}-ebs-csi-policy`,
      { role: ebsRole.name, policyArn: managed("service-role/AmazonEBSCSIDriverPolicy") },
      { parent: this },
    );

    const addon = (addonName: string, extra: Partial<aws.eks.AddonArgs>, afterNodes: boolean) =>
      new aws.eks.Addon(
        `${name}-${addonName}`,
        {
          clusterName: cluster.name,
          addonName,
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
          tags,
          ...extra,
        },
        // Add-ons that run as Deployments stay DEGRADED (and `up` times out) until nodes exist.
        { parent: this, ...(afterNodes ? { dependsOn: [nodeGroup] } : {}) },
      );
    // The VPC CNI enforces NetworkPolicy only when asked to.
    addon("vpc-cni", { configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) }, false);
    addon("kube-proxy", {}, false);
    addon("coredns", {}, true);
    addon("aws-ebs-csi-driver", { serviceAccountRoleArn: ebsRole.arn }, true);

    this.clusterName = cluster.name;
    this.kubeconfig = secretKubeconfig({
      name: cluster.name,
      server: cluster.endpoint,
      certificateAuthorityData: cluster.certificateAuthority.data,
      exec: {
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", eksName, "--region", region, "--output", "json"],
        installHint:
          "Install the AWS CLI v2 and sign in (aws configure sso, or aws sts get-caller-identity to check).",
      },
    });
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true, deleteUnreachable: !protect },
      { parent: this },
    );

    const autoscalerRole = irsaRole("autoscaler-role", AUTOSCALER_SA);
    new aws.iam.RolePolicy(
      `${name}-autoscaler-policy`,
      { role: autoscalerRole.id, policy: autoscalerPolicy(eksName) },
      { parent: this },
    );
    new k8s.helm.v3.Release(
      `${name}-cluster-autoscaler`,
      {
        name: "cluster-autoscaler",
        namespace: AUTOSCALER_SA.namespace,
        chart: CLUSTER_AUTOSCALER_CHART.chart,
        version: CLUSTER_AUTOSCALER_CHART.version,
        repositoryOpts: { repo: CLUSTER_AUTOSCALER_CHART.repo },
        atomic: true,
        values: {
          cloudProvider: "aws",
          awsRegion: region,
          autoDiscovery: { clusterName: eksName },
          rbac: {
            serviceAccount: {
              create: true,
              name: AUTOSCALER_SA.name,
              annotations: { "eks.amazonaws.com/role-arn": autoscalerRole.arn },
            },
          },
          ...(s.kubernetesVersion !== undefined ? { image: { tag: `v${s.kubernetesVersion}.0` } } : {}),
          extraArgs: {
            "balance-similar-node-groups": true,
            expander: "least-waste",
            "skip-nodes-with-system-pods": false,
          },
          podDisruptionBudget: { maxUnavailable: 1 },
        },
      },
      // It schedules onto the node group and must start after the role it assumes exists.
      { parent: this, provider: this.provider, dependsOn: [nodeGroup] },
    );

    this.nodePool = poolBounds(pool);
    this.pullIdentity = nodeRole.arn;
    this.extras = {
      endpoint: cluster.endpoint,
      oidcIssuer: issuer,
      vpcId: network.vpcId,
      nodeRoleArn: nodeRole.arn,
      region,
    };
    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      nodePool: this.nodePool,
    });
  }

  /** A VPC with a public and a private subnet per zone, NAT for the private ones. */
  private createNetwork(
    name: string,
    eksName: string,
    cidr: string,
    zoneCount: number,
    natPerZone: boolean,
    tags: Record<string, string>,
  ): AwsNetwork {
    const zones = aws.getAvailabilityZonesOutput({ state: "available" }, { parent: this }).names;
    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      { cidrBlock: cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { ...tags, Name: eksName } },
      { parent: this },
    );
    // The default security group allows all traffic between its members; nothing should use it.
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, tags }, { parent: this });
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags }, { parent: this });
    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags },
      { parent: this },
    );

    const publicSubnetIds: pulumi.Output<string>[] = [];
    const privateSubnetIds: pulumi.Output<string>[] = [];
    let sharedNat: aws.ec2.NatGateway | undefined;
    for (let i = 0; i < zoneCount; i++) {
      const zone = zones.apply((z) => z[i] ?? z[0] ?? "");
      // Splits the VPC into /20s (for a /16): public ones first, private ones from index 8.
      const publicSubnet = new aws.ec2.Subnet(
        `${name}-public-${i}`,
        {
          vpcId: vpc.id,
          cidrBlock: cidrSubnet(cidr, 4, i),
          availabilityZone: zone,
          tags: { ...tags, Name: `${eksName}-public-${i}`, "kubernetes.io/role/elb": "1" },
        },
        { parent: this },
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${i}`,
        { subnetId: publicSubnet.id, routeTableId: publicRoutes.id },
        { parent: this },
      );
      if (natPerZone || sharedNat === undefined) {
        const eip = new aws.ec2.Eip(`${name}-nat-${i}`, { domain: "vpc", tags }, { parent: this });
        const nat = new aws.ec2.NatGateway(
          `${name}-nat-${i}`,
          { allocationId: eip.id, subnetId: publicSubnet.id, tags },
          { parent: this },
        );
        sharedNat = nat;
      }
      const privateSubnet = new aws.ec2.Subnet(
        `${name}-private-${i}`,
        {
          vpcId: vpc.id,
          cidrBlock: cidrSubnet(cidr, 4, 8 + i),
          availabilityZone: zone,
          tags: { ...tags, Name: `${eksName}-private-${i}`, "kubernetes.io/role/internal-elb": "1" },
        },
        { parent: this },
      );
      const privateRoutes = new aws.ec2.RouteTable(
        `${name}-private-rt-${i}`,
        { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: sharedNat.id }], tags },
        { parent: this },
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${i}`,
        { subnetId: privateSubnet.id, routeTableId: privateRoutes.id },
        { parent: this },
      );
      publicSubnetIds.push(publicSubnet.id);
      privateSubnetIds.push(privateSubnet.id);
    }
    return { vpcId: vpc.id, privateSubnetIds, publicSubnetIds };
  }
}

function servicePrincipalTrust(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });
}

/**
 * The Cluster Autoscaler's permissions: it may read every group but resize or terminate only
 * the groups tagged as this cluster's (the policy published with the autoscaler's AWS docs).
 */
export function autoscalerPolicy(eksName: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Describe",
        Effect: "Allow",
        Action: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "autoscaling:DescribeTags",
          "ec2:DescribeImages",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements",
          "eks:DescribeNodegroup",
        ],
        Resource: "*",
      },
      {
        Sid: "ResizeOwnGroupsOnly",
        Effect: "Allow",
        Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        Resource: "*",
        Condition: {
          StringEquals: {
            "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
            [`aws:ResourceTag/k8s.io/cluster-autoscaler/${eksName}`]: "owned",
          },
        },
      },
    ],
  });
}

import { autoscalerPolicy, CLUSTER_AUTOSCALER_CHART } from "../../components/cluster/aws";
import { allOf, inputs, one, planConfig, planStack } from "../helpers/plan";

const AWS = { "steuermann:cloud": "aws", "aws:region": "eu-central-1" };

describe("EKS platform (aws-dev sample)", () => {
  let plan: Awaited<ReturnType<typeof planStack>>;
  beforeAll(async () => {
    plan = await planStack("aws-dev");
  });

  it("node group takes its bounds from config and leaves the desired size to the autoscaler", () => {
    const ng = one(plan, "aws:eks/nodeGroup:NodeGroup");
    expect(inputs(ng).scalingConfig).toEqual({ minSize: 1, maxSize: 4, desiredSize: 1 });
    expect(ng.ignoreChanges).toEqual(["scalingConfig.desiredSize"]);
    expect(inputs(ng).capacityType).toBe("SPOT");
    expect(inputs(ng).instanceTypes).toEqual(["t3.medium"]);
  });

  it("tags the node group for Cluster Autoscaler auto-discovery", () => {
    const tags = inputs(one(plan, "aws:eks/nodeGroup:NodeGroup")).tags;
    expect(tags["k8s.io/cluster-autoscaler/enabled"]).toBe("true");
    expect(tags["k8s.io/cluster-autoscaler/steuermann-aws-dev"]).toBe("owned");
  });

  it("deploys the Cluster Autoscaler with its own IRSA role", () => {
    const release = one(plan, "kubernetes:helm.sh/v3:Release");
    const v = inputs(release);
    expect(v.chart).toBe("cluster-autoscaler");
    expect(v.version).toBe(CLUSTER_AUTOSCALER_CHART.version);
    expect(v.repositoryOpts.repo).toBe("https://kubernetes.github.io/autoscaler");
    expect(v.values.autoDiscovery.clusterName).toBe("steuermann-aws-dev");
    expect(v.values.awsRegion).toBe("eu-central-1");
    expect(v.values.rbac.serviceAccount.name).toBe("cluster-autoscaler");
    const roleArn = v.values.rbac.serviceAccount.annotations["eks.amazonaws.com/role-arn"];
    expect(roleArn).toBe("arn:aws:iam::123456789012:role/cluster-autoscaler-role");

    const role = one(plan, "aws:iam/role:Role", "cluster-autoscaler-role");
    const trust = JSON.parse(inputs(role).assumeRolePolicy);
    const [statement] = trust.Statement;
    expect(statement.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(statement.Principal.Federated).toMatch(
      /:oidc-provider\/oidc\.eks\.eu-central-1\.amazonaws\.com\/id\//,
    );
    const conditions = statement.Condition.StringEquals;
    const sub = Object.keys(conditions).find((k) => k.endsWith(":sub")) ?? "";
    expect(sub).toMatch(/^oidc\.eks\.eu-central-1\.amazonaws\.com\/id\/[0-9A-F]+:sub$/);
    expect(conditions[sub]).toBe("system:serviceaccount:kube-system:cluster-autoscaler");

    const policy = one(plan, "aws:iam/rolePolicy:RolePolicy", "cluster-autoscaler-policy");
    expect(inputs(policy).policy).toBe(autoscalerPolicy("steuermann-aws-dev"));
  });

  it("lets the autoscaler resize only this cluster's groups", () => {
    const doc = JSON.parse(autoscalerPolicy("c1"));
    const resize = doc.Statement.find((s: { Action: string[] }) =>
      s.Action.includes("autoscaling:SetDesiredCapacity"),
    );
    expect(resize.Condition.StringEquals).toEqual({
      "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
      "aws:ResourceTag/k8s.io/cluster-autoscaler/c1": "owned",
    });
  });

  it("hardens the control plane: access entries, audit logs, KMS secrets encryption, authorized public CIDRs", () => {
    const cluster = inputs(one(plan, "aws:eks/cluster:Cluster"));
    expect(cluster.accessConfig.authenticationMode).toBe("API");
    expect(cluster.enabledClusterLogTypes).toEqual(expect.arrayContaining(["audit", "api", "authenticator"]));
    expect(cluster.encryptionConfig.resources).toEqual(["secrets"]);
    expect(cluster.encryptionConfig.provider.keyArn).toMatch(/^arn:aws:kms:/);
    expect(cluster.vpcConfig).toMatchObject({
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ["203.0.113.0/24"],
    });
    expect(inputs(one(plan, "aws:kms/key:Key")).enableKeyRotation).toBe(true);
  });

  it("requires IMDSv2 with hop limit 1 on the nodes", () => {
    const lt = inputs(one(plan, "aws:ec2/launchTemplate:LaunchTemplate"));
    expect(lt.metadataOptions).toEqual({
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
    });
    expect(lt.blockDeviceMappings[0].ebs).toMatchObject({ encrypted: "true", volumeType: "gp3" });
  });

  it("installs the core add-ons, with the VPC CNI enforcing network policy", () => {
    const addons = allOf(plan, "aws:eks/addon:Addon").map((a) => inputs(a).addonName);
    expect(addons.sort()).toEqual(["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"]);
    const cni = allOf(plan, "aws:eks/addon:Addon").find((a) => inputs(a).addonName === "vpc-cni");
    expect(JSON.parse(inputs(cni!).configurationValues)).toEqual({ enableNetworkPolicy: "true" });
    const ebs = allOf(plan, "aws:eks/addon:Addon").find((a) => inputs(a).addonName === "aws-ebs-csi-driver");
    expect(inputs(ebs!).serviceAccountRoleArn).toMatch(/role\/cluster-ebs-csi-role$/);
  });

  it("spans two zones with a private and a public subnet each", () => {
    const subnets = allOf(plan, "aws:ec2/subnet:Subnet").map(inputs);
    expect(subnets).toHaveLength(4);
    expect(new Set(subnets.map((s) => s.availabilityZone))).toEqual(
      new Set(["eu-central-1a", "eu-central-1b"]),
    );
    expect(subnets.filter((s) => s.tags["kubernetes.io/role/internal-elb"] === "1")).toHaveLength(2);
    expect(allOf(plan, "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
  });

  it("ECR: immutable tags, scan on push, keep the newest N, pull-only for the node role", () => {
    const repo = inputs(one(plan, "aws:ecr/repository:Repository"));
    expect(repo.imageTagMutability).toBe("IMMUTABLE");
    expect(repo.imageScanningConfiguration).toEqual({ scanOnPush: true });
    expect(repo.forceDelete).toBe(true);
    const lifecycle = JSON.parse(inputs(one(plan, "aws:ecr/lifecyclePolicy:LifecyclePolicy")).policy);
    expect(lifecycle.rules[1].selection).toMatchObject({ countType: "imageCountMoreThan", countNumber: 30 });
    const pull = JSON.parse(inputs(one(plan, "aws:ecr/repositoryPolicy:RepositoryPolicy")).policy);
    expect(pull.Statement[0].Principal.AWS).toBe("arn:aws:iam::123456789012:role/cluster-node-role");
    expect(pull.Statement[0].Action).toEqual([
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
      "ecr:BatchCheckLayerAvailability",
    ]);
  });

  it("exports the shared outputs with the kubeconfig as a secret", () => {
    expect(plan.outputs).toMatchObject({
      cloud: "aws",
      clusterName: "steuermann-aws-dev",
      kubeconfig: "[secret]",
      registryUrl: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/steuermann-aws-dev",
      nodePool: { min: 1, max: 4 },
    });
    expect(inputs(one(plan, "pulumi:providers:kubernetes")).kubeconfig).toBe("[secret]");
  });

  it("protects nothing in dev", () => {
    expect(plan.resources.filter((r) => r.protect)).toEqual([]);
  });
});

describe("EKS tiers and variants", () => {
  it("prod protects cluster, key and registry, closes the public endpoint, uses on-demand nodes in three zones", async () => {
    const plan = await planStack("aws-prod");
    const protectedTypes = plan.resources
      .filter((r) => r.protect)
      .map((r) => r.type)
      .sort();
    expect(protectedTypes).toEqual([
      "aws:ecr/repository:Repository",
      "aws:eks/cluster:Cluster",
      "aws:kms/key:Key",
    ]);
    const cluster = inputs(one(plan, "aws:eks/cluster:Cluster"));
    expect(cluster.vpcConfig.endpointPublicAccess).toBe(false);
    expect(cluster.vpcConfig.publicAccessCidrs).toBeUndefined();
    expect(cluster.deletionProtection).toBe(true);
    expect(inputs(one(plan, "aws:eks/nodeGroup:NodeGroup")).capacityType).toBe("ON_DEMAND");
    expect(allOf(plan, "aws:ec2/natGateway:NatGateway")).toHaveLength(3);
    expect(inputs(one(plan, "aws:ecr/repository:Repository")).forceDelete).toBe(false);
  });

  it("keeps the endpoint private in dev when no authorized network is given", async () => {
    const plan = await planConfig(AWS);
    expect(inputs(one(plan, "aws:eks/cluster:Cluster")).vpcConfig.endpointPublicAccess).toBe(false);
  });

  it("uses existing subnets instead of creating a VPC", async () => {
    const plan = await planConfig({
      ...AWS,
      "steuermann:network": {
        vpcId: "vpc-0abc12345def67890",
        subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"],
      },
    });
    expect(allOf(plan, "aws:ec2/vpc:Vpc")).toHaveLength(0);
    expect(allOf(plan, "aws:ec2/subnet:Subnet")).toHaveLength(0);
    expect(inputs(one(plan, "aws:eks/cluster:Cluster")).vpcConfig.subnetIds).toEqual([
      "subnet-0aaa11111",
      "subnet-0bbb22222",
    ]);
  });

  it("maps taints and labels onto the node group", async () => {
    const plan = await planConfig({
      ...AWS,
      "steuermann:nodePool": {
        minNodes: 0,
        maxNodes: 2,
        labels: { workload: "batch" },
        taints: [{ key: "dedicated", value: "batch", effect: "NoSchedule" }],
      },
    });
    const ng = inputs(one(plan, "aws:eks/nodeGroup:NodeGroup"));
    expect(ng.labels).toEqual({ workload: "batch" });
    expect(ng.taints).toEqual([{ key: "dedicated", value: "batch", effect: "NO_SCHEDULE" }]);
    // Scale-to-zero pools still start with one node so the core add-ons can schedule.
    expect(ng.scalingConfig).toEqual({ minSize: 0, maxSize: 2, desiredSize: 1 });
  });
});

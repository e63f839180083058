import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ownerTags, resourceName } from "../naming";
import { secretKubeconfig } from "./kubeconfig";
import { Cluster, ClusterArgs, initialNodeCount, poolBounds } from "./types";

/**
 * Pod and service ranges from the shared address space (RFC 6598), which GKE accepts and
 * which cannot collide with an RFC 1918 node range chosen in `network.cidr`.
 */
const POD_RANGE = { rangeName: "pods", ipCidrRange: "100.64.0.0/14" };
const SERVICE_RANGE = { rangeName: "services", ipCidrRange: "100.68.0.0/20" };

/**
 * What a GKE node needs and no more (GKE hardening guide): write logs and metrics, read
 * monitoring config. Image pulls are granted on the registry itself.
 */
export const NODE_ROLES = [
  "roles/logging.logWriter",
  "roles/monitoring.metricWriter",
  "roles/monitoring.viewer",
  "roles/stackdriver.resourceMetadata.writer",
];

const TAINT_EFFECT = {
  NoSchedule: "NO_SCHEDULE",
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
  NoExecute: "NO_EXECUTE",
};

/**
 * GKE Standard with the default node pool removed and one autoscaled pool of its own: a
 * dedicated node service account, workload identity, GKE metadata server, shielded COS nodes,
 * private nodes behind Cloud NAT, Dataplane V2 (network policy enforced) and a release channel.
 * Dev is zonal (covered by GKE's free tier), prod regional with deletion protection.
 */
export class GkeCluster extends pulumi.ComponentResource implements Cluster {
  public readonly clusterName: pulumi.Output<string>;
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly provider: k8s.Provider;
  public readonly nodePool: { min: number; max: number };
  public readonly pullIdentity: pulumi.Output<string>;
  public readonly extras: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("steuermann:gcp:Cluster", name, {}, opts);
    const s = args.settings;
    const project = s.providers.gcp?.project ?? "";
    const region = s.providers.gcp?.region ?? "";
    const prod = s.tier === "prod";
    const protect = s.defaults.protect;
    const gkeName = resourceName([s.project, s.stack], 40);
    const labels = ownerTags(s, "-");
    const pool = s.nodePool;

    const regional = prod;
    const location: pulumi.Input<string> = regional
      ? region
      : gcp.compute
          .getZonesOutput({ region, project, status: "UP" }, { parent: this })
          .names.apply((zones) => zones[0] ?? `${region}-b`);

    const vpc = new gcp.compute.Network(
      `${name}-vpc`,
      { name: gkeName, project, autoCreateSubnetworks: false, routingMode: "REGIONAL" },
      { parent: this },
    );
    const subnet = new gcp.compute.Subnetwork(
      `${name}-subnet`,
      {
        name: `${gkeName}-nodes`,
        project,
        region,
        network: vpc.id,
        ipCidrRange: s.network.cidr,
        privateIpGoogleAccess: true,
        secondaryIpRanges: [POD_RANGE, SERVICE_RANGE],
        logConfig: {
          aggregationInterval: "INTERVAL_10_MIN",
          flowSampling: 0.5,
          metadata: "INCLUDE_ALL_METADATA",
        },
      },
      { parent: this },
    );
    // Private nodes have no public address; Cloud NAT is their way out (image pulls, updates).
    const router = new gcp.compute.Router(
      `${name}-router`,
      { name: `${gkeName}-router`, project, region, network: vpc.id },
      { parent: this },
    );
    new gcp.compute.RouterNat(
      `${name}-nat`,
      {
        name: `${gkeName}-nat`,
        project,
        region,
        router: router.name,
        natIpAllocateOption: "AUTO_ONLY",
        sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
        logConfig: { enable: true, filter: "ERRORS_ONLY" },
      },
      { parent: this },
    );

    const nodeAccount = new gcp.serviceaccount.Account(
      `${name}-nodes`,
      {
        accountId: resourceName([gkeName.slice(0, 22), "nodes"], 30),
        project,
        displayName: `GKE nodes of ${gkeName} (least privilege)`,
      },
      { parent: this },
    );
    const nodeRoles = NODE_ROLES.map(
      (role) =>
        new gcp.projects.IAMMember(
          `${name}-nodes-${role.split("/")[1]}`,
          { project, role, member: pulumi.interpolate`serviceAccount:${nodeAccount.email}` },
          { parent: this },
        ),
    );

    const databaseEncryption = prod ? this.secretsKey(name, gkeName, project, region, protect) : undefined;

    const publicEndpoint = s.defaults.publicEndpoint;
    const cluster = new gcp.container.Cluster(
      `${name}-gke`,
      {
        name: gkeName,
        project,
        location,
        network: vpc.id,
        subnetwork: subnet.id,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: {
          clusterSecondaryRangeName: POD_RANGE.rangeName,
          servicesSecondaryRangeName: SERVICE_RANGE.rangeName,
        },
        // GKE insists on creating a default pool; it is removed at once for the managed one below.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        deletionProtection: prod,
        releaseChannel: { channel: prod ? "STABLE" : "REGULAR" },
        ...(s.kubernetesVersion !== undefined ? { minMasterVersion: s.kubernetesVersion } : {}),
        workloadIdentityConfig: { workloadPool: `${project}.svc.id.goog` },
        datapathProvider: "ADVANCED_DATAPATH",
        enableShieldedNodes: true,
        enableLegacyAbac: false,
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: !publicEndpoint },
        masterAuthorizedNetworksConfig: {
          cidrBlocks: s.network.authorizedNetworks.map((cidrBlock, i) => ({
            cidrBlock,
            displayName: `authorized-${i}`,
          })),
          gcpPublicCidrsAccessEnabled: false,
        },
        loggingConfig: {
          enableComponents: prod
            ? ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"]
            : ["SYSTEM_COMPONENTS", "WORKLOADS"],
        },
        ...(databaseEncryption !== undefined ? { databaseEncryption } : {}),
        resourceLabels: labels,
      },
      { parent: this, protect, dependsOn: nodeRoles },
    );

    const perZone = regional ? 3 : 1;
    const nodePool = new gcp.container.NodePool(
      `${name}-nodes`,
      {
        name: "workload",
        project,
        cluster: cluster.name,
        location,
        initialNodeCount: Math.max(1, Math.ceil(initialNodeCount(pool) / perZone)),
        // Totals, not per-zone counts, so that `nodePool.minNodes/maxNodes` mean the same on every cloud.
        autoscaling: {
          totalMinNodeCount: pool.minNodes,
          totalMaxNodeCount: pool.maxNodes,
          locationPolicy: "BALANCED",
        },
        management: { autoRepair: true, autoUpgrade: true },
        upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
        nodeConfig: {
          machineType: pool.machineType,
          spot: pool.spot,
          diskSizeGb: pool.diskSizeGb,
          diskType: "pd-balanced",
          imageType: "COS_CONTAINERD",
          serviceAccount: nodeAccount.email,
          oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
          workloadMetadataConfig: { mode: "GKE_METADATA" },
          shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
          metadata: { "disable-legacy-endpoints": "true" },
          labels: pool.labels,
          taints: pool.taints.map((t) => ({
            key: t.key,
            value: t.value ?? "",
            effect: TAINT_EFFECT[t.effect],
          })),
          resourceLabels: labels,
        },
      },
      // The autoscaler owns the count; a changed minimum must not recreate the pool either.
      { parent: this, ignoreChanges: ["nodeCount", "initialNodeCount"] },
    );

    this.clusterName = cluster.name;
    this.kubeconfig = secretKubeconfig({
      name: cluster.name,
      server: pulumi.interpolate`https://${cluster.endpoint}`,
      certificateAuthorityData: cluster.masterAuth.clusterCaCertificate.apply((ca) => ca ?? ""),
      exec: {
        command: "gke-gcloud-auth-plugin",
        args: [],
        installHint:
          "Install it with `gcloud components install gke-gcloud-auth-plugin` and run `gcloud auth login`.",
      },
    });
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true, deleteUnreachable: !protect },
      // Workloads need a node pool; the provider is their common dependency.
      { parent: this, dependsOn: [nodePool] },
    );
    this.nodePool = poolBounds(pool);
    this.pullIdentity = nodeAccount.email;
    this.extras = { endpoint: cluster.endpoint, location, project, workloadPool: `${project}.svc.id.goog` };
    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      nodePool: this.nodePool,
    });
  }

  /**
   * A Cloud KMS key for application-layer secrets encryption. Key rings cannot be deleted in
   * GCP, so only prod (long-lived, protected) stacks get one.
   */
  private secretsKey(
    name: string,
    gkeName: string,
    project: string,
    region: string,
    protect: boolean,
  ): gcp.types.input.container.ClusterDatabaseEncryption {
    const ring = new gcp.kms.KeyRing(
      `${name}-keyring`,
      { name: `${gkeName}-keys`, project, location: region },
      { parent: this, protect },
    );
    const key = new gcp.kms.CryptoKey(
      `${name}-secrets-key`,
      { name: "gke-secrets", keyRing: ring.id, rotationPeriod: "7776000s", purpose: "ENCRYPT_DECRYPT" },
      { parent: this, protect },
    );
    const projectNumber = gcp.organizations.getProjectOutput({ projectId: project }, { parent: this }).number;
    new gcp.kms.CryptoKeyIAMMember(
      `${name}-gke-agent-key`,
      {
        cryptoKeyId: key.id,
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: pulumi.interpolate`serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`,
      },
      { parent: this },
    );
    return { state: "ENCRYPTED", keyName: key.id };
  }
}

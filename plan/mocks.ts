/**
 * Pulumi mocks that answer like the clouds do, so that code downstream of a cloud resource
 * (kubeconfig rendering, IAM conditions, registry URLs) really runs offline. Every value is
 * made up and recognisable as such (account 123456789012, documentation IP ranges); nothing is
 * looked up. An invoke the program makes that is not listed here fails loudly rather than
 * returning its inputs.
 */
import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { stringify } from "yaml";

export const MOCK_ACCOUNT = "123456789012";
export const MOCK_SUBSCRIPTION = "00000000-0000-4000-8000-000000000000";
export const MOCK_TENANT = "11111111-1111-4111-8111-111111111111";

/** A syntactically valid, obviously fake certificate (base64 of a PEM block). */
export const MOCK_CA_DATA = Buffer.from(
  "-----BEGIN CERTIFICATE-----\nTU9DSyBDQSBmb3Igc3RldWVybWFubiBvZmZsaW5lIHBsYW5z\n-----END CERTIFICATE-----\n",
).toString("base64");

type State = Record<string, unknown>;

function hex(seed: string, length = 32): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length).toUpperCase();
}

export interface MockContext {
  cloud: string;
  region: string;
  location: string;
  gcpProject: string;
}

function awsArn(service: string, resource: string, ctx: MockContext, regional = true): string {
  return `arn:aws:${service}:${regional ? ctx.region : ""}:${MOCK_ACCOUNT}:${resource}`;
}

/** Kubeconfig AKS returns for `listClusterUserCredentials` with format=exec. */
function aksUserKubeconfig(clusterName: string, location: string): string {
  const server = `https://${clusterName}-dns-${hex(clusterName, 8).toLowerCase()}.hcp.${location}.azmk8s.io:443`;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: clusterName, cluster: { server, "certificate-authority-data": MOCK_CA_DATA } }],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user: `clusterUser_${clusterName}` } }],
    "current-context": clusterName,
    users: [
      {
        name: `clusterUser_${clusterName}`,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "kubelogin",
            args: [
              "get-token",
              "--environment",
              "AzurePublicCloud",
              "--server-id",
              "6dae42f8-4368-4678-94ff-3960e28e3630",
              "--client-id",
              "80faf920-1908-4b52-b5ef-a8e7bedfc67a",
              "--tenant-id",
              MOCK_TENANT,
              "--login",
              "devicecode",
            ],
          },
        },
      },
    ],
  });
}

/**
 * What a platform stack exports, as a feature stack reads it: a made-up kubeconfig (a secret,
 * as on the real stack) and the app repository of the configured cloud.
 */
function stackReference(stackName: string, ctx: MockContext): State {
  const repositories: Record<string, string> = {
    aws: `${MOCK_ACCOUNT}.dkr.ecr.${ctx.region}.amazonaws.com/steuermann-${stackName}`,
    azure: `steuermann${stackName.replace(/[^a-z0-9]/g, "")}.azurecr.io/app`,
    gcp: `${ctx.region}-docker.pkg.dev/${ctx.gcpProject}/steuermann-${stackName}/app`,
    local: "localhost:5001/steuermann/app",
  };
  const kubeconfig = JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: stackName,
        cluster: { server: "https://203.0.113.10", "certificate-authority-data": MOCK_CA_DATA },
      },
    ],
    users: [
      {
        name: stackName,
        user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "true" } },
      },
    ],
    contexts: [{ name: stackName, context: { cluster: stackName, user: stackName } }],
    "current-context": stackName,
  });
  return {
    name: stackName,
    outputs: {
      cloud: ctx.cloud,
      clusterName: `steuermann-${stackName}`,
      kubeconfig,
      registryUrl: repositories[ctx.cloud] ?? repositories.local,
      appRepository: repositories[ctx.cloud] ?? repositories.local,
      nodePool: { min: 1, max: 3 },
    },
    secretOutputNames: ["kubeconfig"],
  };
}

/** Computed outputs per resource type, on top of the inputs the program gave. */
function computed(type: string, name: string, inputs: State, ctx: MockContext): State {
  const given = (key: string) => (typeof inputs[key] === "string" ? (inputs[key] as string) : undefined);
  switch (type) {
    case "aws:eks/cluster:Cluster": {
      const id = hex(name);
      return {
        arn: awsArn("eks", `cluster/${given("name") ?? name}`, ctx),
        endpoint: `https://${id}.gr7.${ctx.region}.eks.amazonaws.com`,
        certificateAuthority: { data: MOCK_CA_DATA },
        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${ctx.region}.amazonaws.com/id/${id}` }] }],
        platformVersion: "eks.1",
        status: "ACTIVE",
      };
    }
    case "aws:iam/role:Role":
      return { arn: awsArn("iam", `role/${given("name") ?? name}`, ctx, false), name: given("name") ?? name };
    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
      return {
        arn: awsArn(
          "iam",
          `oidc-provider/${String(inputs.url ?? "").replace(/^https:\/\//, "")}`,
          ctx,
          false,
        ),
      };
    case "aws:kms/key:Key":
      return { arn: awsArn("kms", `key/${hex(name, 8)}`, ctx), keyId: hex(name, 8) };
    case "aws:ec2/launchTemplate:LaunchTemplate":
      return {
        latestVersion: 1,
        defaultVersion: 1,
        arn: awsArn("ec2", `launch-template/lt-${hex(name, 17)}`, ctx),
      };
    case "aws:ecr/repository:Repository": {
      const repo = given("name") ?? name;
      return {
        arn: awsArn("ecr", `repository/${repo}`, ctx),
        registryId: MOCK_ACCOUNT,
        repositoryUrl: `${MOCK_ACCOUNT}.dkr.ecr.${ctx.region}.amazonaws.com/${repo}`,
      };
    }
    case "azure-native:containerservice:ManagedCluster": {
      const clusterName = given("resourceName") ?? name;
      return {
        name: clusterName,
        fqdn: `${clusterName}-dns-${hex(clusterName, 8).toLowerCase()}.hcp.${ctx.location}.azmk8s.io`,
        identityProfile: {
          kubeletidentity: {
            objectId: "22222222-2222-4222-8222-222222222222",
            clientId: "33333333-3333-4333-8333-333333333333",
            resourceId: `/subscriptions/${MOCK_SUBSCRIPTION}/resourceGroups/MC_${clusterName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${clusterName}-agentpool`,
          },
        },
        oidcIssuerProfile: {
          enabled: true,
          issuerURL: `https://${ctx.location}.oic.prod-aks.azure.com/${MOCK_TENANT}/${hex(clusterName, 8)}/`,
        },
      };
    }
    case "azure-native:containerregistry:Registry": {
      const registryName = given("registryName") ?? name;
      return { name: registryName, loginServer: `${registryName}.azurecr.io` };
    }
    case "azure-native:resources:ResourceGroup":
      return { name: given("resourceGroupName") ?? name };
    case "azure-native:network:VirtualNetwork":
      return { name: given("virtualNetworkName") ?? name };
    case "gcp:container/cluster:Cluster":
      return {
        endpoint: "198.51.100.10",
        masterAuth: {
          clusterCaCertificate: MOCK_CA_DATA,
          clientCertificateConfig: { issueClientCertificate: false },
        },
        selfLink: `https://container.googleapis.com/v1/projects/${ctx.gcpProject}/locations/${String(inputs.location ?? ctx.region)}/clusters/${given("name") ?? name}`,
      };
    case "gcp:serviceaccount/account:Account":
      return { email: `${given("accountId") ?? name}@${ctx.gcpProject}.iam.gserviceaccount.com` };
    case "gcp:artifactregistry/repository:Repository":
      return { name: given("repositoryId") ?? name };
    case "pulumi:pulumi:StackReference":
      return stackReference(String(inputs.name ?? name), ctx);
    case "docker:index/image:Image": {
      const imageName = given("imageName") ?? name;
      const colon = imageName.lastIndexOf(":");
      const repo = colon > imageName.lastIndexOf("/") ? imageName.slice(0, colon) : imageName;
      return { repoDigest: `${repo}@sha256:${hex(imageName, 64).toLowerCase()}`, baseImageName: imageName };
    }
    case "docker:index/remoteImage:RemoteImage":
      return {
        imageId: `sha256:${hex(name, 64).toLowerCase()}`,
        repoDigest: `${given("name") ?? name}@sha256:${hex(name, 64).toLowerCase()}`,
      };
    default:
      return {};
  }
}

/** Resource ids in the shape each cloud uses, so that ids flowing into other inputs look real. */
function mockId(type: string, name: string, inputs: State, ctx: MockContext): string {
  const [pkg] = type.split(":");
  const short = hex(name, 17).toLowerCase();
  if (type === "aws:ec2/vpc:Vpc") {
    return `vpc-${short}`;
  }
  if (type === "aws:ec2/subnet:Subnet") {
    return `subnet-${short}`;
  }
  if (type === "aws:ec2/launchTemplate:LaunchTemplate") {
    return `lt-${short}`;
  }
  if (pkg === "azure-native") {
    const rg = typeof inputs.resourceGroupName === "string" ? inputs.resourceGroupName : "rg-mock";
    const provider = type.split(":")[1] ?? "resources";
    return `/subscriptions/${MOCK_SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.${provider}/${name}`;
  }
  if (pkg === "gcp") {
    return `projects/${ctx.gcpProject}/locations/${ctx.region}/${name}`;
  }
  return `${name}-id`;
}

/** Answers for the invokes the program makes; anything else is a bug in the mocks or the program. */
function call(token: string, inputs: State, ctx: MockContext): State {
  switch (token) {
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones": {
      const names = ["a", "b", "c"].map((z) => `${ctx.region}${z}`);
      return { id: ctx.region, names, zoneIds: names.map((_, i) => `euc1-az${i + 1}`) };
    }
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        id: MOCK_ACCOUNT,
        accountId: MOCK_ACCOUNT,
        arn: awsArn("iam", "user/plan", ctx, false),
        userId: "AIDAMOCK",
      };
    case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
      return {
        id: ctx.region,
        authorizationToken: Buffer.from("AWS:mock-ecr-password").toString("base64"),
        userName: "AWS",
        password: "mock-ecr-password",
        proxyEndpoint: `https://${MOCK_ACCOUNT}.dkr.ecr.${ctx.region}.amazonaws.com`,
        expiresAt: "2099-01-01T00:00:00Z",
      };
    case "azure-native:authorization:getClientConfig":
      return {
        clientId: "44444444-4444-4444-8444-444444444444",
        objectId: "55555555-5555-4555-8555-555555555555",
        subscriptionId: MOCK_SUBSCRIPTION,
        tenantId: MOCK_TENANT,
      };
    case "azure-native:authorization:getClientToken":
      return { token: "mock-arm-access-token" };
    case "azure-native:containerservice:listManagedClusterUserCredentials": {
      const clusterName = typeof inputs.resourceName === "string" ? inputs.resourceName : "aks";
      return {
        kubeconfigs: [
          {
            name: "clusterUser",
            value: Buffer.from(aksUserKubeconfig(clusterName, ctx.location)).toString("base64"),
          },
        ],
      };
    }
    case "gcp:compute/getZones:getZones": {
      const region = typeof inputs.region === "string" ? inputs.region : ctx.region;
      return {
        id: region,
        names: ["a", "b", "c"].map((z) => `${region}-${z}`),
        project: ctx.gcpProject,
        region,
      };
    }
    case "gcp:organizations/getClientConfig:getClientConfig":
      return {
        id: "mock",
        accessToken: "mock-gcp-access-token",
        project: ctx.gcpProject,
        region: ctx.region,
        zone: "",
      };
    case "gcp:organizations/getProject:getProject":
      return {
        id: `projects/${ctx.gcpProject}`,
        number: "123456789012",
        projectId: ctx.gcpProject,
        name: ctx.gcpProject,
      };
    default:
      throw new Error(`Mock call not implemented: ${token}`);
  }
}

/** The mocks for one plan; `ctx` carries the region or location the stack is configured for. */
export function cloudMocks(ctx: MockContext): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: State } {
      const inputs = args.inputs as State;
      return {
        id: args.id && args.id !== "" ? args.id : mockId(args.type, args.name, inputs, ctx),
        state: { ...inputs, ...computed(args.type, args.name, inputs, ctx) },
      };
    },
    call(args: pulumi.runtime.MockCallArgs): State {
      return call(args.token, args.inputs as State, ctx);
    },
  };
}

/**
 * `fetch` for the duration of a plan: the one HTTP call the program makes (the ACR token
 * exchange) gets a made-up answer; anything else fails, because the plan never uses the network.
 */
export const offlineFetch: typeof fetch = async (input) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (/^https:\/\/[a-z0-9]+\.azurecr\.io\/oauth2\/exchange$/.test(url)) {
    return new Response(JSON.stringify({ refresh_token: "mock-acr-refresh-token" }), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  }
  throw new Error(`the offline plan makes no network calls, but the program asked for ${url}`);
};

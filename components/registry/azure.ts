import * as authorization from "@pulumi/azure-native/authorization";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as pulumi from "@pulumi/pulumi";
import { alphanumericName, ownerTags } from "../naming";
import { Registry, RegistryArgs, RegistryAuth } from "./types";

/** The user name ACR expects with a refresh token from `/oauth2/exchange` (as `az acr login` uses). */
export const ACR_TOKEN_USER = "00000000-0000-0000-0000-000000000000";

/**
 * Exchanges the deployer's Entra ID access token for a short-lived ACR refresh token, which is
 * what `az acr login --expose-token` does. No admin user, no stored password.
 */
export async function exchangeAcrToken(
  server: string,
  tenant: string,
  accessToken: string,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<string> {
  const body = new URLSearchParams({
    grant_type: "access_token",
    service: server,
    tenant,
    access_token: accessToken,
  });
  const res = await fetchImpl(`https://${server}/oauth2/exchange`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  if (!res.ok) {
    throw new Error(
      `ACR token exchange with ${server} failed (HTTP ${res.status}): is the deployer signed in (az login) and allowed to push (AcrPush)?`,
    );
  }
  const json = (await res.json()) as { refresh_token?: string };
  if (!json.refresh_token) {
    throw new Error(`ACR token exchange with ${server} returned no refresh_token`);
  }
  return json.refresh_token;
}

/** Built-in role "AcrPull": read images, nothing else. */
export const ACR_PULL_ROLE = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

export interface AcrRegistryArgs extends RegistryArgs {
  resourceGroupName: pulumi.Input<string>;
  location: string;
}

/**
 * An Azure Container Registry with the admin user and anonymous pull off, and `AcrPull` for
 * the AKS kubelet identity. Prod uses Premium for zone redundancy and untagged-manifest retention.
 */
export class AcrRegistry extends pulumi.ComponentResource implements Registry {
  public readonly url: pulumi.Output<string>;
  public readonly auth: pulumi.Output<RegistryAuth>;

  constructor(name: string, args: AcrRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("steuermann:azure:Registry", name, {}, opts);
    const s = args.settings;
    const protect = s.defaults.protect;
    const premium = s.tier === "prod";
    const registry = new containerregistry.Registry(
      `${name}-acr`,
      {
        // Registry names are global, 5-50 alphanumerics: the hash keeps two stacks apart.
        registryName: alphanumericName([s.project, s.stack], 40),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        sku: { name: premium ? "Premium" : "Basic" },
        adminUserEnabled: false,
        anonymousPullEnabled: false,
        ...(premium
          ? {
              zoneRedundancy: "Enabled",
              policies: { retentionPolicy: { status: "enabled", days: 7 } },
            }
          : {}),
        tags: ownerTags(s, "-"),
      },
      { parent: this, protect },
    );

    const client = authorization.getClientConfigOutput({ parent: this });
    new authorization.RoleAssignment(
      `${name}-kubelet-pull`,
      {
        principalId: args.pullIdentity,
        principalType: "ServicePrincipal",
        roleDefinitionId: pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL_ROLE}`,
        scope: registry.id,
      },
      { parent: this },
    );

    this.url = registry.loginServer;
    const token = authorization.getClientTokenOutput({}, { parent: this }).token;
    this.auth = pulumi.secret(
      pulumi
        .all([registry.loginServer, client.tenantId, token])
        .apply(async ([server, tenant, accessToken]) => ({
          server,
          username: ACR_TOKEN_USER,
          password: await exchangeAcrToken(server, tenant, accessToken),
        })),
    );
    this.registerOutputs({ url: this.url });
  }

  public repository(name: string): pulumi.Output<string> {
    return pulumi.interpolate`${this.url}/${name}`;
  }
}

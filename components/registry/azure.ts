import * as authorization from "@pulumi/azure-native/authorization";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as pulumi from "@pulumi/pulumi";
import { alphanumericName } from "../naming";
import { Registry, RegistryArgs } from "./types";

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
        tags: { "steuermann-project": s.project, "steuermann-stack": s.stack, "managed-by": "pulumi" },
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
    this.registerOutputs({ url: this.url });
  }
}

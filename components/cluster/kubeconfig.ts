import * as pulumi from "@pulumi/pulumi";

/** A client-go exec credential plugin (`users[].user.exec` in a kubeconfig). */
export interface ExecPlugin {
  command: string;
  args: string[];
  env?: { name: string; value: string }[];
  /** Shown by kubectl when the command is missing. */
  installHint: string;
}

export interface KubeconfigParts {
  name: string;
  /** The API server URL, `https://...`. */
  server: string;
  /** Base64-encoded PEM of the cluster CA. */
  certificateAuthorityData: string;
  exec: ExecPlugin;
}

/**
 * Renders a kubeconfig that holds no long-lived credential: the user's cloud login mints a
 * short-lived token through the exec plugin each time. JSON is valid YAML, so kubectl and the
 * Kubernetes provider both read it.
 */
export function renderKubeconfig(parts: KubeconfigParts): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: parts.name,
        cluster: { server: parts.server, "certificate-authority-data": parts.certificateAuthorityData },
      },
    ],
    contexts: [{ name: parts.name, context: { cluster: parts.name, user: parts.name } }],
    "current-context": parts.name,
    users: [
      {
        name: parts.name,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: parts.exec.command,
            args: parts.exec.args,
            ...(parts.exec.env ? { env: parts.exec.env } : {}),
            interactiveMode: "IfAvailable",
            provideClusterInfo: false,
            installHint: parts.exec.installHint,
          },
        },
      },
    ],
  });
}

/** `renderKubeconfig` over Outputs, wrapped as a secret here so no caller can forget to. */
export function secretKubeconfig(
  parts: pulumi.Input<{
    name: pulumi.Input<string>;
    server: pulumi.Input<string>;
    certificateAuthorityData: pulumi.Input<string>;
    exec: pulumi.Input<ExecPlugin>;
  }>,
): pulumi.Output<string> {
  return pulumi.secret(pulumi.output(parts).apply((p) => renderKubeconfig(p as KubeconfigParts)));
}

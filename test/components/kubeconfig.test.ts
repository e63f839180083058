import * as pulumi from "@pulumi/pulumi";
import { renderKubeconfig, secretKubeconfig } from "../../components/cluster/kubeconfig";

const parts = {
  name: "steuermann-aws-dev",
  server: "https://ABC.gr7.eu-central-1.eks.amazonaws.com",
  certificateAuthorityData: "Q0E=",
  exec: {
    command: "aws",
    args: [
      "eks",
      "get-token",
      "--cluster-name",
      "steuermann-aws-dev",
      "--region",
      "eu-central-1",
      "--output",
      "json",
    ],
    installHint: "Install the AWS CLI v2.",
  },
};

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: () => {
        throw new Error("no resources here");
      },
      call: (args) => {
        throw new Error(`Mock call not implemented: ${args.token}`);
      },
    },
    "steuermann",
    "test",
  );
});

describe("kubeconfig", () => {
  it("renders an exec-plugin kubeconfig with no long-lived credential", () => {
    const doc = JSON.parse(renderKubeconfig(parts));
    expect(doc.users[0].user).toEqual({ exec: expect.objectContaining({ command: "aws" }) });
    expect(JSON.stringify(doc)).not.toMatch(/"(token|password|client-key-data|client-certificate-data)":/);
    expect(doc).toMatchSnapshot();
  });

  it("is a secret however it is built", async () => {
    const out = secretKubeconfig({ ...parts, server: pulumi.output(parts.server) });
    expect(await pulumi.isSecret(out)).toBe(true);
    const text = await new Promise<string>((resolve) => out.apply(resolve));
    expect(JSON.parse(text).clusters[0].cluster.server).toBe(parts.server);
  });
});

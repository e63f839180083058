import * as k8s from "@pulumi/kubernetes";
import { Workload } from "../../components/workload";

async function main() {
  const count = Number(process.env.WORKLOADS ?? 100);
  const provider = new k8s.Provider("local", { kubeconfig: "{}" });
  for (let i = 0; i < count; i++) {
    new Workload(`app${i}`, {
      provider,
      namespace: "bench",
      image: "registry.example.com/app:1.0.0",
      port: 8080,
      replicas: { min: 2, max: 5 },
      cpu: "100m",
      memory: "128Mi",
    });
  }
  return { workloads: count };
}

export = main;

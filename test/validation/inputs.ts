// Builders for the inputs of issue "first contact": each public construct with valid props, so a
// test changes one prop and reads the error.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { App, TerraformStack } from "cdktf";
import { AwsNetwork, ControlPlane, MeshGatewayLoadBalancer, NodePool } from "../../lib/aws";
import { GcpNetwork, GkeCluster } from "../../lib/gcp";
import { HybridTopology, HybridTopologyProps } from "../../lib/topology";
import { AwsHaVpn, ClassicVpn, PeerHaVpn } from "../../lib/vpn";
import { testApp } from "../util";
import { TARGETS } from "../fuzz/targets";

/** A stack with the AWS and Google providers. */
export function stack(app: App = testApp(), id = "site"): TerraformStack {
  const s = new TerraformStack(app, id);
  new AwsProvider(s, "aws", { region: "eu-west-1" });
  new GoogleProvider(s, "google", { project: "my-project-123", region: "europe-west1" });
  return s;
}

/** Builds the fuzz target `name` with its base props changed by `change` (in a fresh app), returning the app. */
export function build(name: string, change: (props: any) => any): App {
  const target = TARGETS.find((t) => t.name === name)!;
  const app = testApp();
  target.build(app, change(target.base()));
  return app;
}

/** The topology base props (the fuzzer's). */
export function topologyProps(): HybridTopologyProps {
  return TARGETS.find((t) => t.name === "HybridTopology")!.base();
}

/** Builds a topology with changed props. */
export function topology(change: (props: any) => any, id: unknown = "hybrid"): HybridTopology {
  return new HybridTopology(testApp(), id as string, change(topologyProps()));
}

export {
  AwsHaVpn,
  AwsNetwork,
  ClassicVpn,
  ControlPlane,
  GcpNetwork,
  GkeCluster,
  MeshGatewayLoadBalancer,
  NodePool,
  PeerHaVpn,
};

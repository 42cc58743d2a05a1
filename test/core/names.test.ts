import { TerraformStack } from "cdktf";
import { Chart, Testing as K8sTesting } from "cdk8s";
import { Construct } from "constructs";
import * as fc from "fast-check";
import {
  awsLoadBalancerName,
  awsName,
  awsNameTag,
  checkAwsLoadBalancerName,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkGcpName,
  checkGkeClusterName,
  checkK8sLabelValue,
  gcpName,
  k8sName,
  namePath,
  STACK_RELATIVE_NAMES_CONTEXT,
} from "../../lib/core";
import { testApp, testStack } from "../util";

const stack = () => testStack("my-stack");

describe("derived names", () => {
  test("follow the whole construct path, stack included, without Resource and Default", () => {
    const s = stack();
    const router = new Construct(new Construct(new Construct(s, "gcp"), "Network"), "Router");
    const resource = new Construct(router, "Resource");
    expect(namePath(resource)).toEqual(["my-stack", "gcp", "Network", "Router"]);
    expect(gcpName(resource)).toBe("my-stack-gcp-network-router");
    expect(gcpName(router, { suffix: "nat" })).toBe("my-stack-gcp-network-router-nat");
    expect(awsName(resource)).toBe("my-stack-gcp-Network-Router");
    expect(awsNameTag(resource)).toBe("my-stack/gcp/Network/Router");
  });

  test("so that the same constructs in two stacks of one app get different names", () => {
    const app = testApp();
    const names = ["site-a", "site-b"].map((id) =>
      awsName(new Construct(new TerraformStack(app, id), "Network")),
    );
    expect(names).toEqual(["site-a-Network", "site-b-Network"]);
  });

  test("stay below the stack, as in 0.1, with the stackRelativeNames context", () => {
    const app = testApp();
    app.node.setContext(STACK_RELATIVE_NAMES_CONTEXT, true);
    const router = new Construct(new Construct(new TerraformStack(app, "my-stack"), "gcp"), "Router");
    expect(gcpName(router)).toBe("gcp-router");
  });

  test("stop at a cdk8s chart too", () => {
    const chart = new Chart(K8sTesting.app(), "cluster-a");
    expect(k8sName(new Construct(new Construct(chart, "EastWest"), "Gateway"))).toBe("eastwest-gateway");
  });

  test("are deterministic", () => {
    const build = () => gcpName(new Construct(new Construct(stack(), "Some_Site"), "x".repeat(70)));
    expect(build()).toBe(build());
  });

  test("get a hash when characters had to be replaced, so that distinct paths stay distinct", () => {
    const s = stack();
    const a = gcpName(new Construct(s, "my_net"));
    const b = gcpName(new Construct(s, "my.net"));
    expect(a).toMatch(/^my-stack-my-net-[0-9a-f]{8}$/);
    expect(b).toMatch(/^my-stack-my-net-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });

  test("are shortened to the limit with a hash of the full path", () => {
    const s = stack();
    const long = new Construct(new Construct(s, "a".repeat(40)), "b".repeat(40));
    const name = gcpName(long);
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^my-stack-a{40}-b{4}-[0-9a-f]{8}$/);
    expect(checkGcpName(name)).toBeUndefined();
    const cluster = gcpName(long, { maxLength: 40, suffix: "gke" });
    expect(cluster.length).toBeLessThanOrEqual(40);
    expect(checkGkeClusterName(cluster)).toBeUndefined();
  });

  test("start with a letter for GCP even when the id starts with a digit", () => {
    expect(gcpName(new Construct(testStack("1st"), "site"))).toMatch(/^hm-1st-site-[0-9a-f]{8}$/);
  });

  test("AWS load balancer names fit 32 characters and never start with internal-", () => {
    const s = stack();
    const lb = awsLoadBalancerName(
      new Construct(new Construct(s, "ControlPlaneOfTheProductionCluster"), "Nlb"),
    );
    expect(lb.length).toBeLessThanOrEqual(32);
    expect(checkAwsLoadBalancerName(lb)).toBeUndefined();
    const internal = awsLoadBalancerName(new Construct(s, "internal-api"));
    expect(internal.startsWith("internal-")).toBe(false);
    expect(checkAwsLoadBalancerName(internal)).toBeUndefined();
  });

  test("a name two paths would share fails with a hybrid-mesh error naming both", () => {
    const s = stack();
    gcpName(new Construct(new Construct(s, "a"), "b-c"));
    const other = new Construct(new Construct(s, "a-b"), "c");
    expect(() => gcpName(other)).toThrow(
      'hybrid-mesh: my-stack/a-b/c (Construct): name = "my-stack-a-b-c": the derived gcp name "my-stack-a-b-c" is already used by my-stack/a/b-c; names must be unique; give one of the two constructs a different id, or set its name explicitly.',
    );
  });

  test("the same construct may ask for its name twice", () => {
    const c = new Construct(stack(), "net");
    expect(gcpName(c)).toBe(gcpName(c));
  });

  test("property: any construct id yields a valid GCP, Kubernetes and AWS LB name", () => {
    const ids = fc.string({ minLength: 1, maxLength: 80 }).filter((s) => !s.includes("/"));
    fc.assert(
      fc.property(fc.array(ids, { minLength: 1, maxLength: 4 }), (path) => {
        let scope: Construct = new TerraformStack(testApp(), "s");
        path.forEach((id, i) => (scope = new Construct(scope, `${id}${i}`)));
        expect(checkGcpName(gcpName(scope))).toBeUndefined();
        expect(checkDns1123Label(k8sName(scope))).toBeUndefined();
        expect(checkAwsLoadBalancerName(awsLoadBalancerName(scope))).toBeUndefined();
      }),
    );
  });
});

describe("name validators", () => {
  test("GCP names: 63 characters pass, 64 fail", () => {
    expect(checkGcpName("a".repeat(63))).toBeUndefined();
    expect(checkGcpName("a".repeat(64))).toEqual({
      rule: "a GCP resource name is 1-63 characters: a lower-case letter first, then lower-case letters, digits or hyphens, not ending with a hyphen (RFC 1035)",
      fix: `use e.g. "${"a".repeat(63)}"`,
    });
  });

  test.each(["Net", "1net", "net-", "net_1", "", "-net"])("GCP name %j fails", (name) => {
    expect(checkGcpName(name)).toBeDefined();
  });

  test("GKE cluster names: 40 characters pass, 41 fail", () => {
    expect(checkGkeClusterName("c".repeat(40))).toBeUndefined();
    expect(checkGkeClusterName("c".repeat(41))?.rule).toMatch(/^a GKE cluster name is 1-40 characters/);
    expect(checkGkeClusterName("nifc-anthosgke-cls")).toBeUndefined();
  });

  test("AWS load balancer names: 32 characters pass, 33 fail, internal- fails", () => {
    expect(checkAwsLoadBalancerName("a".repeat(32))).toBeUndefined();
    expect(checkAwsLoadBalancerName("a".repeat(33))?.rule).toMatch(/1-32 letters, digits or hyphens/);
    expect(checkAwsLoadBalancerName("internal-api")).toEqual({
      rule: 'an AWS load balancer name must not start with "internal-" (AWS uses that prefix for internal DNS names)',
      fix: 'use e.g. "api-int"',
    });
    expect(checkAwsLoadBalancerName("-api")).toBeDefined();
  });

  test("DNS-1123 labels: 63 pass, 64 fail, digits first allowed", () => {
    expect(checkDns1123Label("x".repeat(63))).toBeUndefined();
    expect(checkDns1123Label("x".repeat(64))).toBeDefined();
    expect(checkDns1123Label("1cluster")).toBeUndefined();
    expect(checkDns1123Label("Cluster")).toBeDefined();
    expect(checkDns1123Label("a.b")).toBeDefined();
  });

  test("DNS-1123 subdomains: dots allowed, 253 characters at most", () => {
    expect(checkDns1123Subdomain("istio-remote-secret-cluster.a")).toBeUndefined();
    expect(
      checkDns1123Subdomain(`${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`),
    ).toBeUndefined();
    expect(
      checkDns1123Subdomain(`${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`),
    ).toBeDefined();
    expect(checkDns1123Subdomain("a..b")).toBeDefined();
  });

  test("Kubernetes label values: 63 pass, 64 fail, empty allowed, dots and underscores inside", () => {
    expect(checkK8sLabelValue("")).toBeUndefined();
    expect(checkK8sLabelValue("asm-1175-9")).toBeUndefined();
    expect(checkK8sLabelValue("my-project-anthos_hybrid.1")).toBeUndefined();
    expect(checkK8sLabelValue("v".repeat(63))).toBeUndefined();
    expect(checkK8sLabelValue("v".repeat(64))?.rule).toMatch(/at most 63 characters/);
    expect(checkK8sLabelValue("-x")).toBeDefined();
  });
});

import { AwsNetwork, ControlPlane, NodePool, NodePoolBootstrap, NodePoolProps } from "../../lib/aws";
import { Aspects, Testing } from "cdktf";
import { SecurityChecks } from "../../lib/checks";
import { readIamPolicy } from "../../lib/checks/iam-policy";
import { awsStack, byPath, refOf, synthJson, failsWith } from "../util";

const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

function build(props: Partial<NodePoolProps> = {}) {
  const stack = awsStack("np");
  const network = new AwsNetwork(stack, "Network", { cidr: "10.10.0.0/16", availabilityZones: AZS });
  const controlPlane = new ControlPlane(stack, "ControlPlane", { network, clusterName: "aws-cluster" });
  const pool = new NodePool(stack, "Workers", { controlPlane, name: "general", ...props });
  return { stack, pool, controlPlane, json: () => synthJson(stack) };
}

describe("least privilege: what the synthesized IAM lets each instance read", () => {
  /** Every parameter or secret read a role's policies allow, managed policies included. */
  function secretReads(j: any, roleLogicalId: string): { actions: string[]; resources: string[] }[] {
    const attached = Object.values<any>(j.resource.aws_iam_role_policy_attachment ?? {}).filter((a) =>
      String(a.role).includes(`aws_iam_role.${roleLogicalId}.`),
    );
    // No managed policy at all: AmazonSSMManagedInstanceCore would allow ssm:GetParameter* on "*".
    expect(attached).toEqual([]);
    const policies = Object.values<any>(j.resource.aws_iam_role_policy).filter((p) =>
      String(p.role).includes(`aws_iam_role.${roleLogicalId}.`),
    );
    expect(policies.length).toBeGreaterThan(0);
    return policies
      .flatMap((p) => readIamPolicy(p.policy) ?? [])
      .filter(
        (st) =>
          st.effect === "Allow" && st.actions.some((a) => /^(ssm:get|secretsmanager:get|ssm:\*|\*)/.test(a)),
      )
      .map((st) => ({ actions: st.actions, resources: st.resources }));
  }
  const logicalId = (j: any, path: string) =>
    refOf(j, "aws_iam_role", path).replace(/^\$\{aws_iam_role\.|\.id\}$/g, "");
  const parameter = (j: any, name: string) =>
    `aws_ssm_parameter.${refOf(j, "aws_ssm_parameter", `ControlPlane/${name}`).replace(/^\$\{aws_ssm_parameter\.|\.id\}$/g, "")}.arn`;

  test("a worker can read the config, join-token and CA-hash parameters, never the certificate key (no statement grants it, no managed policy)", () => {
    const j = build().json();
    const reads = secretReads(j, logicalId(j, "Workers/Role"));
    const resources = reads.flatMap((r) => r.resources);
    expect(resources.sort()).toEqual(
      [
        parameter(j, "ConfigParameter"),
        parameter(j, "JoinTokenParameter"),
        parameter(j, "CaCertHashParameter"),
      ].sort(),
    );
    expect(resources).not.toContain(parameter(j, "CertificateKeyParameter"));
    expect(resources.some((r) => r.includes("*"))).toBe(false);
  });

  test("a control-plane replica reads its own four parameters, the certificate key among them, and nothing else", () => {
    const j = build().json();
    const resources = secretReads(j, logicalId(j, "ControlPlane/Role")).flatMap((r) => r.resources);
    expect(resources.sort()).toEqual(
      ["ConfigParameter", "JoinTokenParameter", "CertificateKeyParameter", "CaCertHashParameter"]
        .map((n) => parameter(j, n))
        .sort(),
    );
  });

  test("the rule pack agrees: HM-AWS-16 finds nothing on either role", () => {
    const { stack } = build();
    const checks = new SecurityChecks({ reports: false });
    Aspects.of(stack).add(checks);
    Testing.synth(stack);
    expect(checks.findings.filter((f) => f.ruleId === "HM-AWS-16")).toEqual([]);
  });
});

describe("NodePool", () => {
  test("one Auto Scaling group across every private subnet, sized min 1 / max 3, desired left to scaling", () => {
    const j = build().json();
    expect(byPath(j, "aws_autoscaling_group", "Workers/AutoScalingGroup")).toMatchObject({
      name: "aws-cluster-general",
      min_size: 1,
      max_size: 3,
      vpc_zone_identifier: [1, 2, 3].map((i) => refOf(j, "aws_subnet", `Network/PrivateSubnet${i}`)),
      launch_template: { id: refOf(j, "aws_launch_template", "Workers/LaunchTemplate") },
      instance_refresh: {
        strategy: "Rolling",
        preferences: { min_healthy_percentage: 90, instance_warmup: "300" },
      },
    });
    expect(byPath(j, "aws_autoscaling_group", "Workers/AutoScalingGroup").desired_capacity).toBeUndefined();
  });

  test("nodes: IMDSv2, no public IP, encrypted root volume, the cluster's node security group", () => {
    const j = build().json();
    const lt = byPath(j, "aws_launch_template", "Workers/LaunchTemplate");
    expect(lt.metadata_options.http_tokens).toBe("required");
    expect(lt.network_interfaces[0]).toMatchObject({
      associate_public_ip_address: "false",
      security_groups: [refOf(j, "aws_security_group", "ControlPlane/NodeSecurityGroup")],
    });
    expect(lt.block_device_mappings[0].ebs).toMatchObject({ encrypted: "true", volume_type: "gp3" });
    expect(lt.instance_type).toBe("m5.large");
  });

  test("cluster-autoscaler discovery tags, with node-template labels and taints", () => {
    const j = build({
      labels: { role: "mesh" },
      taints: [{ key: "dedicated", value: "mesh", effect: "NoSchedule" }],
    }).json();
    const tags = byPath(j, "aws_autoscaling_group", "Workers/AutoScalingGroup").tag;
    expect(tags).toEqual(
      expect.arrayContaining([
        { key: "k8s.io/cluster-autoscaler/enabled", value: "true", propagate_at_launch: false },
        { key: "k8s.io/cluster-autoscaler/aws-cluster", value: "owned", propagate_at_launch: false },
        {
          key: "k8s.io/cluster-autoscaler/node-template/label/role",
          value: "mesh",
          propagate_at_launch: false,
        },
        {
          key: "k8s.io/cluster-autoscaler/node-template/label/hybrid-mesh.dev/node-pool",
          value: "general",
          propagate_at_launch: false,
        },
        {
          key: "k8s.io/cluster-autoscaler/node-template/taint/dedicated",
          value: "mesh:NoSchedule",
          propagate_at_launch: false,
        },
        { key: "kubernetes.io/cluster/aws-cluster", value: "owned", propagate_at_launch: true },
      ]),
    );
  });

  test("labels and taints reach the kubeadm join configuration in user data", () => {
    const j = build({
      labels: { role: "mesh" },
      taints: [{ key: "dedicated", value: "mesh", effect: "NoSchedule" }],
    }).json();
    const text = Buffer.from(
      byPath(j, "aws_launch_template", "Workers/LaunchTemplate").user_data,
      "base64",
    ).toString();
    expect(text).toContain('value: "role=mesh,hybrid-mesh.dev/node-pool=general"');
    expect(text).toContain('key: "dedicated"');
    expect(text).toContain('effect: "NoSchedule"');
    expect(text).toContain("NODE_POOL='general'");
    expect(text).not.toContain("CERTIFICATE_KEY_PARAMETER");
  });

  test("the node role may read only the config, join-token and CA-hash parameters", () => {
    const j = build().json();
    const policy: string = byPath(j, "aws_iam_role_policy", "Workers/Role/Policy").policy;
    for (const p of ["ConfigParameter", "JoinTokenParameter", "CaCertHashParameter"]) {
      expect(policy).toContain(refOf(j, "aws_ssm_parameter", `ControlPlane/${p}`, "arn").slice(2, -1));
    }
    expect(policy).not.toContain(
      refOf(j, "aws_ssm_parameter", "ControlPlane/CertificateKeyParameter", "arn").slice(2, -1),
    );
    expect(policy).not.toContain('"*"');
  });

  test("spot capacity uses a mixed-instances policy over several types", () => {
    const j = build({ instanceTypes: ["m5.large", "m5a.large"], spot: { onDemandBaseCapacity: 1 } }).json();
    const asg = byPath(j, "aws_autoscaling_group", "Workers/AutoScalingGroup");
    expect(asg.launch_template).toBeUndefined();
    expect(asg.capacity_rebalance).toBe(true);
    expect(asg.mixed_instances_policy).toMatchObject({
      instances_distribution: {
        on_demand_base_capacity: 1,
        on_demand_percentage_above_base_capacity: 0,
        spot_allocation_strategy: "price-capacity-optimized",
      },
      launch_template: { override: [{ instance_type: "m5.large" }, { instance_type: "m5a.large" }] },
    });
    expect(byPath(j, "aws_launch_template", "Workers/LaunchTemplate").instance_type).toBeUndefined();
  });

  test("target groups can be given and added later", () => {
    const { pool, json } = build({
      targetGroupArns: ["arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/a/1"],
    });
    pool.addTargetGroup("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/b/2");
    pool.addTargetGroup("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/b/2");
    expect(byPath(json(), "aws_autoscaling_group", "Workers/AutoScalingGroup").target_group_arns).toEqual([
      "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/a/1",
      "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/b/2",
    ]);
  });

  test("zoneIndexes limit the pool to some subnets; a custom bootstrap is used as given", () => {
    const j = build({ zoneIndexes: [1], bootstrap: NodePoolBootstrap.custom("#!/bin/bash\ntrue\n") }).json();
    expect(byPath(j, "aws_autoscaling_group", "Workers/AutoScalingGroup").vpc_zone_identifier).toEqual([
      refOf(j, "aws_subnet", "Network/PrivateSubnet2"),
    ]);
    expect(
      Buffer.from(byPath(j, "aws_launch_template", "Workers/LaunchTemplate").user_data, "base64").toString(),
    ).toBe("#!/bin/bash\ntrue\n");
  });

  test("desiredSize is allowed, with a warning that it resets the group", () => {
    const { pool, json } = build({ minSize: 1, maxSize: 5, desiredSize: 2 });
    expect(byPath(json(), "aws_autoscaling_group", "Workers/AutoScalingGroup").desired_capacity).toBe(2);
    expect(
      pool.node.metadata.some((m) =>
        String(m.data).includes("desiredSize is set: every deploy resets the group"),
      ),
    ).toBe(true);
  });

  describe("bad input", () => {
    const fails = failsWith((props: Partial<NodePoolProps>) => build(props));

    test("min > max", () => {
      fails(
        { minSize: 4, maxSize: 2 },
        "hybrid-mesh: np/Workers (NodePool): minSize = 4: minSize must be <= maxSize (2); lower minSize to at most 2 or raise maxSize.",
      );
    });

    test("desired outside [min, max]", () => {
      fails(
        { minSize: 2, maxSize: 4, desiredSize: 5 },
        "desiredSize = 5: desiredSize must lie between minSize (2) and maxSize (4); use a value from 2 to 4, or leave it unset.",
      );
      fails(
        { minSize: 2, maxSize: 4, desiredSize: 1 },
        "desiredSize = 1: desiredSize must lie between minSize (2) and maxSize (4)",
      );
    });

    test("several instance types without a mixed-instances policy", () => {
      fails(
        { instanceTypes: ["m5.large", "m5a.large"] },
        'instanceTypes = ["m5.large","m5a.large"]: several instance types need a mixed-instances policy',
      );
    });

    test("bad labels and taints", () => {
      fails(
        { labels: { "bad key!": "x" } },
        'labels = "bad key!": a Kubernetes label or taint key is an optional DNS subdomain',
      );
      fails(
        { labels: { role: "-x" } },
        'labels.role = "-x": a Kubernetes label value is at most 63 characters',
      );
      fails(
        { taints: [{ key: "dedicated", effect: "Never" }] },
        'taints[0].effect = "Never": a taint effect must be one of "NoSchedule", "PreferNoSchedule", "NoExecute"',
      );
    });

    test("a pool name that is not a label, or would clash with the control plane", () => {
      fails({ name: "General" }, 'name = "General": a DNS-1123 label');
      fails(
        { name: "control-plane-1" },
        'name = "control-plane-1": node pool names starting with "control-plane" would clash',
      );
    });

    test("a zone index outside the network", () => {
      fails({ zoneIndexes: [3] }, "zoneIndexes[0] = 3: a zone index is a whole number from 0 to 2");
    });
  });
});

import { Construct } from "constructs";
import { TerraformVariable, Testing } from "cdktf";
import {
  Architecture,
  AwsNetwork,
  ControlPlane,
  ControlPlaneBootstrap,
  ControlPlaneProps,
  MachineImage,
  ReplicaPlacement,
} from "../../lib/aws";
import { Secret, WRITE_ONLY_SECRETS_CONTEXT } from "../../lib/core";
import { awsStack, byPath, ofType, refOf, synthJson, failsWith, expectHybridMeshError } from "../util";

const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

function build(props: Partial<ControlPlaneProps> = {}, zones = AZS) {
  const stack = awsStack("cp");
  const network = new AwsNetwork(stack, "Network", { cidr: "10.10.0.0/16", availabilityZones: zones });
  const cp = new ControlPlane(stack, "ControlPlane", { network, clusterName: "aws-cluster", ...props });
  return { stack, network, cp, json: () => synthJson(stack) };
}

const userData = (lt: any) => Buffer.from(lt.user_data, "base64").toString("utf8");

describe("ControlPlane", () => {
  describe("replicas", () => {
    test("three replicas, each in its own Auto Scaling group (min = max = desired = 1) pinned to one private subnet", () => {
      const j = build().json();
      const groups = ofType(j, "aws_autoscaling_group");
      expect(groups).toHaveLength(3);
      for (let i = 1; i <= 3; i++) {
        expect(byPath(j, "aws_autoscaling_group", `ControlPlane/Replica${i}AutoScalingGroup`)).toMatchObject({
          min_size: 1,
          max_size: 1,
          desired_capacity: 1,
          vpc_zone_identifier: [refOf(j, "aws_subnet", `Network/PrivateSubnet${i}`)],
          launch_template: {
            id: refOf(j, "aws_launch_template", `ControlPlane/Replica${i}LaunchTemplate`),
            version: refOf(
              j,
              "aws_launch_template",
              `ControlPlane/Replica${i}LaunchTemplate`,
              "latest_version",
            ),
          },
          target_group_arns: [refOf(j, "aws_lb_target_group", "ControlPlane/TargetGroup", "arn")],
          health_check_type: "EC2",
          name: `aws-cluster-control-plane-${i}`,
        });
      }
    });

    test("each replica's etcd volume is encrypted gp3 in the zone of its subnet", () => {
      const j = build({ etcdVolumeSizeGiB: 40 }).json();
      AZS.forEach((az, i) => {
        expect(byPath(j, "aws_ebs_volume", `ControlPlane/Replica${i + 1}EtcdVolume`)).toMatchObject({
          availability_zone: az,
          encrypted: true,
          type: "gp3",
          size: 40,
        });
      });
    });

    test("five replicas over three zones go round robin", () => {
      const { cp } = build({ replicas: 5 });
      expect(cp.replicas.map((r) => r.subnet.zoneIndex)).toEqual([0, 1, 2, 0, 1]);
    });

    test("SINGLE_ZONE puts every replica in one zone and warns that the zone is a single point of failure", () => {
      const { cp } = build({ placement: ReplicaPlacement.SINGLE_ZONE, zoneIndex: 2 });
      expect(cp.replicas.map((r) => r.subnet.zoneIndex)).toEqual([2, 2, 2]);
      const warnings = cp.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
      expect(warnings).toEqual([
        "hybrid-mesh: 3 of 3 control-plane replicas are in one availability zone: losing that zone loses etcd quorum (2 needed). Spread them over at least 3 zones to survive a zone failure.",
      ]);
    });

    test("three replicas over two zones warn: losing the zone with two loses quorum", () => {
      const { cp } = build({}, ["eu-west-1a", "eu-west-1b"]);
      expect(
        cp.node.metadata.some((m) =>
          String(m.data).includes("2 of 3 control-plane replicas are in one availability zone"),
        ),
      ).toBe(true);
    });

    test("one replica is allowed, without a warning", () => {
      const { cp } = build({ replicas: 1 });
      expect(cp.replicas).toHaveLength(1);
      expect(cp.node.metadata.filter((m) => m.type === "@cdktf/warn")).toEqual([]);
    });
  });

  describe("launch templates", () => {
    test("require IMDSv2 with hop limit 2, give no public IP, encrypt the root volume, monitor in detail", () => {
      const j = build().json();
      for (const lt of ofType(j, "aws_launch_template")) {
        expect(lt.metadata_options).toEqual({
          http_endpoint: "enabled",
          http_tokens: "required",
          http_put_response_hop_limit: 2,
          instance_metadata_tags: "disabled",
        });
        expect(lt.network_interfaces).toEqual([
          expect.objectContaining({
            associate_public_ip_address: "false",
            security_groups: [refOf(j, "aws_security_group", "ControlPlane/SecurityGroup")],
          }),
        ]);
        expect(lt.block_device_mappings).toEqual([
          {
            device_name: "/dev/sda1",
            ebs: { delete_on_termination: "true", encrypted: "true", volume_size: 50, volume_type: "gp3" },
          },
        ]);
        expect(lt.monitoring).toEqual({ enabled: true });
        expect(lt.image_id).toMatch(
          /^\$\{data\.aws_ssm_parameter\.ControlPlane_MachineImage_[0-9A-F]+\.insecure_value\}$/,
        );
      }
      const image = Object.values<any>(j.data.aws_ssm_parameter)[0];
      expect(image.name).toBe(
        "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id",
      );
    });

    test("a KMS key encrypts root and etcd volumes, and the role may use it to attach volumes", () => {
      const key = "arn:aws:kms:eu-west-1:111122223333:key/abcd";
      const j = build({ kmsKeyArn: key }).json();
      for (const lt of ofType(j, "aws_launch_template"))
        expect(lt.block_device_mappings[0].ebs.kms_key_id).toBe(key);
      for (const v of ofType(j, "aws_ebs_volume")) expect(v.kms_key_id).toBe(key);
      expect(byPath(j, "aws_iam_role_policy", "ControlPlane/Role/Policy").policy).toContain(
        "kms:CreateGrant",
      );
    });

    test("user data is a literal cloud-config naming the SSM parameters, with no secret and no Terraform expression", () => {
      const j = build().json();
      const lts = ofType(j, "aws_launch_template");
      lts.forEach((lt, i) => {
        const text = userData(lt);
        expect(text.startsWith("#cloud-config\n")).toBe(true);
        expect(text).toContain(`REPLICA_INDEX='${i}'`);
        expect(text).toContain("JOIN_TOKEN_PARAMETER='/hybrid-mesh/aws-cluster/join-token'");
        expect(text).toContain("CERTIFICATE_KEY_PARAMETER='/hybrid-mesh/aws-cluster/certificate-key'");
        expect(text).not.toMatch(/\$\{[a-z_]+\./);
        expect(text).not.toContain("TfToken");
        expect(text.length).toBeLessThan(16384);
      });
    });

    test("a custom bootstrap is used as given, per replica", () => {
      const j = build({
        bootstrap: ControlPlaneBootstrap.custom((i) => `#!/bin/bash\necho replica ${i}\n`),
      }).json();
      expect(ofType(j, "aws_launch_template").map(userData)).toEqual([
        "#!/bin/bash\necho replica 0\n",
        "#!/bin/bash\necho replica 1\n",
        "#!/bin/bash\necho replica 2\n",
      ]);
    });

    test("an Arm image for Graviton instances", () => {
      const { cp } = build({
        instanceType: "m7g.large",
        machineImage: MachineImage.ubuntu({ architecture: Architecture.ARM64 }),
      });
      expect(cp.replicas).toHaveLength(3);
    });
  });

  describe("load balancer", () => {
    test("is an internal, cross-zone, deletion-protected NLB in every private subnet, with a TCP 6443 listener", () => {
      const j = build().json();
      expect(byPath(j, "aws_lb", "ControlPlane/LoadBalancer")).toMatchObject({
        internal: true,
        load_balancer_type: "network",
        enable_cross_zone_load_balancing: true,
        enable_deletion_protection: true,
        name: "aws-cluster-api",
        subnets: [1, 2, 3].map((i) => refOf(j, "aws_subnet", `Network/PrivateSubnet${i}`)),
        security_groups: [refOf(j, "aws_security_group", "ControlPlane/LoadBalancerSecurityGroup")],
      });
      expect(byPath(j, "aws_lb_listener", "ControlPlane/Listener")).toMatchObject({
        load_balancer_arn: refOf(j, "aws_lb", "ControlPlane/LoadBalancer", "arn"),
        port: 6443,
        protocol: "TCP",
        default_action: [
          {
            type: "forward",
            target_group_arn: refOf(j, "aws_lb_target_group", "ControlPlane/TargetGroup", "arn"),
          },
        ],
      });
      expect(byPath(j, "aws_lb_target_group", "ControlPlane/TargetGroup")).toMatchObject({
        port: 6443,
        protocol: "TCP",
        target_type: "instance",
        preserve_client_ip: "false",
        health_check: { protocol: "HTTPS", port: "6443", path: "/readyz" },
      });
    });

    test("fixed private IPs become subnet mappings, certificate SANs and endpointAddresses", () => {
      const ips = ["10.10.96.10", "10.10.128.10", "10.10.160.10"];
      const { cp, json } = build({ loadBalancer: { privateIpAddresses: ips } });
      const j = json();
      const lb = byPath(j, "aws_lb", "ControlPlane/LoadBalancer");
      expect(lb.subnets).toBeUndefined();
      expect(lb.subnet_mapping).toEqual(
        ips.map((ip, i) => ({
          subnet_id: refOf(j, "aws_subnet", `Network/PrivateSubnet${i + 1}`),
          private_ipv4_address: ip,
        })),
      );
      expect(cp.endpointAddresses).toEqual(ips);
      expect(userData(ofType(j, "aws_launch_template")[0])).toContain('- "10.10.96.10"');
    });

    test("access logs and deletion protection are settable", () => {
      const j = build({
        loadBalancer: { deletionProtection: false, accessLogsBucket: "lb-logs", accessLogsPrefix: "api" },
      }).json();
      expect(byPath(j, "aws_lb", "ControlPlane/LoadBalancer")).toMatchObject({
        enable_deletion_protection: false,
        access_logs: { bucket: "lb-logs", prefix: "api", enabled: true },
      });
    });
  });

  describe("security groups", () => {
    const ingress = (j: any) => ofType(j, "aws_vpc_security_group_ingress_rule");

    test("API 6443 from the VPC and the allowed ranges on the load balancer; nothing from 0.0.0.0/0", () => {
      const j = build({ apiAllowedCidrs: ["10.20.0.0/16"] }).json();
      const lbSg = refOf(j, "aws_security_group", "ControlPlane/LoadBalancerSecurityGroup");
      const onLb = ingress(j).filter((r) => r.security_group_id === lbSg);
      expect(onLb.map((r) => [r.cidr_ipv4, r.from_port, r.to_port, r.ip_protocol]).sort()).toEqual([
        ["10.10.0.0/16", 6443, 6443, "tcp"],
        ["10.20.0.0/16", 6443, 6443, "tcp"],
      ]);
      for (const rule of ingress(j)) expect(rule.cidr_ipv4 ?? "").not.toMatch(/\/0$/);
      for (const rule of ingress(j)) expect(rule.description).toBeTruthy();
    });

    test("etcd 2379-2380 only between replicas; kubelet 10250 from nodes; API 6443 from the load balancer", () => {
      const j = build().json();
      const cpSg = refOf(j, "aws_security_group", "ControlPlane/SecurityGroup");
      const nodeSg = refOf(j, "aws_security_group", "ControlPlane/NodeSecurityGroup");
      const lbSg = refOf(j, "aws_security_group", "ControlPlane/LoadBalancerSecurityGroup");
      const onCp = ingress(j).filter((r) => r.security_group_id === cpSg);
      const etcd = onCp.filter((r) => r.from_port === 2379);
      expect(etcd).toEqual([expect.objectContaining({ to_port: 2380, referenced_security_group_id: cpSg })]);
      expect(
        onCp
          .filter((r) => r.from_port === 10250)
          .map((r) => r.referenced_security_group_id)
          .sort(),
      ).toEqual([cpSg, nodeSg].sort());
      expect(
        onCp
          .filter((r) => r.from_port === 6443)
          .map((r) => r.referenced_security_group_id)
          .sort(),
      ).toEqual([cpSg, lbSg].sort());
      expect(onCp.every((r) => r.cidr_ipv4 === undefined)).toBe(true);
    });

    test("allowApiFrom opens 6443 to a peer range", () => {
      const { cp, json } = build();
      cp.allowApiFrom("172.16.232.0/24", "onprem");
      expect(
        ofType(json(), "aws_vpc_security_group_ingress_rule").some(
          (r) => r.cidr_ipv4 === "172.16.232.0/24" && r.from_port === 6443,
        ),
      ).toBe(true);
    });
  });

  describe("IAM and secrets", () => {
    test("the role may read only this cluster's parameters and attach only its etcd volumes", () => {
      const j = build().json();
      const policy: string = byPath(j, "aws_iam_role_policy", "ControlPlane/Role/Policy").policy;
      expect(policy).toContain('"Sid" = "ReadBootstrapParameters"');
      for (const p of [
        "ConfigParameter",
        "JoinTokenParameter",
        "CertificateKeyParameter",
        "CaCertHashParameter",
      ]) {
        expect(policy).toContain(refOf(j, "aws_ssm_parameter", `ControlPlane/${p}`, "arn").slice(2, -1));
      }
      for (let i = 1; i <= 3; i++)
        expect(policy).toContain(
          refOf(j, "aws_ebs_volume", `ControlPlane/Replica${i}EtcdVolume`, "arn").slice(2, -1),
        );
      expect(policy).toContain('"aws:ResourceTag/kubernetes.io/cluster/aws-cluster" = "owned"');
      // The only wildcard resource is DescribeVolumes, which has no resource-level permissions.
      expect(policy.match(/"\*"/g)).toHaveLength(1);
      expect(policy).toMatch(/"Action" = \["ec2:DescribeVolumes"\], "Resource" = \["\*"\]/);
      // Session Manager through its own inline policy: the agent's channels only, no managed policy.
      expect(ofType(j, "aws_iam_role_policy_attachment")).toEqual([]);
      const session = byPath(j, "aws_iam_role_policy", "ControlPlane/Role/SessionManager").policy;
      expect(session).toContain('"ssmmessages:OpenDataChannel"');
      expect(session).not.toMatch(/ssm:GetParameter|ssm:\*|"\*"\]?, "Resource"/);
    });

    test("secrets are generated in Terraform and sent to SSM as SecureString through write-only attributes (never in state)", () => {
      const j = build().json();
      const params = ofType(j, "aws_ssm_parameter");
      const token = params.find((p) => p.name === "/hybrid-mesh/aws-cluster/join-token");
      const key = params.find((p) => p.name === "/hybrid-mesh/aws-cluster/certificate-key");
      expect(token.type).toBe("SecureString");
      expect(token.value).toBeUndefined();
      expect(token.value_wo).toMatch(
        /^\$\{random_password\.[^}]+\.result\}\.\$\{random_password\.[^}]+\.result\}$/,
      );
      expect(token.value_wo_version).toBe(1);
      expect(key).toMatchObject({
        type: "SecureString",
        value_wo: expect.stringMatching(/^\$\{random_bytes\.[^}]+\.hex\}$/),
        value_wo_version: 1,
      });
      expect(key.value).toBeUndefined();
      // Write-only attributes need Terraform 1.11: the stack says so.
      expect(j.terraform.required_version).toBe(">= 1.11.0");
      expect(params.find((p) => p.name === "/hybrid-mesh/aws-cluster/ca-cert-hash")).toMatchObject({
        value: "pending",
        lifecycle: { ignore_changes: ["value"] },
      });
    });

    test("secretsVersion re-sends the write-only values; the context key turns write-only off for Terraform older than 1.11", () => {
      const rotated = build({ secretsVersion: 3 }).json();
      expect(
        ofType(rotated, "aws_ssm_parameter")
          .filter((p) => p.type === "SecureString")
          .map((p) => p.value_wo_version),
      ).toEqual([3, 3]);
      const stack = awsStack("old-terraform");
      const scope = new Construct(stack, "Old");
      scope.node.setContext(WRITE_ONLY_SECRETS_CONTEXT, false);
      const network = new AwsNetwork(scope, "Network", { cidr: "10.10.0.0/16", availabilityZones: AZS });
      new ControlPlane(scope, "ControlPlane", { network, clusterName: "c" });
      const j = synthJson(stack);
      const token = ofType(j, "aws_ssm_parameter").find((p) => p.name === "/hybrid-mesh/c/join-token");
      expect(token.value).toMatch(/^\$\{random_password\./);
      expect(token.value_wo).toBeUndefined();
      expect(j.terraform.required_version).toBeUndefined();
      expectHybridMeshError(() => build({ secretsVersion: 0 }), "secretsVersion = 0");
    });

    test("a join token from a sensitive variable is checked at plan time", () => {
      const stack = awsStack("cp");
      const network = new AwsNetwork(stack, "Network", { cidr: "10.10.0.0/16", availabilityZones: AZS });
      const variable = new TerraformVariable(stack, "join_token", { type: "string", sensitive: true });
      new ControlPlane(stack, "ControlPlane", {
        network,
        clusterName: "c",
        joinToken: Secret.fromVariable(variable),
      });
      const token = ofType(synthJson(stack), "aws_ssm_parameter").find(
        (p) => p.name === "/hybrid-mesh/c/join-token",
      );
      expect(token.value_wo).toBe("${var.join_token}");
      expect(token.lifecycle.precondition[0].condition).toBe(
        '${can(regex("^[a-z0-9]{6}\\\\.[a-z0-9]{16}$", var.join_token))}',
      );
    });
  });

  describe("bad input", () => {
    const fails = failsWith((props: Partial<ControlPlaneProps>) => build(props));

    test("an even replica count", () => {
      fails(
        { replicas: 4 },
        "hybrid-mesh: cp/ControlPlane (ControlPlane): replicas = 4: etcd needs an odd number of members (1, 3, 5 or 7) to keep quorum; use 3 or 5.",
      );
      fails(
        { replicas: 2 },
        "replicas = 2: etcd needs an odd number of members (1, 3, 5 or 7) to keep quorum; use 3.",
      );
    });

    test("more than 7 replicas, or none", () => {
      fails(
        { replicas: 9 },
        "replicas = 9: etcd needs an odd number of members (1, 3, 5 or 7) to keep quorum; use 5 or 7 (more members slow down every write).",
      );
      fails({ replicas: 0 }, "replicas = 0: etcd needs an odd number");
    });

    test("a cluster name that is not a DNS-1123 label", () => {
      fails(
        { clusterName: "AWS_Cluster" },
        'clusterName = "AWS_Cluster": a DNS-1123 label is 1-63 lower-case letters, digits or hyphens',
      );
    });

    test("a Graviton instance type with an amd64 image", () => {
      fails(
        { instanceType: "m7g.large" },
        'instanceType = "m7g.large": m7g.large is an Arm (Graviton) instance type but the image is amd64',
      );
    });

    test("an unsupported Kubernetes version", () => {
      fails(
        { kubernetesVersion: "1.29" },
        'kubernetesVersion = "1.29": the Kubernetes version is a minor version "1.<n>", 1.31 or later',
      );
    });

    test("pod or service ranges overlapping the VPC or each other", () => {
      fails(
        { podCidr: "10.10.0.0/16" },
        'podCidr = "10.10.0.0/16": the VPC, pod and service ranges must not overlap, and it overlaps the VPC (10.10.0.0/16)',
      );
      fails(
        { serviceCidr: "192.168.0.0/20" },
        'serviceCidr = "192.168.0.0/20": the VPC, pod and service ranges must not overlap, and it overlaps podCidr (192.168.0.0/16)',
      );
      fails(
        { serviceCidr: "10.0.0.0/8" },
        'serviceCidr = "10.0.0.0/8": a service range must be between /12 and /24',
      );
      fails({ podCidr: "172.17.0.0/16" }, "must not overlap 172.17.0.0/16");
    });

    test("a load-balancer name over 32 characters or starting with internal-", () => {
      fails(
        { loadBalancer: { name: "a".repeat(33) } },
        /loadBalancer.name = "a{33}": an AWS load balancer name is 1-32 letters/,
      );
      fails(
        { loadBalancer: { name: "internal-api" } },
        'loadBalancer.name = "internal-api": an AWS load balancer name must not start with "internal-"',
      );
    });

    test("fixed load-balancer IPs: one per subnet, inside it, not reserved", () => {
      fails(
        { loadBalancer: { privateIpAddresses: ["10.10.96.10"] } },
        "the load balancer has one address per private subnet: 3 subnets, 1 addresses",
      );
      fails(
        { loadBalancer: { privateIpAddresses: ["10.10.96.10", "10.10.96.11", "10.10.160.10"] } },
        'loadBalancer.privateIpAddresses[1] = "10.10.96.11": the address must lie in its subnet 10.10.128.0/19; use an address between 10.10.128.4 and 10.10.159.254.',
      );
      fails(
        { loadBalancer: { privateIpAddresses: ["10.10.96.2", "10.10.128.10", "10.10.160.10"] } },
        "AWS reserves the first four addresses and the last address of every subnet (10.10.96.0-10.10.96.3 and 10.10.127.255)",
      );
    });

    test("a join token or certificate key passed as a plain string", () => {
      fails(
        { joinToken: "abcdef.0123456789abcdef" as any },
        'joinToken = "******** (a plain string, hidden)": a secret must never be a plain string',
      );
      fails(
        { certificateKey: "ab".repeat(32) as any },
        'certificateKey = "******** (a plain string, hidden)"',
      );
    });

    test("the API open to the internet", () => {
      fails(
        { apiAllowedCidrs: ["0.0.0.0/0"] },
        'apiAllowedCidrs[0] = "0.0.0.0/0": the Kubernetes API must never be open to the whole internet',
      );
    });

    test("sizes and hop limit out of range", () => {
      fails(
        { etcdVolumeSizeGiB: 4 },
        "etcdVolumeSizeGiB = 4: an etcd volume size in GiB is a whole number from 8 to 16384; use at least 8.",
      );
      fails(
        { metadataHopLimit: 0 },
        "metadataHopLimit = 0: the instance metadata hop limit is a whole number from 1 to 64",
      );
    });

    test("a placement that is not one of the enum values, and a zone index out of range", () => {
      fails(
        { placement: "everywhere" as any },
        'placement = "everywhere": placement must be one of "spread", "single-zone"',
      );
      fails(
        { placement: ReplicaPlacement.SINGLE_ZONE, zoneIndex: 3 },
        "zoneIndex = 3: the zone index is a whole number from 0 to 2",
      );
    });
  });

  test("synthesizes the same JSON twice", () => {
    const { stack } = build();
    expect(Testing.synth(stack, true)).toBe(Testing.synth(stack, true));
  });
});

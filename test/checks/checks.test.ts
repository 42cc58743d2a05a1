import { readIamPolicy } from "../../lib/checks/iam-policy";
import { readFileSync } from "fs";
import * as path from "path";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Aspects, TerraformStack } from "cdktf";
import { ClusterPlatform, TerraformModel } from "../../lib/core";
import { Mesh, MeshModel, MtlsMode } from "../../lib/mesh";
import {
  ALL_RULES,
  Compliance,
  MESH_RULE_TYPE,
  RuleInput,
  FindingLevel,
  SecurityChecks,
  SecurityRule,
  StackView,
} from "../../lib/topology";
import { freshApp } from "../util";

const rule = (id: string): SecurityRule => ALL_RULES.find((r) => r.id === id)!;
const noStack: StackView = TerraformModel.fromJson({});
const run = (id: string, type: string, config: Record<string, unknown>, extra: Partial<RuleInput> = {}) =>
  rule(id).evaluate({ type, name: "x", config, stack: noStack, ...extra });

const b64 = (text: string) => Buffer.from(text).toString("base64");
const awsTunnel = (n: 1 | 2, o: Record<string, unknown> = {}) => ({
  [`tunnel${n}_ike_versions`]: ["ikev2"],
  [`tunnel${n}_phase1_encryption_algorithms`]: ["AES256"],
  [`tunnel${n}_phase1_integrity_algorithms`]: ["SHA2-256"],
  [`tunnel${n}_phase1_dh_group_numbers`]: [20],
  [`tunnel${n}_phase2_encryption_algorithms`]: ["AES256"],
  [`tunnel${n}_phase2_integrity_algorithms`]: ["SHA2-256"],
  [`tunnel${n}_phase2_dh_group_numbers`]: [20],
  [`tunnel${n}_preshared_key`]: "${random_password.k.result}",
  [`tunnel${n}_inside_cidr`]: `169.254.6.${(n - 1) * 4}/30`,
  ...o,
});
const connection = (o: Record<string, unknown> = {}) => ({ ...awsTunnel(1), ...awsTunnel(2), ...o });

/** Per rule: a compliant resource, a non-compliant one, and what the finding says. */
const CASES: [string, string, Record<string, unknown>, Record<string, unknown>, string][] = [
  [
    "HM-AWS-1",
    "aws_launch_template",
    { metadata_options: { http_tokens: "required" } },
    { metadata_options: { http_tokens: "optional" } },
    "http_tokens is not required",
  ],
  [
    "HM-AWS-2",
    "aws_launch_template",
    { metadata_options: { http_tokens: "required", http_put_response_hop_limit: 2 } },
    { metadata_options: { http_put_response_hop_limit: 3 } },
    "http_put_response_hop_limit 3",
  ],
  [
    "HM-AWS-3",
    "aws_launch_template",
    { block_device_mappings: [{ device_name: "/dev/sda1", ebs: { encrypted: "true" } }] },
    { block_device_mappings: [{ device_name: "/dev/sda1", ebs: { volume_size: 50 } }] },
    "/dev/sda1 not encrypted",
  ],
  ["HM-AWS-3", "aws_ebs_volume", { encrypted: true }, { encrypted: false }, "volume not encrypted"],
  [
    "HM-AWS-4",
    "aws_subnet",
    { map_public_ip_on_launch: false },
    { map_public_ip_on_launch: true },
    "map_public_ip_on_launch",
  ],
  [
    "HM-AWS-4",
    "aws_launch_template",
    { network_interfaces: [{ associate_public_ip_address: "false" }] },
    { network_interfaces: [{ associate_public_ip_address: "true" }] },
    "associate_public_ip_address",
  ],
  [
    "HM-AWS-7",
    "aws_vpc_security_group_ingress_rule",
    { cidr_ipv4: "10.1.0.0/20", ip_protocol: "tcp", from_port: 6443, to_port: 6443 },
    { cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp", from_port: 22, to_port: 22 },
    "0.0.0.0/0 on tcp 22-22",
  ],
  [
    "HM-AWS-7",
    "aws_security_group",
    { ingress: [{ cidr_blocks: ["10.0.0.0/8"], protocol: "tcp", from_port: 443, to_port: 443 }] },
    { ingress: [{ ipv6_cidr_blocks: ["::/0"], protocol: "-1", from_port: 0, to_port: 0 }] },
    "::/0 on -1 0-0",
  ],
  [
    "HM-AWS-8",
    "aws_security_group",
    { description: "nodes", ingress: [{ description: "API" }] },
    { ingress: [{}] },
    "rule 1 has no description",
  ],
  ["HM-AWS-9", "aws_lb", { internal: true }, { internal: false }, "internet-facing"],
  ["HM-AWS-10", "aws_lb", { enable_deletion_protection: true }, {}, "deletion protection off"],
  [
    "HM-AWS-11",
    "aws_lb",
    { load_balancer_type: "network", enable_cross_zone_load_balancing: true },
    { load_balancer_type: "network" },
    "cross-zone load balancing off",
  ],
  ["HM-AWS-12", "aws_lb", { access_logs: { bucket: "logs", enabled: true } }, {}, "access logs off"],
  [
    "HM-AWS-13",
    "aws_autoscaling_group",
    { launch_template: { id: "${aws_launch_template.x.id}" } },
    { launch_configuration: "lc" },
    "no launch template",
  ],
  [
    "HM-AWS-14",
    "aws_launch_template",
    { monitoring: { enabled: true } },
    { monitoring: { enabled: false } },
    "detailed monitoring off",
  ],
  [
    "HM-AWS-15",
    "aws_launch_template",
    { user_data: b64("#!/bin/bash\naws ssm get-parameter --with-decryption --name /join-token\n") },
    { user_data: b64("kubeadm join 10.0.0.10:6443 --token abcdef.0123456789abcdef\n") },
    "a kubeadm bootstrap token",
  ],
  [
    "HM-AWS-15",
    "aws_launch_template",
    { user_data: "${base64encode(local.script)}" },
    { user_data: "${base64encode(random_password.token.result)}" },
    "built from a generated secret",
  ],
  [
    "HM-AWS-15",
    "aws_launch_template",
    {
      user_data: b64('#!/bin/bash\nDB_PASSWORD=$(aws ssm get-parameter --name /db)\nexport API_KEY="$KEY"\n'),
    },
    { user_data: b64("#!/bin/bash\nexport DB_PASSWORD=hunter2hunter2\n") },
    "a credential assigned a literal value",
  ],
  [
    "HM-AWS-15",
    "aws_launch_template",
    { user_data: b64("controlPlane:\n  certificateKey: ${CERT_KEY}\n") },
    { user_data: b64(`controlPlane:\n  certificateKey: "${"ab".repeat(32)}"\n`) },
    "a kubeadm certificate key (certificateKey:)",
  ],
  [
    "HM-AWS-15",
    "aws_launch_template",
    { user_data: b64("git clone https://github.com/example/config\n") },
    { user_data: b64("git clone https://deploy:s3cret@github.com/example/config\n") },
    "credentials in a URL",
  ],
  [
    "HM-GCP-1",
    "google_container_cluster",
    { private_cluster_config: { enable_private_nodes: true } },
    {},
    "private nodes off",
  ],
  [
    "HM-GCP-2",
    "google_container_cluster",
    { master_authorized_networks_config: { cidr_blocks: [{ cidr_block: "10.0.0.0/16" }] } },
    { master_authorized_networks_config: { cidr_blocks: [{ cidr_block: "0.0.0.0/0" }] } },
    "0.0.0.0/0 is authorized",
  ],
  [
    "HM-GCP-3",
    "google_container_cluster",
    { enable_legacy_abac: false },
    { enable_legacy_abac: true },
    "legacy ABAC on",
  ],
  [
    "HM-GCP-4",
    "google_container_cluster",
    { datapath_provider: "ADVANCED_DATAPATH" },
    { datapath_provider: "LEGACY_DATAPATH" },
    "no network policy",
  ],
  [
    "HM-GCP-5",
    "google_container_cluster",
    { release_channel: { channel: "REGULAR" } },
    { release_channel: { channel: "UNSPECIFIED" } },
    "no release channel",
  ],
  [
    "HM-GCP-6",
    "google_container_node_pool",
    {
      node_config: {
        shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
      },
    },
    { node_config: { shielded_instance_config: { enable_secure_boot: false } } },
    "secure boot off",
  ],
  [
    "HM-GCP-7",
    "google_container_node_pool",
    { node_config: { workload_metadata_config: { mode: "GKE_METADATA" } } },
    { node_config: { workload_metadata_config: { mode: "GCE_METADATA" } } },
    "metadata mode is not GKE_METADATA",
  ],
  [
    "HM-GCP-7",
    "google_container_cluster",
    {
      workload_identity_config: { workload_pool: "p.svc.id.goog" },
      node_config: { workload_metadata_config: { mode: "GKE_METADATA" } },
    },
    {},
    "no workload identity pool",
  ],
  [
    "HM-GCP-8",
    "google_container_node_pool",
    { management: { auto_repair: true, auto_upgrade: true } },
    { management: { auto_repair: false, auto_upgrade: true } },
    "auto-repair off",
  ],
  [
    "HM-GCP-9",
    "google_container_cluster",
    { master_auth: { client_certificate_config: { issue_client_certificate: false } } },
    { master_auth: { client_certificate_config: { issue_client_certificate: true } } },
    "client certificate issued",
  ],
  [
    "HM-GCP-10",
    "google_container_node_pool",
    { node_config: { image_type: "COS_CONTAINERD" } },
    { node_config: { image_type: "UBUNTU_CONTAINERD" } },
    "image type UBUNTU_CONTAINERD",
  ],
  [
    "HM-GCP-11",
    "google_container_node_pool",
    { node_config: { service_account: "${google_service_account.nodes.email}" } },
    { node_config: { service_account: "123-compute@developer.gserviceaccount.com" } },
    "default compute service account",
  ],
  [
    "HM-GCP-12",
    "google_compute_firewall",
    { direction: "INGRESS", source_ranges: ["10.0.0.0/16"], allow: [{ protocol: "tcp" }] },
    { direction: "INGRESS", source_ranges: ["0.0.0.0/0"], allow: [{ protocol: "tcp", ports: ["22"] }] },
    "source 0.0.0.0/0",
  ],
  [
    "HM-GCP-13",
    "google_compute_subnetwork",
    { log_config: { aggregation_interval: "INTERVAL_5_SEC" } },
    {},
    "no flow logs",
  ],
  [
    "HM-GCP-14",
    "google_compute_subnetwork",
    { private_ip_google_access: true },
    {},
    "private Google access off",
  ],
  [
    "HM-VPN-1",
    "aws_vpn_connection",
    connection(),
    connection({ tunnel2_ike_versions: ["ikev1", "ikev2"] }),
    "tunnel2: IKEv1 allowed",
  ],
  ["HM-VPN-1", "google_compute_vpn_tunnel", { ike_version: 2 }, { ike_version: 1 }, "ike_version 1"],
  [
    "HM-VPN-2",
    "aws_vpn_connection",
    connection(),
    connection({ tunnel1_phase2_integrity_algorithms: ["SHA1"] }),
    "tunnel1 phase 2 SHA1",
  ],
  [
    "HM-VPN-3",
    "aws_vpn_connection",
    connection(),
    connection({ tunnel1_phase1_dh_group_numbers: [2] }),
    "tunnel1 phase 1 DH group 2",
  ],
  [
    "HM-VPN-4",
    "aws_vpn_connection",
    connection(),
    connection({ tunnel1_preshared_key: "SuperSecret123" }),
    "tunnel1_preshared_key is a literal",
  ],
  [
    "HM-VPN-4",
    "google_compute_vpn_tunnel",
    { shared_secret: "${random_password.k.result}" },
    { shared_secret: "SuperSecret123" },
    "shared_secret is a literal",
  ],
  [
    "HM-VPN-5",
    "aws_vpn_connection",
    connection(),
    connection({ tunnel2_phase1_encryption_algorithms: ["AES256", "AES128"] }),
    "tunnel2 phase 1 encryption: AES256, AES128",
  ],
  [
    "HM-VPN-6",
    "aws_vpn_connection",
    connection(),
    connection({ tunnel1_inside_cidr: "169.254.3.0/30" }),
    "tunnel1_inside_cidr 169.254.3.0/30",
  ],
  [
    "HM-VPN-6",
    "google_compute_router_interface",
    { ip_range: "169.254.6.2/30" },
    { ip_range: "10.0.0.2/30" },
    "ip_range 10.0.0.2/30",
  ],
  [
    "HM-VPN-7",
    "google_compute_vpn_tunnel",
    { vpn_gateway: "${google_compute_ha_vpn_gateway.g.id}" },
    { target_vpn_gateway: "${google_compute_vpn_gateway.g.id}" },
    "Classic VPN tunnel",
  ],
];

describe("security rules (one pure function each)", () => {
  test("every rule has a unique id, a level, what it checks, why, and the resource types it applies to", () => {
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^HM-(AWS|GCP|VPN|MESH)-\d+$/);
      expect(Object.values(FindingLevel)).toContain(r.level);
      expect(r.info.length).toBeGreaterThan(10);
      expect(r.explanation.length).toBeGreaterThan(20);
      expect(r.resourceTypes.length).toBeGreaterThan(0);
    }
    // Every AWS and GCP rule maps to what checkov, trivy or cdk-nag call it; the VPN rules are ours alone.
    for (const r of ALL_RULES.filter((x) => /HM-(AWS|GCP)/.test(x.id)))
      expect(r.maps.length).toBeGreaterThan(0);
    for (const r of ALL_RULES.filter((x) => x.id.startsWith("HM-VPN"))) expect(r.maps).toEqual([]);
  });

  test("every Terraform rule has a compliance and a non-compliance case below", () => {
    const covered = new Set(CASES.map(([id]) => id));
    const graph = ["HM-AWS-5", "HM-AWS-6", "HM-AWS-16"];
    for (const r of ALL_RULES.filter(
      (x) => !x.resourceTypes.includes(MESH_RULE_TYPE) && !graph.includes(x.id),
    ))
      expect([r.id, covered.has(r.id)]).toEqual([r.id, true]);
  });

  describe.each(CASES)("%s on %s", (id, type, good, bad, detail) => {
    test("Compliance", () => expect(run(id, type, good)).toBe(Compliance.COMPLIANT));
    test("Noncompliance", () => {
      const outcome = run(id, type, bad);
      expect(Array.isArray(outcome)).toBe(true);
      expect((outcome as string[]).join("; ")).toContain(detail);
    });
  });

  describe("HM-AWS-5 VpcFlowLogs and HM-AWS-6 DefaultSecurityGroupClosed (look at the stack)", () => {
    // The rules read the stack with the core reader: the VPCs referred to are in it too.
    const stack = (flowLogs: string[], defaultGroups: Record<string, unknown>[]): StackView =>
      TerraformModel.fromJson({
        s: {
          resource: {
            aws_vpc: { x: {}, other: {} },
            aws_flow_log: Object.fromEntries(
              flowLogs.map((vpc, i) => [`f${i}`, { vpc_id: `\${aws_vpc.${vpc}.id}` }]),
            ),
            aws_default_security_group: Object.fromEntries(
              defaultGroups.map((g, i) => [`d${i}`, { vpc_id: "${aws_vpc.x.id}", ...g }]),
            ),
          },
        },
      });
    test("Compliance", () => {
      expect(run("HM-AWS-5", "aws_vpc", {}, { stack: stack(["x"], []) })).toBe(Compliance.COMPLIANT);
      expect(run("HM-AWS-6", "aws_vpc", {}, { stack: stack([], [{}]) })).toBe(Compliance.COMPLIANT);
    });
    test("Noncompliance", () => {
      expect(run("HM-AWS-5", "aws_vpc", {}, { stack: stack(["other"], []) })).toEqual([
        "no aws_flow_log for this VPC",
      ]);
      expect(run("HM-AWS-6", "aws_vpc", {}, { stack: stack([], []) })).toEqual([
        "the default security group is not managed (it keeps AWS's default rules)",
      ]);
      expect(run("HM-AWS-6", "aws_vpc", {}, { stack: stack([], [{ ingress: [{ self: true }] }]) })).toEqual([
        "the default security group has rules",
      ]);
    });
  });

  test("the policy reader reads cdktf's jsonencode (references, nested conditions) and JSON documents", () => {
    expect(
      readIamPolicy(
        '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Sid" = "R", "Effect" = "Allow", "Action" = ["ssm:GetParameter"], "Resource" = [aws_ssm_parameter.a.arn, "${aws_ssm_parameter.b.arn}:*"], "Condition" = {"Bool" = {"kms:GrantIsForAWSResource" = "true"}}}]})}',
      ),
    ).toEqual([
      {
        sid: "R",
        effect: "Allow",
        actions: ["ssm:getparameter"],
        resources: ["aws_ssm_parameter.a.arn", "${aws_ssm_parameter.b.arn}:*"],
      },
    ]);
    expect(readIamPolicy('{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}')).toEqual([
      { sid: undefined, effect: "Deny", actions: ["*"], resources: ["*"] },
    ]);
    expect(readIamPolicy("${data.aws_iam_policy_document.x.json}")).toBeUndefined();
  });

  describe("HM-AWS-16 InstanceRoleOwnSecrets (reads the role's policies in the stack, managed ones included)", () => {
    const EC2 =
      '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Principal" = {"Service" = "ec2.amazonaws.com"}, "Action" = "sts:AssumeRole"}]})}';
    const policy = (statements: string) =>
      `\${jsonencode({"Version" = "2012-10-17", "Statement" = [${statements}]})}`;
    const stack = (extra: Record<string, Record<string, unknown>>): StackView =>
      TerraformModel.fromJson({
        s: {
          resource: {
            aws_iam_role: { x: { assume_role_policy: EC2 } },
            aws_ssm_parameter: { token: {}, key: {} },
            aws_iam_role_policy: {
              own: {
                role: "${aws_iam_role.x.id}",
                policy: policy(
                  '{"Sid" = "ReadJoinParameters", "Effect" = "Allow", "Action" = ["ssm:GetParameter"], "Resource" = [aws_ssm_parameter.token.arn]}',
                ),
              },
            },
            ...extra,
          },
        },
      });
    const role = (s: StackView) =>
      run("HM-AWS-16", "aws_iam_role", { assume_role_policy: EC2 }, { stack: s });
    test("Compliance: reads named parameters only; Session Manager's channels; another role's broad policy", () => {
      expect(role(stack({}))).toBe(Compliance.COMPLIANT);
      expect(
        role(
          stack({
            aws_iam_role_policy: {
              session: {
                role: "${aws_iam_role.x.id}",
                policy: policy(
                  '{"Effect" = "Allow", "Action" = ["ssmmessages:OpenDataChannel", "ssm:UpdateInstanceInformation"], "Resource" = ["*"]}',
                ),
              },
              other: {
                role: "${aws_iam_role.y.id}",
                policy: policy('{"Effect" = "Allow", "Action" = ["ssm:GetParameters"], "Resource" = ["*"]}'),
              },
            },
          }),
        ),
      ).toBe(Compliance.COMPLIANT);
      expect(run("HM-AWS-16", "aws_iam_role", { assume_role_policy: "{}" }, { stack: stack({}) })).toBe(
        Compliance.NOT_APPLICABLE,
      );
    });
    test("Noncompliance: AmazonSSMManagedInstanceCore, GetParameters on *, a parameter path wildcard, secretsmanager:*", () => {
      expect(
        role(
          stack({
            aws_iam_role_policy_attachment: {
              ssm: {
                role: "${aws_iam_role.x.name}",
                policy_arn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
              },
            },
          }),
        ),
      ).toEqual([
        "attachment ssm: managed policy AmazonSSMManagedInstanceCore allows ssm:GetParameter and ssm:GetParameters on every parameter",
      ]);
      expect(
        role(
          stack({
            aws_iam_role_policy: {
              wide: {
                role: "${aws_iam_role.x.id}",
                policy: policy(
                  '{"Sid" = "Wide", "Effect" = "Allow", "Action" = ["ssm:GetParameters"], "Resource" = ["*"]}, {"Effect" = "Allow", "Action" = "ssm:Get*", "Resource" = "arn:aws:ssm:eu-west-1:123456789012:parameter/*"}, {"Effect" = "Allow", "Action" = ["secretsmanager:*"], "Resource" = ["*"]}',
                ),
              },
            },
          }),
        ),
      ).toEqual([
        "inline policy wide (Wide): ssm:getparameters on *",
        "inline policy wide: ssm:get* on arn:aws:ssm:eu-west-1:123456789012:parameter/*",
        "inline policy wide: secretsmanager:* on *",
      ]);
    });
  });

  describe("VPN rules read a GCP tunnel's IKE proposal from its VPN construct (Terraform cannot express it)", () => {
    const construct = (integrity: string, dhGroup: number) =>
      ({
        node: { scope: undefined },
        ike: {
          version: 2,
          phase1: { encryption: "AES256", integrity, dhGroup },
          phase2: { encryption: "AES256", integrity, dhGroup },
        },
      }) as never;
    test("Compliance", () => {
      expect(run("HM-VPN-2", "google_compute_vpn_tunnel", {}, { construct: construct("SHA2-256", 20) })).toBe(
        Compliance.COMPLIANT,
      );
      expect(run("HM-VPN-3", "google_compute_vpn_tunnel", {}, { construct: construct("SHA2-256", 14) })).toBe(
        Compliance.COMPLIANT,
      );
    });
    test("Noncompliance", () => {
      expect(run("HM-VPN-2", "google_compute_vpn_tunnel", {}, { construct: construct("SHA1", 20) })).toEqual([
        "phase 1 SHA1",
        "phase 2 SHA1",
      ]);
      expect(
        run("HM-VPN-3", "google_compute_vpn_tunnel", {}, { construct: construct("SHA2-256", 5) }),
      ).toEqual(["phase 1 DH group 5", "phase 2 DH group 5"]);
    });
  });
});

describe("mesh rules (on each cluster's YAML)", () => {
  const GKE = {
    clusterName: "gke",
    meshNetwork: "net-gke",
    platform: ClusterPlatform.GKE,
    apiServerHost: "10.1.48.2",
    apiServerPort: 443,
  };
  const ONPREM = {
    clusterName: "dc",
    meshNetwork: "net-dc",
    platform: ClusterPlatform.ON_PREMISES,
    apiServerHost: "172.20.0.10",
    apiServerPort: 6443,
  };
  const findings = (mesh: Mesh) => new SecurityChecks().checkMesh(mesh).filter((f) => !f.suppressed);

  test("the library's mesh passes every rule", () => {
    const mesh = new Mesh(freshApp(), "Mesh", { meshId: "proj-1" });
    mesh.addCluster({ cluster: GKE });
    mesh.addCluster({ cluster: ONPREM, gateway: { address: "172.20.1.50" } });
    expect(findings(mesh)).toEqual([]);
  });

  test("HM-MESH-1 StrictMtls: PERMISSIVE on a primary", () => {
    const mesh = new Mesh(freshApp(), "Mesh", { meshId: "proj-1", mtls: MtlsMode.PERMISSIVE });
    mesh.addCluster({ cluster: GKE });
    expect(findings(mesh).map((f) => `${f.ruleId}: ${f.detail}`)).toEqual(["HM-MESH-1: default: PERMISSIVE"]);
  });

  test("HM-MESH-2 DefaultDeny: suppressed by the Mesh until defaultDeny is on, then compliant", () => {
    const off = new Mesh(freshApp(), "Mesh", { meshId: "proj-1" });
    off.addCluster({ cluster: GKE });
    expect(new SecurityChecks().checkMesh(off).map((f) => [f.ruleId, !!f.suppressed])).toEqual([
      ["HM-MESH-2", true],
    ]);
    const on = new Mesh(freshApp(), "Mesh", { meshId: "proj-1", defaultDeny: true });
    on.addCluster({ cluster: GKE });
    expect(new SecurityChecks().checkMesh(on)).toEqual([]);
  });

  test("HM-MESH-5 InternalEastWestGateway: a public load balancer on premises", () => {
    const mesh = new Mesh(freshApp(), "Mesh", { meshId: "proj-1" });
    mesh.addCluster({ cluster: GKE });
    mesh.addCluster({ cluster: ONPREM, gateway: { address: "198.51.100.7" } });
    expect(findings(mesh).map((f) => `${f.ruleId} ${f.resource}: ${f.detail}`)).toEqual([
      "HM-MESH-5 Mesh (dc): load-balancer-ip without an internal annotation or a private address",
    ]);
  });

  test("HM-MESH-3, HM-MESH-4, HM-MESH-6 on hand-made objects", () => {
    const base = { mesh: { model: MeshModel.MULTI_PRIMARY }, cluster: { role: "primary", gateway: {} } };
    const gateway = (hosts: string[], port = 15443) => ({
      kind: "Gateway",
      metadata: { name: "gw" },
      spec: {
        servers: [
          {
            port: { number: port },
            tls: { mode: port === 15443 ? "AUTO_PASSTHROUGH" : "PASSTHROUGH" },
            hosts,
          },
        ],
      },
    });
    const mesh = (objects: unknown[]) => ({ ...base, objects });
    expect(run("HM-MESH-3", MESH_RULE_TYPE, mesh([gateway(["*.local"])]))).toBe(Compliance.COMPLIANT);
    expect(run("HM-MESH-3", MESH_RULE_TYPE, mesh([gateway(["*"])]))).toEqual(["gw: host *"]);
    expect(run("HM-MESH-4", MESH_RULE_TYPE, mesh([gateway(["*"], 15012)]))).toEqual([
      "istiod exposed without remote clusters",
    ]);
    expect(
      run("HM-MESH-4", MESH_RULE_TYPE, {
        ...mesh([gateway(["*"], 15012)]),
        mesh: { model: MeshModel.PRIMARY_REMOTE },
      }),
    ).toBe(Compliance.COMPLIANT);
    const role = (rules: unknown[]) => ({ kind: "ClusterRole", metadata: { name: "istio-reader" }, rules });
    expect(
      run(
        "HM-MESH-6",
        MESH_RULE_TYPE,
        mesh([role([{ apiGroups: ["networking.istio.io"], resources: ["*"] }])]),
      ),
    ).toBe(Compliance.COMPLIANT);
    expect(
      run("HM-MESH-6", MESH_RULE_TYPE, mesh([role([{ apiGroups: [""], resources: ["secrets"] }])])),
    ).toEqual(["ClusterRole istio-reader grants secrets"]);
  });
});

describe("SecurityChecks (the Aspect)", () => {
  function stack() {
    const app = freshApp();
    const s = new TerraformStack(app, "checked");
    new AwsProvider(s, "aws", { region: "eu-west-1" });
    return { app, stack: s };
  }

  test("an error finding fails synth with the rule id, the resource and the fix; warnings do not", () => {
    const { app, stack: s } = stack();
    const vpc = new Vpc(s, "Vpc", { cidrBlock: "10.0.0.0/16" });
    new FlowLog(s, "FlowLog", {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestination: "arn:aws:logs:eu-west-1:1:log-group:x",
    });
    new Lb(s, "Lb", { internal: false, loadBalancerType: "network", subnets: ["subnet-1"] });
    Aspects.of(s).add(new SecurityChecks());
    expect(() => app.synth()).toThrow(/\[checked\/Lb\] \[HM-AWS-9\] InternalLoadBalancer: internet-facing/);
  });

  test("suppressions: with a reason of at least 10 characters, for a construct and its children; appliesTo narrows", () => {
    const { app, stack: s } = stack();
    const vpc = new Vpc(s, "Vpc", { cidrBlock: "10.0.0.0/16" });
    new FlowLog(s, "FlowLog", {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestination: "arn:aws:logs:eu-west-1:1:log-group:x",
    });
    const lb = new Lb(s, "Lb", { internal: false, loadBalancerType: "network", subnets: ["subnet-1"] });
    const sg = new SecurityGroup(s, "Sg", {
      description: "web",
      vpcId: vpc.id,
      ingress: [
        { cidrBlocks: ["0.0.0.0/0"], protocol: "tcp", fromPort: 443, toPort: 443, description: "https" },
        { cidrBlocks: ["0.0.0.0/0"], protocol: "tcp", fromPort: 22, toPort: 22, description: "ssh" },
      ],
    });
    expect(() => SecurityChecks.suppress(lb, [{ id: "HM-AWS-9", reason: "public" }])).toThrow(
      'hybrid-mesh: checked/Lb (Lb): suppressions[0].reason = "public": a suppression needs a reason of at least 10 characters; say why the rule does not apply here.',
    );
    SecurityChecks.suppress(s, [{ id: "HM-AWS-9", reason: "a public NLB for the demo web tier" }]);
    SecurityChecks.suppress(sg, [
      { id: "HM-AWS-7", reason: "HTTPS is public by design", appliesTo: ["tcp 443"] },
    ]);
    const checks = new SecurityChecks();
    Aspects.of(s).add(checks);
    expect(() => app.synth()).toThrow(/\[HM-AWS-7\] NoPublicIngress: 0\.0\.0\.0\/0 on tcp 22-22/);
    expect(checks.findings.map((f) => [f.ruleId, f.detail, f.suppressed ?? null])).toEqual(
      expect.arrayContaining([
        ["HM-AWS-9", "internet-facing", "a public NLB for the demo web tier"],
        ["HM-AWS-7", "0.0.0.0/0 on tcp 443-443", "HTTPS is public by design"],
        ["HM-AWS-7", "0.0.0.0/0 on tcp 22-22", null],
      ]),
    );
  });

  test("a report next to each stack, written even when synth fails: CSV with cdk-nag's columns and the scanner ids", () => {
    const { app, stack: s } = stack();
    const vpc = new Vpc(s, "Vpc", { cidrBlock: "10.0.0.0/16" });
    new FlowLog(s, "FlowLog", {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestination: "arn:aws:logs:eu-west-1:1:log-group:x",
    });
    new Lb(s, "Lb", { internal: true, loadBalancerType: "network", subnets: ["subnet-1"] });
    Aspects.of(s).add(new SecurityChecks());
    expect(() => app.synth()).toThrow("[checked/Vpc] [HM-AWS-6] DefaultSecurityGroupClosed");
    const csv = readFileSync(
      path.join(app.outdir, "stacks", "checked", "hybrid-mesh-checks.csv"),
      "utf8",
    ).split("\n");
    expect(csv[0]).toBe(
      "Rule ID,Rule Name,Level,Resource,Resource Type,Compliance,Detail,Suppression Reason,Maps To",
    );
    expect(csv).toContain(
      "HM-AWS-6,DefaultSecurityGroupClosed,error,checked/Vpc,aws_vpc,Non-Compliant,the default security group is not managed (it keeps AWS's default rules),,CKV2_AWS_12 AVD-AWS-0173 NIST.800.53.R5-VPCDefaultSecurityGroupClosed",
    );
  });

  test("a rule that throws is a warning, not a crash", () => {
    const { app, stack: s } = stack();
    const vpc = new Vpc(s, "Vpc", { cidrBlock: "10.0.0.0/16" });
    new FlowLog(s, "FlowLog", {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestination: "arn:aws:logs:eu-west-1:1:log-group:x",
    });
    const broken: SecurityRule = {
      ...ALL_RULES[0],
      id: "HM-TEST-1",
      resourceTypes: ["aws_vpc"],
      evaluate: () => {
        throw new Error("boom");
      },
    };
    Aspects.of(s).add(new SecurityChecks({ rules: [broken] }));
    app.synth();
    expect(vpc.node.metadata.map((m) => m.data)).toContain("[HM-TEST-1] the rule could not run: boom");
  });
});

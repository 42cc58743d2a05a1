// An independent check of synthesized Terraform JSON against the cloud rules of
// ../shared/reference/constraints-and-rules.md ("the catalogue"): what the cloud APIs would reject
// at apply time. It reads only the output (never the library's own validators), so that the props
// fuzzer can tell accepted-but-invalid output apart from output the clouds accept. Values that are
// Terraform expressions ("${...}") are known only at apply time and are not judged.
import * as ipaddr from "ipaddr.js";

type Json = Record<string, any>;

const EXPR = /\$\{/;
const literal = (v: unknown): v is string => typeof v === "string" && !EXPR.test(v);

function cidr(text: unknown): { net: number; prefix: number } | undefined {
  if (typeof text !== "string") return undefined;
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(text);
  if (!m || !ipaddr.IPv4.isValidFourPartDecimal(m[1]) || Number(m[2]) > 32) return undefined;
  const [a, b, c, d] = ipaddr.IPv4.parse(m[1]).octets;
  return { net: ((a * 256 + b) * 256 + c) * 256 + d, prefix: Number(m[2]) };
}

function overlaps(x: { net: number; prefix: number }, y: { net: number; prefix: number }): boolean {
  const p = Math.min(x.prefix, y.prefix);
  const size = 2 ** (32 - p);
  return Math.floor(x.net / size) === Math.floor(y.net / size);
}

const UNUSABLE = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "255.255.255.255/32"].map(
  (c) => cidr(c)!,
);
const DOCKER = cidr("172.17.0.0/16")!;
const AWS_RESERVED_INSIDE = [0, 1, 2, 3, 4, 5].map((i) => `169.254.${i}.0/30`).concat("169.254.169.252/30");
const RFC1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function isPrivateAsn(n: number): boolean {
  return (n >= 64512 && n <= 65534) || (n >= 4200000000 && n <= 4294967294);
}

/** The rule violations in one stack's synthesized Terraform JSON. */
export function catalogueViolations(stack: Json): string[] {
  const out: string[] = [];
  const each = (type: string, fn: (r: Json, id: string) => void) => {
    for (const [id, r] of Object.entries<Json>(stack.resource?.[type] ?? {})) fn(r, id);
  };
  const bad = (type: string, id: string, what: string): void => {
    out.push(`${type}.${id}: ${what}`);
  };
  const routable = (type: string, id: string, field: string, value: unknown) => {
    if (!literal(value)) return;
    const c = cidr(value);
    if (!c) {
      bad(type, id, `${field} ${JSON.stringify(value)} is not a CIDR block`);
      return;
    }
    if (c.net % 2 ** (32 - c.prefix) !== 0) bad(type, id, `${field} ${value} has host bits set`);
    if (UNUSABLE.some((u) => overlaps(u, c)))
      bad(type, id, `${field} ${value} is in a special-purpose range`);
    if (overlaps(DOCKER, c)) bad(type, id, `${field} ${value} overlaps 172.17.0.0/16`);
  };
  const gcpName = (type: string, id: string, field: string, value: unknown, max = 63) => {
    if (literal(value) && !(value.length <= max && RFC1035.test(value)))
      bad(type, id, `${field} ${JSON.stringify(value)} is not an RFC 1035 name of at most ${max} characters`);
  };
  const port = (type: string, id: string, field: string, value: unknown) => {
    if (
      value !== undefined &&
      !(typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 65535)
    )
      bad(type, id, `${field} ${JSON.stringify(value)} is not a port`);
  };

  // GCP (A29-A37).
  for (const type of Object.keys(stack.resource ?? {}).filter((t) => t.startsWith("google_compute_"))) {
    each(type, (r, id) => gcpName(type, id, "name", r.name));
  }
  each("google_compute_subnetwork", (r, id) => {
    routable("google_compute_subnetwork", id, "ip_cidr_range", r.ip_cidr_range);
    for (const s of r.secondary_ip_range ?? []) {
      routable("google_compute_subnetwork", id, "secondary_ip_range", s.ip_cidr_range);
      gcpName("google_compute_subnetwork", id, "range_name", s.range_name);
    }
  });
  each("google_compute_firewall", (r, id) => {
    if (r.priority !== undefined && !(Number.isInteger(r.priority) && r.priority >= 0 && r.priority <= 65535))
      bad("google_compute_firewall", id, `priority ${r.priority}`);
    for (const s of r.source_ranges ?? [])
      if (s === "0.0.0.0/0") bad("google_compute_firewall", id, "open to 0.0.0.0/0");
  });
  each("google_compute_router", (r, id) => {
    const asn = r.bgp?.asn;
    if (typeof asn === "number" && !isPrivateAsn(asn))
      bad("google_compute_router", id, `asn ${asn} is not private`);
  });
  each("google_compute_router_peer", (r, id) => {
    const asn = r.peer_asn;
    if (
      asn !== undefined &&
      !(typeof asn === "number" && Number.isInteger(asn) && asn >= 1 && asn <= 4294967294)
    )
      bad("google_compute_router_peer", id, `peer_asn ${JSON.stringify(asn)}`);
  });
  each("google_compute_router_interface", (r, id) => {
    if (!literal(r.ip_range)) return;
    const c = cidr(r.ip_range.replace(/\.\d+\//, ".0/"));
    if (!c || c.prefix !== 30 || !overlaps(c, cidr("169.254.0.0/16")!))
      bad("google_compute_router_interface", id, `ip_range ${r.ip_range}`);
  });
  each("google_compute_external_vpn_gateway", (r, id) => {
    const n = (r.interface ?? []).length;
    const want = { SINGLE_IP_INTERNALLY_REDUNDANT: 1, TWO_IPS_REDUNDANCY: 2, FOUR_IPS_REDUNDANCY: 4 }[
      r.redundancy_type as string
    ];
    if (want !== n)
      bad("google_compute_external_vpn_gateway", id, `${r.redundancy_type} with ${n} interfaces`);
    const ips = (r.interface ?? []).map((i: Json) => i.ip_address).filter(literal);
    if (new Set(ips).size !== ips.length)
      bad("google_compute_external_vpn_gateway", id, "an address twice (A24)");
    for (const ip of ips) checkPeerIp("google_compute_external_vpn_gateway", id, ip);
  });
  each("google_compute_vpn_tunnel", (r, id) => {
    if (r.ike_version !== undefined && ![1, 2].includes(r.ike_version))
      bad("google_compute_vpn_tunnel", id, `ike_version ${r.ike_version}`);
    if (literal(r.peer_ip)) checkPeerIp("google_compute_vpn_tunnel", id, r.peer_ip);
    if (literal(r.shared_secret)) bad("google_compute_vpn_tunnel", id, "a literal shared secret");
  });
  each("google_container_cluster", (r, id) => {
    if (literal(r.name) && !(r.name.length <= 40 && RFC1035.test(r.name)))
      bad("google_container_cluster", id, `name ${r.name}`);
    const master = r.private_cluster_config?.master_ipv4_cidr_block;
    if (literal(master)) {
      routable("google_container_cluster", id, "master_ipv4_cidr_block", master);
      if (cidr(master)?.prefix !== 28)
        bad("google_container_cluster", id, `master_ipv4_cidr_block ${master} is not a /28`);
    }
    for (const b of r.master_authorized_networks_config?.cidr_blocks ?? [])
      if (b.cidr_block === "0.0.0.0/0") bad("google_container_cluster", id, "API open to 0.0.0.0/0");
    for (const [k, v] of Object.entries<unknown>(r.resource_labels ?? {}))
      if (literal(v) && !(v.length <= 63 && /^[a-z0-9_-]*$/.test(v)))
        bad("google_container_cluster", id, `label ${k}=${v}`);
  });
  each("google_container_node_pool", (r, id) => {
    for (const [k, v] of Object.entries<unknown>(r.node_config?.labels ?? {}))
      if (literal(v) && !LABEL_VALUE.test(v)) bad("google_container_node_pool", id, `label ${k}=${v}`);
  });

  // AWS (A1-A16, A39-A49).
  each("aws_vpc", (r, id) => {
    routable("aws_vpc", id, "cidr_block", r.cidr_block);
    const c = cidr(r.cidr_block);
    if (literal(r.cidr_block) && c && (c.prefix < 16 || c.prefix > 28))
      bad("aws_vpc", id, `cidr_block ${r.cidr_block}`);
  });
  each("aws_subnet", (r, id) => {
    routable("aws_subnet", id, "cidr_block", r.cidr_block);
    if (literal(r.availability_zone) && !/^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/.test(r.availability_zone))
      bad("aws_subnet", id, `availability_zone ${r.availability_zone}`);
  });
  each("aws_vpn_connection", (r, id) => {
    for (const n of [1, 2]) {
      const inside = r[`tunnel${n}_inside_cidr`];
      if (!literal(inside)) continue;
      const c = cidr(inside);
      if (
        !c ||
        c.prefix !== 30 ||
        !overlaps(c, cidr("169.254.0.0/16")!) ||
        AWS_RESERVED_INSIDE.includes(inside)
      )
        bad("aws_vpn_connection", id, `tunnel${n}_inside_cidr ${inside}`);
      if (literal(r[`tunnel${n}_preshared_key`])) bad("aws_vpn_connection", id, "a literal pre-shared key");
    }
    if (literal(r.tunnel1_inside_cidr) && r.tunnel1_inside_cidr === r.tunnel2_inside_cidr)
      bad("aws_vpn_connection", id, "both tunnels use one inside CIDR");
  });
  each("aws_customer_gateway", (r, id) => {
    const asn = Number(r.bgp_asn);
    if (
      r.bgp_asn !== undefined &&
      literal(String(r.bgp_asn)) &&
      !(Number.isInteger(asn) && asn >= 1 && asn <= 2147483647)
    )
      bad("aws_customer_gateway", id, `bgp_asn ${r.bgp_asn}`);
    if ([7224, 9059, 10124, 17943].includes(asn)) bad("aws_customer_gateway", id, `reserved bgp_asn ${asn}`);
    if (literal(r.ip_address)) checkPeerIp("aws_customer_gateway", id, r.ip_address);
  });
  for (const type of ["aws_vpn_gateway", "aws_ec2_transit_gateway"]) {
    each(type, (r, id) => {
      if (
        r.amazon_side_asn !== undefined &&
        literal(String(r.amazon_side_asn)) &&
        !isPrivateAsn(Number(r.amazon_side_asn))
      )
        bad(type, id, `amazon_side_asn ${r.amazon_side_asn}`);
    });
  }
  for (const type of ["aws_lb", "aws_lb_target_group"]) {
    each(type, (r, id) => {
      if (
        literal(r.name) &&
        !(
          r.name.length <= 32 &&
          /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(r.name) &&
          !r.name.startsWith("internal-")
        )
      )
        bad(type, id, `name ${r.name}`);
      port(type, id, "port", r.port);
      const bucket = r.access_logs?.bucket;
      if (literal(bucket) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
        bad(type, id, `access log bucket ${bucket}`);
    });
  }
  each("aws_lb_listener", (r, id) => port("aws_lb_listener", id, "port", r.port));
  each("aws_autoscaling_group", (r, id) => {
    const [min, max, desired] = [r.min_size, r.max_size, r.desired_capacity];
    if (typeof min === "number" && typeof max === "number" && min > max)
      bad("aws_autoscaling_group", id, `min_size ${min} > max_size ${max}`);
    if (typeof desired === "number" && (desired < min || desired > max))
      bad("aws_autoscaling_group", id, `desired_capacity ${desired}`);
  });
  const kms = (type: string, id: string, v: unknown) => {
    if (literal(v) && !/^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/.test(v))
      bad(type, id, `KMS key ${v}`);
  };
  each("aws_launch_template", (r, id) => {
    for (const b of r.block_device_mappings ?? []) kms("aws_launch_template", id, b.ebs?.kms_key_id);
    const hop = r.metadata_options?.http_put_response_hop_limit;
    if (hop !== undefined && !(Number.isInteger(hop) && hop >= 1 && hop <= 64))
      bad("aws_launch_template", id, `hop limit ${hop}`);
  });
  each("aws_ebs_volume", (r, id) => kms("aws_ebs_volume", id, r.kms_key_id));
  each("aws_cloudwatch_log_group", (r, id) => kms("aws_cloudwatch_log_group", id, r.kms_key_id));
  each("aws_vpc_security_group_ingress_rule", (r, id) => {
    if (r.cidr_ipv4 === "0.0.0.0/0") bad("aws_vpc_security_group_ingress_rule", id, "ingress from 0.0.0.0/0");
    if (r.ip_protocol !== "-1" && r.ip_protocol !== "4") {
      port("aws_vpc_security_group_ingress_rule", id, "from_port", r.from_port);
      port("aws_vpc_security_group_ingress_rule", id, "to_port", r.to_port);
    }
  });
  each("aws_ssm_parameter", (r, id) => {
    if (r.type === "SecureString" && literal(r.value) && r.value !== "pending")
      bad("aws_ssm_parameter", id, "a literal secret");
  });

  function checkPeerIp(type: string, id: string, ip: string) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(ip)) {
      bad(type, id, `peer address ${ip}`);
      return;
    }
    const c = cidr(`${ip}/32`)!;
    if (UNUSABLE.some((u) => overlaps(u, c)))
      bad(type, id, `peer address ${ip} is in a special-purpose range`);
  }
  return out;
}

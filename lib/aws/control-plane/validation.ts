import { Annotations } from "cdktf";
import { Construct } from "constructs";
import {
  check,
  checkAwsLoadBalancerName,
  checkCidr,
  checkDns1123Label,
  checkEach,
  checkIpv4Address,
  checkNotOpenRange,
  checkRoutableRange,
  Cidr,
  countBetween,
  fail,
  findOverlaps,
  fitName,
  k8sName,
  oneOf,
  Problem,
  requireSecret,
  Secret,
} from "../../core";
import { checkInstanceBasics } from "../instance-template";
import { AwsSubnet } from "../interfaces";
import { checkInstanceType, MachineImage } from "../machine-image";
import { checkS3BucketName } from "../rules";
import { ControlPlaneBootstrap } from "./bootstrap";
import { ControlPlaneProps, ReplicaPlacement } from "./props";

/** The props of a control plane, checked, with their defaults. @internal */
export interface ValidatedControlPlaneProps {
  /** Kubernetes cluster name. */
  readonly clusterName: string;
  /** The private subnet of each replica, in replica order. */
  readonly subnets: AwsSubnet[];
  /** Image of the replicas. */
  readonly machineImage: MachineImage;
  /** EC2 instance type. */
  readonly instanceType: string;
  /** Kubernetes minor version. */
  readonly kubernetesVersion: string;
  /** Pod range. */
  readonly podCidr: string;
  /** Service range. */
  readonly serviceCidr: string;
  /** Root volume size, GiB. */
  readonly rootVolumeSizeGiB: number;
  /** etcd volume size, GiB. */
  readonly etcdVolumeSizeGiB: number;
  /** Instance metadata hop limit. */
  readonly metadataHopLimit: number;
  /** Name of the API load balancer. */
  readonly loadBalancerName: string;
  /** kubeadm bootstrap token. */
  readonly joinToken: Secret;
  /** Certificate key. */
  readonly certificateKey: Secret;
  /** How instances are bootstrapped. */
  readonly bootstrap: ControlPlaneBootstrap;
  /** Mesh network of the cluster. */
  readonly meshNetwork: string;
  /** Version of the secret parameters' write-only values. */
  readonly secretsVersion: number;
}

/**
 * Checks the props of the control plane `scope` (after their shape) and fills in the defaults;
 * warns when one zone holds enough replicas to lose etcd quorum with it.
 *
 * @internal
 */
export function validateControlPlaneProps(
  scope: Construct,
  props: ControlPlaneProps,
): ValidatedControlPlaneProps {
  const clusterName = check(scope, "clusterName", props.clusterName ?? k8sName(scope), checkDns1123Label);
  const replicas = check(scope, "replicas", props.replicas ?? 3, (n) =>
    [1, 3, 5, 7].includes(n)
      ? undefined
      : {
          rule: "etcd needs an odd number of members (1, 3, 5 or 7) to keep quorum",
          fix:
            n > 7
              ? "use 5 or 7 (more members slow down every write)"
              : `use ${n <= 2 ? 3 : n % 2 === 0 ? `${n - 1} or ${n + 1}` : 3}`,
        },
  );
  const placement = check(
    scope,
    "placement",
    props.placement ?? ReplicaPlacement.SPREAD,
    oneOf(Object.values(ReplicaPlacement), "placement"),
  ) as ReplicaPlacement;
  const zones = props.network.privateSubnets;
  if (zones.length === 0) {
    fail(scope, "network", props.network.node.path, {
      rule: "the network has no private subnets",
      fix: "use a network with private subnets",
    });
  }
  const zoneIndex = check(
    scope,
    "zoneIndex",
    props.zoneIndex ?? 0,
    countBetween(0, zones.length - 1, "the zone index"),
  );
  const subnets = Array.from({ length: replicas }, (_, i) =>
    placement === ReplicaPlacement.SPREAD ? zones[i % zones.length] : zones[zoneIndex],
  );
  const perZone = new Map<number, number>();
  subnets.forEach((s) => perZone.set(s.zoneIndex, (perZone.get(s.zoneIndex) ?? 0) + 1));
  const worst = Math.max(...perZone.values());
  const quorum = Math.floor(replicas / 2) + 1;
  if (replicas > 1 && replicas - worst < quorum) {
    Annotations.of(scope).addWarning(
      `hybrid-mesh: ${worst} of ${replicas} control-plane replicas are in one availability zone: losing that zone loses etcd quorum (${quorum} needed). Spread them over at least 3 zones to survive a zone failure.`,
    );
  }

  const machineImage = props.machineImage ?? MachineImage.ubuntu();
  check(scope, "machineImage", machineImage, (m) => m.check());
  const instanceType = check(scope, "instanceType", props.instanceType ?? "m5.large", (t) =>
    checkInstanceType(t, machineImage.architecture),
  );
  const kubernetesVersion = check(
    scope,
    "kubernetesVersion",
    props.kubernetesVersion ?? "1.31",
    checkKubernetesVersion,
  );
  const podCidr = check(scope, "podCidr", props.podCidr ?? "192.168.0.0/16", (c) =>
    checkClusterRange(c, 8, 23, "a pod range"),
  );
  const serviceCidr = check(scope, "serviceCidr", props.serviceCidr ?? "10.96.0.0/12", (c) =>
    checkClusterRange(c, 12, 24, "a service range"),
  );
  const ranges = [
    { name: "the VPC", cidr: props.network.vpcCidr },
    { name: "podCidr", cidr: podCidr },
    { name: "serviceCidr", cidr: serviceCidr },
  ].filter((r) => !checkCidr(r.cidr));
  const clash = findOverlaps(ranges)[0];
  if (clash) {
    const property = clash.b.name === "the VPC" ? clash.a.name : clash.b.name;
    const other = property === clash.a.name ? clash.b : clash.a;
    fail(scope, property, property === "podCidr" ? podCidr : serviceCidr, {
      rule: `the VPC, pod and service ranges must not overlap, and it overlaps ${other.name} (${other.cidr.toString()})`,
      fix: "pick disjoint ranges, e.g. pods 192.168.0.0/16 and services 10.96.0.0/12 with a VPC in 10.0.0.0/8 outside 10.96.0.0/12",
    });
  }
  checkEach(
    scope,
    "apiAllowedCidrs",
    props.apiAllowedCidrs,
    checkNotOpenRange({
      rule: "the Kubernetes API must never be open to the whole internet",
      fix: "list the peer networks that need it",
    }),
  );
  const { rootVolumeSizeGiB, metadataHopLimit } = checkInstanceBasics(scope, props);
  const etcdVolumeSizeGiB = check(
    scope,
    "etcdVolumeSizeGiB",
    props.etcdVolumeSizeGiB ?? 20,
    countBetween(8, 16384, "an etcd volume size in GiB"),
  );
  const loadBalancerName = check(
    scope,
    "loadBalancer.name",
    props.loadBalancer?.name ?? fitName(`${clusterName}-api`, 32),
    checkAwsLoadBalancerName,
  );
  const ips = props.loadBalancer?.privateIpAddresses;
  if (ips !== undefined) {
    if (ips.length !== zones.length) {
      fail(scope, "loadBalancer.privateIpAddresses", ips, {
        rule: `the load balancer has one address per private subnet: ${zones.length} subnets, ${ips.length} addresses`,
        fix: `give ${zones.length} addresses, in zone order`,
      });
    }
    checkEach(scope, "loadBalancer.privateIpAddresses", ips, (ip, i) =>
      checkSubnetAddress(ip, zones[i].cidr),
    );
  }
  check(scope, "loadBalancer.accessLogsBucket", props.loadBalancer?.accessLogsBucket, checkS3BucketName);
  const joinToken = requireSecret(scope, "joinToken", props.joinToken);
  const certificateKey = requireSecret(scope, "certificateKey", props.certificateKey);
  const secretsVersion = check(
    scope,
    "secretsVersion",
    props.secretsVersion ?? 1,
    countBetween(1, Number.MAX_SAFE_INTEGER, "a version"),
  );
  const bootstrap = props.bootstrap ?? ControlPlaneBootstrap.kubeadm();
  const meshNetwork = check(
    scope,
    "meshNetwork",
    props.meshNetwork ?? `${clusterName}-network`,
    checkDns1123Label,
  );
  return {
    clusterName,
    subnets,
    machineImage,
    instanceType,
    kubernetesVersion,
    podCidr,
    serviceCidr,
    rootVolumeSizeGiB,
    etcdVolumeSizeGiB,
    metadataHopLimit,
    loadBalancerName,
    joinToken,
    certificateKey,
    secretsVersion,
    bootstrap,
    meshNetwork,
  };
}

/**
 * Checks a Kubernetes minor version this bootstrap supports: "1.31" or later.
 *
 * @internal
 */
export function checkKubernetesVersion(version: string): Problem | undefined {
  const m = /^1\.(\d+)$/.exec(version);
  if (m && Number(m[1]) >= 31) return undefined;
  return {
    rule: 'the Kubernetes version is a minor version "1.<n>", 1.31 or later (kubeadm configuration v1beta4)',
    fix: 'use e.g. "1.31"',
  };
}

function checkClusterRange(cidr: string, min: number, max: number, what: string): Problem | undefined {
  const syntax = checkCidr(cidr);
  if (syntax) return syntax;
  const block = Cidr.parse(cidr);
  if (block.prefixLength < min || block.prefixLength > max) {
    return { rule: `${what} must be between /${min} and /${max}`, fix: `use e.g. a /${Math.min(max, 16)}` };
  }
  const reserved = checkRoutableRange(cidr, what);
  if (reserved) return { ...reserved, fix: "pick another range" };
  return undefined;
}

/**
 * Checks a fixed address inside a subnet, outside the 4 first and the last address AWS reserves.
 *
 * @internal
 */
export function checkSubnetAddress(ip: string, subnetCidr: string): Problem | undefined {
  const syntax = checkIpv4Address(ip);
  if (syntax) return syntax;
  const subnet = Cidr.parse(subnetCidr);
  if (!subnet.containsAddress(ip)) {
    return {
      rule: `the address must lie in its subnet ${subnetCidr}`,
      fix: `use an address between ${subnet.address(4)} and ${subnet.address(subnet.size - 2)}`,
    };
  }
  const offset = Cidr.parse(`${ip}/32`).network - subnet.network;
  if (offset < 4 || offset === subnet.size - 1) {
    return {
      rule: `AWS reserves the first four addresses and the last address of every subnet (${subnet.address(0)}-${subnet.address(3)} and ${subnet.address(subnet.size - 1)})`,
      fix: `use an address between ${subnet.address(4)} and ${subnet.address(subnet.size - 2)}`,
    };
  }
  return undefined;
}

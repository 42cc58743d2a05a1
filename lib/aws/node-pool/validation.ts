import { Annotations } from "cdktf";
import { Construct } from "constructs";
import {
  check,
  checkDns1123Label,
  checkEach,
  checkK8sLabelValue,
  countBetween,
  fail,
  k8sName,
  oneOf,
  Problem,
} from "../../core";
import { KubeadmTaint } from "../bootstrap/kubeadm";
import { checkInstanceBasics, InstanceBasics } from "../instance-template";
import { AwsSubnet } from "../interfaces";
import { checkInstanceType, MachineImage } from "../machine-image";
import { NodePoolProps } from "./props";

/** The props of a node pool, checked, with their defaults. @internal */
export interface ValidatedNodePoolProps extends InstanceBasics {
  /** Pool name. */
  readonly poolName: string;
  /** Fewest nodes. */
  readonly minSize: number;
  /** Most nodes. */
  readonly maxSize: number;
  /** Image of the nodes. */
  readonly image: MachineImage;
  /** Instance types (one, unless spot). */
  readonly instanceTypes: string[];
  /** Kubernetes labels of the nodes, the pool's own included. */
  readonly labels: Record<string, string>;
  /** Kubernetes taints of the nodes. */
  readonly taints: KubeadmTaint[];
  /** The subnets the pool spans. */
  readonly subnets: AwsSubnet[];
  /** Percentage of the group kept in service during an instance refresh. */
  readonly minHealthy: number;
  /** Seconds a new instance needs before it counts as in service. */
  readonly warmup: number;
}

/**
 * Checks the props of the node pool `scope` (after their shape) and fills in the defaults;
 * warns when `desiredSize` is set.
 *
 * @internal
 */
export function validateNodePoolProps(scope: Construct, props: NodePoolProps): ValidatedNodePoolProps {
  const poolName = check(
    scope,
    "name",
    props.name ?? k8sName(scope),
    (n) =>
      checkDns1123Label(n) ??
      (n.startsWith("control-plane")
        ? {
            rule: 'node pool names starting with "control-plane" would clash with the control-plane replicas\' names',
            fix: 'use e.g. "general"',
          }
        : undefined),
  );
  const minSize = check(scope, "minSize", props.minSize ?? 1, countBetween(0, 1000, "a node pool size"));
  const maxSize = check(
    scope,
    "maxSize",
    props.maxSize ?? Math.max(3, minSize),
    countBetween(1, 1000, "a node pool size"),
  );
  if (minSize > maxSize) {
    fail(scope, "minSize", minSize, {
      rule: `minSize must be <= maxSize (${maxSize})`,
      fix: `lower minSize to at most ${maxSize} or raise maxSize`,
    });
  }
  if (props.desiredSize !== undefined) {
    check(scope, "desiredSize", props.desiredSize, (d) =>
      Number.isInteger(d) && d >= minSize && d <= maxSize
        ? undefined
        : {
            rule: `desiredSize must lie between minSize (${minSize}) and maxSize (${maxSize})`,
            fix: `use a value from ${minSize} to ${maxSize}, or leave it unset`,
          },
    );
    Annotations.of(scope).addWarning(
      "hybrid-mesh: desiredSize is set: every deploy resets the group to it, undoing the cluster autoscaler. Leave it unset to start at minSize.",
    );
  }
  const image = props.machineImage ?? MachineImage.ubuntu();
  check(scope, "machineImage", image, (m) => m.check());
  const instanceTypes = props.instanceTypes ?? ["m5.large"];
  if (instanceTypes.length === 0)
    fail(scope, "instanceTypes", instanceTypes, {
      rule: "a node pool needs an instance type",
      fix: 'use e.g. ["m5.large"]',
    });
  checkEach(scope, "instanceTypes", instanceTypes, (t) => checkInstanceType(t, image.architecture));
  if (instanceTypes.length > 1 && !props.spot) {
    fail(scope, "instanceTypes", instanceTypes, {
      rule: "several instance types need a mixed-instances policy",
      fix: "set spot (e.g. { onDemandPercentageAboveBaseCapacity: 100 } for on-demand only), or give one type",
    });
  }
  if (props.spot) {
    check(
      scope,
      "spot.onDemandBaseCapacity",
      props.spot.onDemandBaseCapacity ?? 0,
      countBetween(0, maxSize, "the on-demand base capacity"),
    );
    check(
      scope,
      "spot.onDemandPercentageAboveBaseCapacity",
      props.spot.onDemandPercentageAboveBaseCapacity ?? 0,
      countBetween(0, 100, "an on-demand percentage"),
    );
    check(
      scope,
      "spot.allocationStrategy",
      props.spot.allocationStrategy ?? "price-capacity-optimized",
      oneOf(
        ["price-capacity-optimized", "capacity-optimized", "capacity-optimized-prioritized", "lowest-price"],
        "the spot allocation strategy",
      ),
    );
  }
  const labels = { ...(props.labels ?? {}), "hybrid-mesh.dev/node-pool": poolName };
  Object.entries(props.labels ?? {}).forEach(([k, v]) => {
    check(scope, `labels`, k, checkLabelKey);
    check(scope, `labels.${k}`, v, checkK8sLabelValue);
  });
  const taints: KubeadmTaint[] = (props.taints ?? []).map((t, i) => {
    check(scope, `taints[${i}].key`, t.key, checkLabelKey);
    check(scope, `taints[${i}].value`, t.value ?? "", checkK8sLabelValue);
    check(
      scope,
      `taints[${i}].effect`,
      t.effect,
      oneOf(["NoSchedule", "PreferNoSchedule", "NoExecute"], "a taint effect"),
    );
    return { key: t.key, value: t.value ?? "", effect: t.effect };
  });
  const zones = props.controlPlane.network.privateSubnets;
  const zoneIndexes = props.zoneIndexes ?? zones.map((_, i) => i);
  checkEach(scope, "zoneIndexes", zoneIndexes, countBetween(0, zones.length - 1, "a zone index"));
  if (zoneIndexes.length === 0)
    fail(scope, "zoneIndexes", zoneIndexes, {
      rule: "a node pool spans at least one zone",
      fix: "leave zoneIndexes unset for every zone",
    });
  const subnets = zoneIndexes.map((i) => zones[i]);
  const basics = checkInstanceBasics(scope, props);
  const refresh = props.instanceRefresh ?? {};
  const minHealthy = check(
    scope,
    "instanceRefresh.minHealthyPercentage",
    refresh.minHealthyPercentage ?? 90,
    countBetween(0, 100, "a healthy percentage"),
  );
  const warmup = check(
    scope,
    "instanceRefresh.instanceWarmupSeconds",
    refresh.instanceWarmupSeconds ?? 300,
    countBetween(0, 3600, "a warm-up in seconds"),
  );
  return {
    poolName,
    minSize,
    maxSize,
    image,
    instanceTypes,
    labels,
    taints,
    subnets,
    ...basics,
    minHealthy,
    warmup,
  };
}

/**
 * Checks a Kubernetes label or taint key: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters.
 *
 * @internal
 */
export function checkLabelKey(key: string): Problem | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const nameOk =
    name.length >= 1 && name.length <= 63 && /^[A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?$/.test(name);
  const prefixOk =
    prefix === undefined ||
    (prefix.length <= 253 && prefix.split(".").every((l) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(l)));
  if (nameOk && prefixOk) return undefined;
  return {
    rule: "a Kubernetes label or taint key is an optional DNS subdomain and '/', then 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
    fix: 'use e.g. "example.com/role" or "role"',
  };
}

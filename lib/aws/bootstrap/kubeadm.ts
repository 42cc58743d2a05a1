import { readFileSync } from "fs";
import * as path from "path";
import { stringify } from "yaml";

/**
 * kubeadm configuration API version used (supported by kubeadm 1.31 and later).
 *
 * @internal
 */
export const KUBEADM_API_VERSION = "kubeadm.k8s.io/v1beta4";

/** Where the bootstrap files go on the instance. */
const LIB_DIR = "/usr/local/lib/hybrid-mesh";
const ETC_DIR = "/etc/hybrid-mesh";

/**
 * Cluster-wide settings of the kubeadm bootstrap, all known at synth.
 */
export interface KubeadmClusterSettings {
  /** Kubernetes cluster name. */
  readonly clusterName: string;
  /** Kubernetes minor version, e.g. "1.31": picks the pkgs.k8s.io repository. */
  readonly kubernetesVersion: string;
  /** Pod range (kubeadm `podSubnet`). */
  readonly podCidr: string;
  /** Service range (kubeadm `serviceSubnet`). */
  readonly serviceCidr: string;
  /** SSM String parameter holding `{"endpoint": "<host>", "etcdVolumes": ["vol-…", …]}`. */
  readonly configParameter: string;
  /** SSM SecureString parameter holding the kubeadm bootstrap token. */
  readonly joinTokenParameter: string;
  /** SSM SecureString parameter holding the certificate key. */
  readonly certificateKeyParameter: string;
  /** SSM String parameter where replica 0 publishes `sha256:<CA public key hash>`. */
  readonly caHashParameter: string;
  /** Extra subject alternative names of the API server certificate (fixed load-balancer IPs). */
  readonly extraSans: readonly string[];
  /** CNI manifest applied once by replica 0, or "" for none. */
  readonly cniManifestUrl: string;
}

/**
 * Node registration of a node pool.
 */
export interface KubeadmNodeRegistration {
  /** Node pool name. */
  readonly nodePool: string;
  /** Kubernetes labels of the nodes. */
  readonly labels: Readonly<Record<string, string>>;
  /** Taints of the nodes. */
  readonly taints: readonly KubeadmTaint[];
}

/**
 * A Kubernetes node taint.
 */
export interface KubeadmTaint {
  /** Taint key. */
  readonly key: string;
  /** Taint value ("" for none). */
  readonly value: string;
  /** NoSchedule, PreferNoSchedule or NoExecute. */
  readonly effect: string;
}

const scripts = new Map<string, string>();

/** A bootstrap script shipped next to this file (read once). */
function script(name: string): string {
  let text = scripts.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(__dirname, name), "utf8");
    scripts.set(name, text);
  }
  return text;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

function envFile(values: Record<string, string | number>): string {
  return (
    Object.entries(values)
      .map(([k, v]) => `${k}=${shellQuote(String(v))}`)
      .join("\n") + "\n"
  );
}

function registrationArgs(labels: Readonly<Record<string, string>>): { name: string; value: string }[] {
  const list = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return list ? [{ name: "node-labels", value: list }] : [];
}

/**
 * The kubeadm documents replica 0 runs `kubeadm init` with (placeholders filled at boot).
 *
 * @internal
 */
export function kubeadmInitConfiguration(settings: KubeadmClusterSettings): object[] {
  return [
    {
      apiVersion: KUBEADM_API_VERSION,
      kind: "InitConfiguration",
      bootstrapTokens: [
        {
          token: "__JOIN_TOKEN__",
          ttl: "0s",
          usages: ["signing", "authentication"],
          groups: ["system:bootstrappers:kubeadm:default-node-token"],
        },
      ],
      certificateKey: "__CERTIFICATE_KEY__",
      localAPIEndpoint: { advertiseAddress: "__NODE_IP__", bindPort: 6443 },
      nodeRegistration: { kubeletExtraArgs: [{ name: "node-ip", value: "__NODE_IP__" }] },
    },
    {
      apiVersion: KUBEADM_API_VERSION,
      kind: "ClusterConfiguration",
      clusterName: settings.clusterName,
      kubernetesVersion: "__KUBERNETES_VERSION__",
      controlPlaneEndpoint: "__ENDPOINT__:6443",
      networking: { podSubnet: settings.podCidr, serviceSubnet: settings.serviceCidr },
      apiServer: { certSANs: ["__ENDPOINT__", ...settings.extraSans] },
      etcd: { local: { dataDir: "/var/lib/etcd" } },
    },
  ];
}

/**
 * The kubeadm JoinConfiguration of a control-plane replica (`controlPlane` set) or a worker
 * (`registration` set), placeholders filled at boot.
 *
 * @internal
 */
export function kubeadmJoinConfiguration(options: {
  controlPlane: boolean;
  registration?: KubeadmNodeRegistration;
}): object {
  const labels = options.registration?.labels ?? {};
  const taints = options.registration?.taints ?? [];
  return {
    apiVersion: KUBEADM_API_VERSION,
    kind: "JoinConfiguration",
    discovery: {
      bootstrapToken: {
        apiServerEndpoint: "__ENDPOINT__:6443",
        token: "__JOIN_TOKEN__",
        caCertHashes: ["__CA_CERT_HASH__"],
      },
    },
    nodeRegistration: {
      kubeletExtraArgs: [{ name: "node-ip", value: "__NODE_IP__" }, ...registrationArgs(labels)],
      ...(options.controlPlane
        ? {}
        : { taints: taints.map((t) => ({ key: t.key, value: t.value || undefined, effect: t.effect })) }),
    },
    ...(options.controlPlane
      ? {
          controlPlane: {
            certificateKey: "__CERTIFICATE_KEY__",
            localAPIEndpoint: { advertiseAddress: "__NODE_IP__", bindPort: 6443 },
          },
        }
      : {}),
  };
}

// Documents written so far, by their JSON: every replica of a cluster has the same kubeadm
// configuration, and the control-plane join configuration is the same everywhere. Bounded.
const written = new Map<string, string>();

/** YAML documents; strings double-quoted so that filled-in values (hex keys, versions) stay strings. */
function documents(docs: object[]): string {
  const key = JSON.stringify(docs);
  let text = written.get(key);
  if (text === undefined) {
    text = docs
      .map((d) => stringify(d, { lineWidth: 0, defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN" }))
      .join("---\n");
    if (written.size >= 1_000) written.clear();
    written.set(key, text);
  }
  return text;
}

/**
 * A YAML block literal of `text`, indented by `indent` spaces: `|` keeps one final newline, `|-`
 * none, `|+` several; an indentation indicator is added when the first line starts with a space.
 */
function blockLiteral(text: string, indent: number): string {
  const trailing = /\n*$/.exec(text)![0].length;
  const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
  const indicator = /^[ \n]/.test(text) ? String(indent) : "";
  const body = text.slice(0, text.length - trailing).split("\n");
  const pad = " ".repeat(indent);
  const lines = body.map((line) => (line === "" ? "" : pad + line));
  for (let i = 1; i < trailing; i++) lines.push("");
  return `|${indicator}${chomp}\n${lines.join("\n")}\n`;
}

/** A double-quoted YAML scalar. */
function quoted(value: string): string {
  return JSON.stringify(value);
}

/**
 * The cloud-config text: written directly (a fixed structure of write_files and runcmd) rather
 * than through a YAML library, which spends most of its time on the large block strings. CI
 * checks the result with `cloud-init schema`, and a test parses it back.
 */
function cloudConfig(
  header: string,
  files: { path: string; permissions: string; content: string }[],
  entry: string,
): string {
  const out = [`#cloud-config\n# ${header}\nwrite_files:\n`];
  for (const f of files) {
    out.push(
      `  - path: ${quoted(f.path)}\n    owner: "root:root"\n    permissions: ${quoted(f.permissions)}\n    content: `,
    );
    out.push(blockLiteral(f.content, 6));
  }
  out.push(`runcmd:\n  - [${quoted("bash")}, ${quoted(entry)}]\n`);
  return out.join("");
}

function commonEnv(settings: KubeadmClusterSettings): Record<string, string> {
  return {
    CLUSTER_NAME: settings.clusterName,
    KUBERNETES_VERSION: settings.kubernetesVersion,
    CONFIG_PARAMETER: settings.configParameter,
    JOIN_TOKEN_PARAMETER: settings.joinTokenParameter,
    CA_HASH_PARAMETER: settings.caHashParameter,
  };
}

/**
 * The cloud-config of control-plane replica `replicaIndex`: a literal text (no Terraform
 * expressions, no secrets) that cloud-init runs once. Secrets and deploy-time values are read at
 * boot from the SSM parameters it names.
 *
 * @internal
 */
export function controlPlaneCloudConfig(
  settings: KubeadmClusterSettings,
  replicaIndex: number,
  replicas: number,
): string {
  const env = envFile({
    ...commonEnv(settings),
    CERTIFICATE_KEY_PARAMETER: settings.certificateKeyParameter,
    REPLICA_INDEX: replicaIndex,
    CNI_MANIFEST_URL: settings.cniManifestUrl,
  });
  return cloudConfig(
    `hybrid-mesh: control-plane replica ${replicaIndex + 1} of ${replicas} of cluster ${settings.clusterName} (kubeadm)`,
    [
      { path: `${ETC_DIR}/bootstrap.env`, permissions: "0644", content: env },
      {
        path: `${ETC_DIR}/kubeadm-init.yaml.tmpl`,
        permissions: "0600",
        content: documents(kubeadmInitConfiguration(settings)),
      },
      {
        path: `${ETC_DIR}/kubeadm-join.yaml.tmpl`,
        permissions: "0600",
        content: documents([kubeadmJoinConfiguration({ controlPlane: true })]),
      },
      { path: `${LIB_DIR}/common.sh`, permissions: "0644", content: script("common.sh") },
      { path: `${LIB_DIR}/control-plane.sh`, permissions: "0755", content: script("control-plane.sh") },
    ],
    `${LIB_DIR}/control-plane.sh`,
  );
}

/**
 * The cloud-config of a worker node of a node pool.
 *
 * @internal
 */
export function workerCloudConfig(
  settings: KubeadmClusterSettings,
  registration: KubeadmNodeRegistration,
): string {
  const env = envFile({ ...commonEnv(settings), NODE_POOL: registration.nodePool });
  return cloudConfig(
    `hybrid-mesh: worker of node pool ${registration.nodePool} of cluster ${settings.clusterName} (kubeadm)`,
    [
      { path: `${ETC_DIR}/bootstrap.env`, permissions: "0644", content: env },
      {
        path: `${ETC_DIR}/kubeadm-join.yaml.tmpl`,
        permissions: "0600",
        content: documents([kubeadmJoinConfiguration({ controlPlane: false, registration })]),
      },
      { path: `${LIB_DIR}/common.sh`, permissions: "0644", content: script("common.sh") },
      { path: `${LIB_DIR}/worker.sh`, permissions: "0755", content: script("worker.sh") },
    ],
    `${LIB_DIR}/worker.sh`,
  );
}

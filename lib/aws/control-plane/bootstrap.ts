import { controlPlaneCloudConfig, KubeadmClusterSettings } from "../bootstrap/kubeadm";
import { ControlPlaneParameterNames } from "./parameters";

/** Default CNI: Calico's manifest for kubeadm clusters (IP-in-IP between nodes, pod range read from kubeadm). */
export const DEFAULT_CNI_MANIFEST_URL =
  "https://raw.githubusercontent.com/projectcalico/calico/v3.28.2/manifests/calico.yaml";

/** How instances are bootstrapped. */
export class ControlPlaneBootstrap {
  /**
   * The built-in kubeadm bootstrap (cloud-init): containerd and kubeadm from pkgs.k8s.io,
   * `kubeadm init` on replica 0, `kubeadm join --control-plane` on the others through the load
   * balancer, etcd data on each replica's EBS volume, secrets read from SSM at boot.
   *
   * @param cniManifestUrl CNI manifest applied once by replica 0 ("" for none). Default: Calico v3.28.2.
   */
  public static kubeadm(cniManifestUrl: string = DEFAULT_CNI_MANIFEST_URL): ControlPlaneBootstrap {
    return new ControlPlaneBootstrap("kubeadm", cniManifestUrl, undefined);
  }

  /**
   * Your own user data per replica (cloud-config or script). It is written as given: do not put
   * secrets in it; read them at boot from the SSM parameters this construct creates
   * (`parameters`), which the instance role may read.
   */
  public static custom(userData: (replicaIndex: number) => string): ControlPlaneBootstrap {
    return new ControlPlaneBootstrap("custom", "", userData);
  }

  private constructor(
    /** "kubeadm" or "custom". */
    public readonly kind: "kubeadm" | "custom",
    /** CNI manifest URL (kubeadm). */
    public readonly cniManifestUrl: string,
    /** User data per replica (custom). */
    public readonly userData: ((replicaIndex: number) => string) | undefined,
  ) {}
}

/**
 * The settings the kubeadm bootstrap of the replicas and of the node pools is written from.
 *
 * @internal
 */
export function kubeadmClusterSettings(o: {
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly parameterNames: ControlPlaneParameterNames;
  readonly endpointAddresses: readonly string[];
  readonly bootstrap: ControlPlaneBootstrap;
}): KubeadmClusterSettings {
  return {
    clusterName: o.clusterName,
    kubernetesVersion: o.kubernetesVersion,
    podCidr: o.podCidr,
    serviceCidr: o.serviceCidr,
    // Literal names (not the resources' name attributes, which are tokens): the user data must
    // stay a literal text.
    configParameter: o.parameterNames.config,
    joinTokenParameter: o.parameterNames.joinToken,
    certificateKeyParameter: o.parameterNames.certificateKey,
    caHashParameter: o.parameterNames.caCertHash,
    extraSans: o.endpointAddresses,
    cniManifestUrl: o.bootstrap.cniManifestUrl,
  };
}

/**
 * The user data of replica `replicaIndex` of `replicas`: the kubeadm cloud-config, or the
 * custom bootstrap's own text.
 *
 * @internal
 */
export function replicaUserData(
  bootstrap: ControlPlaneBootstrap,
  settings: KubeadmClusterSettings,
  replicaIndex: number,
  replicas: number,
): string {
  return bootstrap.kind === "kubeadm"
    ? controlPlaneCloudConfig(settings, replicaIndex, replicas)
    : bootstrap.userData!(replicaIndex);
}

import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { BoundSecret, resolveOnce, Secret, SecretCharset, secretAttribute } from "../../core";

/** The SSM parameters the bootstrap reads. */
export interface ControlPlaneParameters {
  /** Deploy-time settings (String): the endpoint and the etcd volume ids. */
  readonly config: SsmParameter;
  /** kubeadm bootstrap token (SecureString). */
  readonly joinToken: SsmParameter;
  /** Certificate key (SecureString). */
  readonly certificateKey: SsmParameter;
  /** CA certificate hash published by replica 0 (String; "pending" until then). */
  readonly caCertHash: SsmParameter;
}

/**
 * The literal names of a cluster's SSM parameters, under `/hybrid-mesh/<cluster>`.
 *
 * @internal
 */
export interface ControlPlaneParameterNames {
  /** Deploy-time settings. */
  readonly config: string;
  /** kubeadm bootstrap token. */
  readonly joinToken: string;
  /** Certificate key. */
  readonly certificateKey: string;
  /** CA certificate hash. */
  readonly caCertHash: string;
}

/**
 * The names of the SSM parameters of cluster `clusterName`.
 *
 * @internal
 */
export function controlPlaneParameterNames(clusterName: string): ControlPlaneParameterNames {
  const path = `/hybrid-mesh/${clusterName}`;
  return {
    config: `${path}/config`,
    joinToken: `${path}/join-token`,
    certificateKey: `${path}/certificate-key`,
    caCertHash: `${path}/ca-cert-hash`,
  };
}

/**
 * Binds the join token and the certificate key, and creates the parameters that hold them
 * (SecureString) and the CA hash parameter replica 0 writes at boot.
 *
 * @internal
 */
export function createSecretParameters(
  scope: Construct,
  o: {
    readonly clusterName: string;
    readonly joinToken: Secret;
    readonly certificateKey: Secret;
    readonly secretsVersion: number;
  },
): Omit<ControlPlaneParameters, "config"> {
  const names = controlPlaneParameterNames(o.clusterName);
  const token = o.joinToken.bind(scope, "JoinTokenValue", {
    description: "kubeadm bootstrap token",
    length: 23,
    charset: SecretCharset.LOWER_ALPHANUMERIC,
    groups: [6, 16],
    separator: ".",
    pattern: "^[a-z0-9]{6}\\.[a-z0-9]{16}$",
  });
  const certificateKey = o.certificateKey.bind(scope, "CertificateKeyValue", {
    description: "kubeadm certificate key",
    length: 64,
    charset: SecretCharset.HEX,
    pattern: "^[a-f0-9]{64}$",
  });
  const secureParameter = (pid: string, name: string, what: string, value: BoundSecret) =>
    new SsmParameter(scope, pid, {
      name,
      description: `hybrid-mesh: ${what} of cluster ${o.clusterName}`,
      type: "SecureString",
      // Write-only: the value goes to SSM, never into Terraform state (Terraform 1.11 or later).
      ...secretAttribute(
        scope,
        value.value,
        { plain: "value", writeOnly: "valueWo", counter: "valueWoVersion" },
        o.secretsVersion,
      ),
      lifecycle: value.precondition ? { precondition: [value.precondition] } : undefined,
    });
  return {
    joinToken: secureParameter("JoinTokenParameter", names.joinToken, "join-token", token),
    certificateKey: secureParameter(
      "CertificateKeyParameter",
      names.certificateKey,
      "certificate-key",
      certificateKey,
    ),
    caCertHash: new SsmParameter(scope, "CaCertHashParameter", {
      name: names.caCertHash,
      description: `hybrid-mesh: CA certificate hash of cluster ${o.clusterName}, written by replica 0 at boot`,
      type: "String",
      value: "pending",
      lifecycle: { ignoreChanges: ["value"] },
    }),
  };
}

/**
 * Creates the parameter of the deploy-time bootstrap settings: the API endpoint and the etcd
 * volume ids, known only once deployed.
 *
 * @internal
 */
export function createConfigParameter(
  scope: Construct,
  o: { readonly clusterName: string; readonly endpoint: string; readonly etcdVolumes: readonly EbsVolume[] },
): SsmParameter {
  return new SsmParameter(scope, "ConfigParameter", {
    name: controlPlaneParameterNames(o.clusterName).config,
    description: `hybrid-mesh: deploy-time bootstrap settings of cluster ${o.clusterName}`,
    type: "String",
    value: resolveOnce(
      Fn.jsonencode({
        endpoint: o.endpoint,
        etcdVolumes: o.etcdVolumes.map((v) => v.id),
      }),
    ),
  });
}

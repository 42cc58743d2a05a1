// The mesh's root of trust generated in Terraform (RootOfTrust.GENERATED): the root and one
// intermediate per cluster, delivered as each cluster's `cacerts` Secret.
import { CertRequest } from "@cdktf/provider-tls/lib/cert-request";
import { LocallySignedCert } from "@cdktf/provider-tls/lib/locally-signed-cert";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { SelfSignedCert } from "@cdktf/provider-tls/lib/self-signed-cert";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import {
  check,
  construct,
  constructId,
  countBetween,
  ensureProvider,
  fail,
  int,
  ISTIO_SYSTEM,
  req,
  RootOfTrust,
  Shape,
  validateShape,
} from "../../core";
import type { Mesh } from "../mesh";
import { CACERTS_KEYS } from "../names";
import { holdsCacerts } from "../resolved";

/**
 * Where the generated CA is in Terraform: the CA stack's folder and its output names.
 *
 * @internal
 */
export interface CaOutputs {
  /** Folder of the CA stack under the cdktf output, e.g. "stacks/hybrid-mesh-ca". */
  readonly stackDirectory: string;
  /** Output names per cluster, then per `cacerts` key. */
  readonly outputs: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The clusters the CA has an intermediate for. */
  readonly clusters: readonly string[];
}

/** Properties of a {@link MeshCa}. */
export interface MeshCaProps {
  /** The mesh; every cluster running its own istiod gets an intermediate. Add the clusters first. */
  readonly mesh: Mesh;
  /**
   * How long the root and the intermediates are valid, in years (Istio's tools/certs: 10).
   *
   * @default 10
   */
  readonly validityYears?: number;
}

const PROPS: Shape<MeshCaProps> = {
  mesh: req(construct<Mesh>("Mesh", "mesh")),
  validityYears: int("number of years", "10"),
};

/** The intermediate CA of one cluster. */
export interface ClusterIntermediate {
  /** Its private key (Terraform state only). */
  readonly key: PrivateKey;
  /** Its certificate request. */
  readonly request: CertRequest;
  /** Its certificate, signed by the root. */
  readonly certificate: LocallySignedCert;
}

/** What istiod's plug-in CA reads: certificate usages of a CA (Istio's tools/certs: keyCertSign, digitalSignature, nonRepudiation, keyEncipherment). */
const CA_USES = [
  "cert_signing",
  "crl_signing",
  "digital_signature",
  "content_commitment",
  "key_encipherment",
];

/**
 * The mesh's root of trust generated as code (RootOfTrust.GENERATED): Istio's plug-in CA as
 * Istio's tools/certs makes it, with Terraform's tls provider. A self-signed root (RSA 4096,
 * O=Istio, CN=Root CA) and, for every cluster running its own istiod, an intermediate it signs
 * (RSA 4096, O=Istio, CN=Intermediate CA, L=<cluster>, DNS istiod.istio-system.svc). Its PEMs are
 * the `cacerts` Secret of each cluster: MeshInstallStack delivers it before istiod starts, or the
 * YAML delivery's `cacerts.sh` reads it from this stack's sensitive outputs.
 *
 * The private keys exist only in Terraform state (never in synthesized files): keep the state of
 * this stack in an encrypted backend with restricted access. The tls provider cannot set a path
 * length on the intermediate (Istio's tools set pathlen:0); istiod signs only workload
 * certificates with it.
 */
export class MeshCa extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "MeshCa";
  /** The root's private key. */
  public readonly rootKey: PrivateKey;
  /** The root certificate, shared by every cluster. */
  public readonly rootCertificate: SelfSignedCert;
  /** Intermediates by cluster name. */
  public readonly intermediates: Record<string, ClusterIntermediate> = {};

  constructor(scope: Construct, id: string, props: MeshCaProps) {
    super(scope, constructId(scope, id, "MeshCa"));
    validateShape(this, props, PROPS);
    const years = check(
      this,
      "validityYears",
      props.validityYears ?? 10,
      countBetween(1, 30, "a validity in years"),
    );
    const hours = years * 365 * 24;
    if (props.mesh.rootOfTrust !== RootOfTrust.GENERATED) {
      check(this, "mesh.rootOfTrust", props.mesh.rootOfTrust, () => ({
        rule: "MeshCa generates the root of a mesh whose rootOfTrust is GENERATED",
        fix: "remove the MeshCa, or set the mesh's rootOfTrust to RootOfTrust.GENERATED",
      }));
    }
    ensureProvider(this, "tls", (stack) => new TlsProvider(stack, "tls"));
    this.rootKey = new PrivateKey(this, "RootKey", { algorithm: "RSA", rsaBits: 4096 });
    this.rootCertificate = new SelfSignedCert(this, "RootCertificate", {
      privateKeyPem: this.rootKey.privateKeyPem,
      subject: [{ organization: "Istio", commonName: "Root CA" }],
      isCaCertificate: true,
      validityPeriodHours: hours,
      allowedUses: CA_USES,
      setSubjectKeyId: true,
    });
    const stack = TerraformStack.of(this);
    const outputs: Record<string, Record<string, string>> = {};
    new TerraformOutput(this, "root_cert", {
      staticId: true,
      value: this.rootCertificate.certPem,
      description: "hybrid-mesh: the mesh's root certificate (root-cert.pem of every cluster)",
    });
    for (const cluster of props.mesh.resolved.clusters) {
      if (!holdsCacerts(cluster)) continue;
      const scope = new Construct(this, cluster.name);
      const key = new PrivateKey(scope, "Key", { algorithm: "RSA", rsaBits: 4096 });
      const request = new CertRequest(scope, "Request", {
        privateKeyPem: key.privateKeyPem,
        subject: [{ organization: "Istio", commonName: "Intermediate CA", locality: cluster.name }],
        dnsNames: [`istiod.${ISTIO_SYSTEM}.svc`],
      });
      const certificate = new LocallySignedCert(scope, "Certificate", {
        certRequestPem: request.certRequestPem,
        caPrivateKeyPem: this.rootKey.privateKeyPem,
        caCertPem: this.rootCertificate.certPem,
        isCaCertificate: true,
        validityPeriodHours: hours,
        allowedUses: CA_USES,
        setSubjectKeyId: true,
      });
      this.intermediates[cluster.name] = { key, request, certificate };
      const base = `ca_${cluster.name.replace(/-/g, "_")}`;
      const values = this.cacerts(cluster.name);
      outputs[cluster.name] = {};
      for (const k of CACERTS_KEYS) {
        if (k === "root-cert.pem") {
          outputs[cluster.name][k] = "root_cert";
          continue;
        }
        const name = `${base}_${k.replace(/\.pem$/, "").replace(/-/g, "_")}`;
        new TerraformOutput(this, name, {
          staticId: true,
          value: values[k],
          sensitive: true,
          description: `hybrid-mesh: ${k} of the cacerts Secret of ${cluster.name}`,
        });
        outputs[cluster.name][k] = name;
      }
    }
    props.mesh._useCa({ stackDirectory: `stacks/${stack.node.id}`, outputs, clusters: Object.keys(outputs) });
  }

  /** The data of a cluster's `cacerts` Secret (PEM text, as Terraform references). */
  public cacerts(clusterName: string): Record<string, string> {
    const i = this.intermediates[clusterName];
    if (!i) {
      return fail(this, "mesh", clusterName, {
        rule: `the mesh CA has no intermediate for cluster ${clusterName} (it was added to the mesh after the MeshCa was made, or runs no istiod of its own)`,
        fix: "create the MeshCa after adding every cluster to the mesh",
      });
    }
    return {
      "ca-cert.pem": i.certificate.certPem,
      "ca-key.pem": i.key.privateKeyPem,
      "root-cert.pem": this.rootCertificate.certPem,
      "cert-chain.pem": `${i.certificate.certPem}${this.rootCertificate.certPem}`,
    };
  }
}

// The YAML delivery: every file of a cluster's folder (namespaces, manifests, install files for
// istioctl and Helm, scripts, README), and the writing of every cluster's folder.
import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import { Yaml } from "cdk8s";
import { IConstruct } from "constructs";
import { stringify } from "yaml";
import { ControlPlaneMode, fail, K8sObject, RootOfTrust } from "../../core";
import { controlPlaneCharts, controlPlaneOperator, eastWestGatewayOperator, gatewayChart } from "../install";
import { GatewayForm } from "../options";
import { holdsCacerts, remoteSecretSources, ResolvedCluster, ResolvedMesh } from "../resolved";
import type { CaOutputs } from "./ca";
import { clusterReadme } from "./readme";
import { generatedCacertsScript, pluggedInCacertsScript, remoteSecretScript } from "./scripts";

/** A file of a cluster's delivery (path relative to the cluster's folder). */
export interface MeshFile {
  /** Path under `<outdir>/<cluster>/`. */
  readonly path: string;
  /** Content. */
  readonly content: string;
}

/**
 * A value as YAML with no line folded (install files, Helm values).
 *
 * @internal
 */
export function yaml(object: unknown): string {
  return stringify(object, { lineWidth: 0 });
}

/**
 * Every file of a cluster's delivery (see Mesh.files), from its namespaces and manifests.
 *
 * @param scope the mesh, named in errors
 * @param ca the mesh CA's outputs, when the mesh has one
 *
 * @internal
 */
export function clusterFiles(
  scope: IConstruct,
  mesh: ResolvedMesh,
  cluster: ResolvedCluster,
  objects: { readonly namespaces: K8sObject[]; readonly manifests: K8sObject[] },
  ca: CaOutputs | undefined,
): MeshFile[] {
  const managed = cluster.controlPlane === ControlPlaneMode.FLEET_MANAGED;
  const files: MeshFile[] = [
    { path: "namespaces.yaml", content: Yaml.stringify(...objects.namespaces) },
    { path: "manifests.yaml", content: Yaml.stringify(...objects.manifests) },
  ];
  const cacerts = cacertsScript(scope, mesh, cluster, ca);
  if (cacerts) files.push({ path: "cacerts.sh", content: cacerts });
  if (!managed)
    files.push({ path: "istioctl/control-plane.yaml", content: yaml(controlPlaneOperator(mesh, cluster)) });
  if (mesh.gatewayForm === GatewayForm.ISTIO_OPERATOR)
    files.push({
      path: "istioctl/eastwest-gateway.yaml",
      content: yaml(eastWestGatewayOperator(mesh, cluster)),
    });
  const charts = [...controlPlaneCharts(mesh, cluster), gatewayChart(mesh, cluster)];
  for (const c of charts) files.push({ path: `helm/${c.file}`, content: yaml(c.values) });
  for (const source of remoteSecretSources(mesh, cluster)) {
    files.push({ path: `remote-secrets/${source.name}.sh`, content: remoteSecretScript(source, cluster) });
  }
  files.push({
    path: "README.md",
    content: clusterReadme(
      mesh,
      cluster,
      files.map((f) => f.path),
      charts,
    ),
  });
  return files;
}

/** The `cacerts` script of a cluster running its own istiod, from the mesh's root of trust. */
function cacertsScript(
  scope: IConstruct,
  mesh: ResolvedMesh,
  cluster: ResolvedCluster,
  ca: CaOutputs | undefined,
): string | undefined {
  if (!holdsCacerts(cluster)) return undefined;
  if (mesh.rootOfTrust === RootOfTrust.PLUGGED_IN) return pluggedInCacertsScript(cluster);
  if (mesh.rootOfTrust !== RootOfTrust.GENERATED) return undefined;
  if (!ca) {
    return fail(scope, "rootOfTrust", mesh.rootOfTrust, {
      rule: "a generated root of trust needs the mesh CA (MeshCa), whose Terraform outputs the cacerts scripts read",
      fix: 'add it to a stack: new MeshCa(stack, "MeshCa", { mesh }) (HybridTopology does it for you)',
    });
  }
  return generatedCacertsScript(cluster, ca);
}

/**
 * Writes every cluster's files under `<outdir>/<cluster>/`, and `<outdir>/hybrid-mesh.json` (see
 * Mesh.writeYaml), and returns their paths.
 *
 * @param filesOf the files of a cluster, by cluster name
 *
 * @internal
 */
export function writeMeshYaml(
  outdir: string,
  mesh: ResolvedMesh,
  filesOf: (clusterName: string) => MeshFile[],
): string[] {
  mkdirSync(outdir, { recursive: true });
  const summary = path.join(outdir, "hybrid-mesh.json");
  writeFileSync(
    summary,
    `${JSON.stringify(
      {
        meshId: mesh.meshId,
        istioVersion: mesh.release.version,
        revision: mesh.revision || undefined,
        model: mesh.model,
        rootOfTrust: mesh.rootOfTrust,
        clusters: mesh.clusters.map((c) => ({
          name: c.name,
          network: c.network,
          platform: c.platform,
          role: c.role,
        })),
      },
      null,
      2,
    )}\n`,
  );
  const written: string[] = [summary];
  for (const cluster of mesh.clusters) {
    for (const file of filesOf(cluster.name)) {
      const target = path.join(outdir, cluster.name, file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content, { mode: file.path.endsWith(".sh") ? 0o755 : 0o644 });
      written.push(target);
    }
  }
  return written;
}

import {
  CloudBackend,
  GcsBackend,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  TerraformStack,
} from "cdktf";
import { HybridMeshError } from "../core";

/** Options of an S3 backend. */
export interface S3BackendOptions {
  /** Bucket holding the state files (versioning on, encrypted). */
  readonly bucket: string;
  /** Region of the bucket. */
  readonly region: string;
  /**
   * Key prefix: each stack's state is `<keyPrefix>/<stack>.tfstate`.
   *
   * @default "hybrid-mesh"
   */
  readonly keyPrefix?: string;
  /**
   * DynamoDB table for state locking. Without it, Terraform's native S3 locking (`use_lockfile`,
   * Terraform 1.10 or later) is used.
   *
   * @default - S3 native locking
   */
  readonly dynamodbTable?: string;
  /**
   * KMS key encrypting the state objects.
   *
   * @default - the bucket's default encryption
   */
  readonly kmsKeyId?: string;
}

/** Options of a GCS backend. */
export interface GcsBackendOptions {
  /** Bucket holding the state files (GCS locks state natively). */
  readonly bucket: string;
  /**
   * Prefix: each stack's state is under `<prefix>/<stack>`.
   *
   * @default "hybrid-mesh"
   */
  readonly prefix?: string;
  /**
   * Cloud KMS key (`projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`) encrypting the state
   * objects with a key you control (customer-managed encryption): state holds secrets (the checks
   * report lists them).
   *
   * @default - Google-managed encryption at rest
   */
  readonly kmsEncryptionKey?: string;
}

/** Options of an HCP Terraform backend. */
export interface HcpTerraformOptions {
  /** Organization. */
  readonly organization: string;
  /**
   * Workspace name prefix: each stack gets the workspace `<prefix><stack>`.
   *
   * @default ""
   */
  readonly workspacePrefix?: string;
  /**
   * Hostname (Terraform Enterprise).
   *
   * @default "app.terraform.io"
   */
  readonly hostname?: string;
}

/**
 * Where the stacks of a topology keep their Terraform state: one state per stack, with
 * locking, so that several people and pipelines can deploy. Cross-stack references read the
 * producing stack's state through the same backend.
 */
export abstract class Backend {
  /**
   * Local state files `terraform.<stack>.tfstate` next to the output directory (cdktf's own
   * default, but with a relative path, so that the synthesized files do not depend on the
   * machine): for one person on one machine.
   */
  public static local(): Backend {
    return new Local();
  }

  /** S3, with DynamoDB or native locking, encrypted. */
  public static s3(options: S3BackendOptions): Backend {
    return new S3(options);
  }

  /** Google Cloud Storage (native locking). */
  public static gcs(options: GcsBackendOptions): Backend {
    return new Gcs(options);
  }

  /** HCP Terraform (or Terraform Enterprise): one workspace per stack. */
  public static hcpTerraform(options: HcpTerraformOptions): Backend {
    return new Hcp(options);
  }

  /** Configures the backend of a stack. */
  public abstract apply(stack: TerraformStack, stackName: string): void;
}

class Local extends Backend {
  public apply(stack: TerraformStack, stackName: string): void {
    // Working directory of a stack: <outdir>/stacks/<stack>; the state lives beside <outdir>.
    new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
  }
}

class S3 extends Backend {
  constructor(private readonly o: S3BackendOptions) {
    super();
  }

  public apply(stack: TerraformStack, stackName: string): void {
    new S3Backend(stack, {
      bucket: this.o.bucket,
      region: this.o.region,
      key: `${this.o.keyPrefix ?? "hybrid-mesh"}/${stackName}.tfstate`,
      encrypt: true,
      kmsKeyId: this.o.kmsKeyId,
      dynamodbTable: this.o.dynamodbTable,
    });
    if (!this.o.dynamodbTable) stack.addOverride("terraform.backend.s3.use_lockfile", true);
  }
}

class Gcs extends Backend {
  constructor(private readonly o: GcsBackendOptions) {
    super();
    const key = o.kmsEncryptionKey;
    if (
      key !== undefined &&
      !/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/.test(String(key))
    ) {
      throw new HybridMeshError({
        property: "Backend.gcs({ kmsEncryptionKey })",
        value: key,
        rule: "a Cloud KMS key is named projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>",
        fix: "give the key's full resource name",
      });
    }
  }

  public apply(stack: TerraformStack, stackName: string): void {
    new GcsBackend(stack, {
      bucket: this.o.bucket,
      prefix: `${this.o.prefix ?? "hybrid-mesh"}/${stackName}`,
      kmsEncryptionKey: this.o.kmsEncryptionKey,
    });
  }
}

class Hcp extends Backend {
  constructor(private readonly o: HcpTerraformOptions) {
    super();
  }

  public apply(stack: TerraformStack, stackName: string): void {
    new CloudBackend(stack, {
      organization: this.o.organization,
      hostname: this.o.hostname,
      workspaces: new NamedCloudWorkspace(`${this.o.workspacePrefix ?? ""}${stackName}`),
    });
  }
}

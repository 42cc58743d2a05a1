import { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { Construct } from "constructs";
import { Problem } from "../core";

/** Processor architecture of an image. */
export enum Architecture {
  /** x86-64. */
  AMD64 = "amd64",
  /** 64-bit Arm (AWS Graviton). */
  ARM64 = "arm64",
}

/** An image bound to a scope. */
export interface BoundMachineImage {
  /** AMI id (a token when looked up at plan time). */
  readonly imageId: string;
  /** Device name of the root volume. */
  readonly rootDeviceName: string;
}

/** Options of {@link MachineImage.ubuntu}. */
export interface UbuntuImageOptions {
  /**
   * Ubuntu LTS release: "24.04" or "22.04".
   *
   * @default "24.04"
   */
  readonly release?: string;
  /**
   * Processor architecture; must match the instance types.
   *
   * @default Architecture.AMD64
   */
  readonly architecture?: Architecture;
}

/** The Amazon Machine Image of control-plane and node instances. */
export abstract class MachineImage {
  /**
   * Canonical's current Ubuntu Server LTS image, read at plan time from the public SSM
   * parameter Canonical maintains (`/aws/service/canonical/ubuntu/server/<release>/stable/current/<arch>/hvm/<ebs-gp3|ebs-gp2>/ami-id`).
   *
   * The image moves when Canonical publishes a new one: the launch templates then get a new
   * version, which new instances use (running ones are not replaced). Pin an image with
   * {@link MachineImage.fromAmiId} for strictly repeatable builds.
   */
  public static ubuntu(options: UbuntuImageOptions = {}): MachineImage {
    return new UbuntuImage(options.release ?? "24.04", options.architecture ?? Architecture.AMD64);
  }

  /**
   * A given AMI (Ubuntu or Debian based: the default bootstrap uses apt). Its root device name is
   * read with an `aws_ami` data source.
   *
   * @param architecture the image's architecture, if known, to check it against the instance types
   */
  public static fromAmiId(amiId: string, architecture?: Architecture): MachineImage {
    return new GivenImage(amiId, architecture);
  }

  /** Architecture of the image, when known. */
  public abstract readonly architecture: Architecture | undefined;

  /** Creates the lookups the image needs in `scope` and returns its id and root device. */
  public abstract bind(scope: Construct, id: string): BoundMachineImage;

  /** Checks the image's own settings. */
  public abstract check(): Problem | undefined;
}

class UbuntuImage extends MachineImage {
  constructor(
    private readonly release: string,
    public readonly architecture: Architecture,
  ) {
    super();
  }

  public check(): Problem | undefined {
    if (["22.04", "24.04"].includes(this.release)) return undefined;
    return {
      rule: 'the Ubuntu release is an LTS release this bootstrap supports: "24.04" or "22.04"',
      fix: 'use "24.04"',
    };
  }

  public bind(scope: Construct, id: string): BoundMachineImage {
    const volume = this.release === "22.04" ? "ebs-gp2" : "ebs-gp3";
    const parameter = new DataAwsSsmParameter(scope, id, {
      name: `/aws/service/canonical/ubuntu/server/${this.release}/stable/current/${this.architecture}/hvm/${volume}/ami-id`,
    });
    return { imageId: parameter.insecureValue, rootDeviceName: "/dev/sda1" };
  }
}

class GivenImage extends MachineImage {
  constructor(
    private readonly amiId: string,
    public readonly architecture: Architecture | undefined,
  ) {
    super();
  }

  public check(): Problem | undefined {
    if (/^ami-[0-9a-f]{8}([0-9a-f]{9})?$/.test(this.amiId) || this.amiId.includes("${")) return undefined;
    return {
      rule: "an AMI id is ami- followed by 8 or 17 hexadecimal digits",
      fix: 'use e.g. "ami-0123456789abcdef0"',
    };
  }

  public bind(scope: Construct, id: string): BoundMachineImage {
    const ami = new DataAwsAmi(scope, id, {
      owners: ["self", "amazon", "aws-marketplace", "099720109477"],
      filter: [{ name: "image-id", values: [this.amiId] }],
    });
    return { imageId: this.amiId, rootDeviceName: ami.rootDeviceName };
  }
}

/**
 * Whether an instance type runs on Arm (Graviton): a "g" after the generation digit of the
 * family, as in m7g, c7gn, t4g, r8gd, g5g (but not g4dn or m7i).
 *
 * @internal
 */
export function isArmInstanceType(instanceType: string): boolean {
  const family = instanceType.split(".")[0];
  return /^[a-z]+\d+[a-z-]*g[a-z-]*$/.test(family);
}

/**
 * Checks an instance type's syntax ("m5.large") and its architecture against the image.
 *
 * @internal
 */
export function checkInstanceType(
  instanceType: string,
  architecture: Architecture | undefined,
): Problem | undefined {
  if (!/^[a-z][a-z0-9-]*\d[a-z0-9-]*\.[a-z0-9]+$/.test(instanceType)) {
    return { rule: "an EC2 instance type is a family and a size, e.g. m5.large", fix: 'use e.g. "m5.large"' };
  }
  if (architecture === undefined) return undefined;
  const arm = isArmInstanceType(instanceType);
  if (arm && architecture === Architecture.AMD64) {
    return {
      rule: `${instanceType} is an Arm (Graviton) instance type but the image is amd64`,
      fix: "use MachineImage.ubuntu({ architecture: Architecture.ARM64 }) or an x86 instance type such as m5.large",
    };
  }
  if (!arm && architecture === Architecture.ARM64) {
    return {
      rule: `${instanceType} is an x86 instance type but the image is arm64`,
      fix: "use an Arm instance type such as m7g.large, or an amd64 image",
    };
  }
  return undefined;
}

// One AWS site for the benchmark, built two ways: with hybrid-mesh (AwsNetwork + ControlPlane +
// NodePool) and with the same provider resources created directly, as a careful hand-written
// cdktf program would: same construct ids, same attribute values (tags, names, descriptions,
// policies), and user data of the same size given as a literal. bench/sites.mjs checks that both
// produce the same resources and compares the size of what they write.
"use strict";
const path = require("path");
const { Construct } = require("constructs");
const { Fn, Token } = require("cdktf");
const L = (name) => require(`@cdktf/provider-aws/lib/${name}`);
const { AwsProvider } = L("provider");
const { RandomProvider } = require("@cdktf/provider-random/lib/provider");
const { Password } = require("@cdktf/provider-random/lib/password");
const { Bytes } = require("@cdktf/provider-random/lib/bytes");

const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

exports.providers = (stack) => {
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new RandomProvider(stack, "random");
};

exports.ours = (stack, i, root) => {
  const { AwsNetwork, ControlPlane, NodePool } = require(path.join(root, "dist", "aws"));
  const site = new Construct(stack, `site${i}`);
  const network = new AwsNetwork(site, "Network", { cidr: `10.${i}.0.0/16`, availabilityZones: AZS });
  const controlPlane = new ControlPlane(site, "ControlPlane", { network, clusterName: `cluster-${i}` });
  new NodePool(site, "Workers", { controlPlane, name: "general" });
};

// A literal of the size of the generated cloud-configs (control plane ~11.4 KB, worker ~6.4 KB).
const CP_USER_DATA = Buffer.from("#cloud-config\n" + "#".repeat(11400)).toString("base64");
const NODE_USER_DATA = Buffer.from("#cloud-config\n" + "#".repeat(6400)).toString("base64");

/** The same resources, written directly. */
exports.raw = (stack, i) => {
  const site = new Construct(stack, `site${i}`);
  const name = `cluster-${i}`;
  const path0 = `bench/site${i}`;
  const base = { "managed-by": "hybrid-mesh" };
  const cluster = { ...base, [`kubernetes.io/cluster/${name}`]: "owned" };
  const statement = (Sid, Action, Resource, Condition) => ({
    Sid,
    Effect: "Allow",
    Action,
    Resource,
    ...(Condition ? { Condition } : {}),
  });

  // Network
  const net = new Construct(site, "Network");
  const vpc = new (L("vpc").Vpc)(net, "Resource", {
    cidrBlock: `10.${i}.0.0/16`,
    enableDnsHostnames: true,
    enableDnsSupport: true,
    tags: { Name: `${path0}/Network`, ...base },
  });
  new (L("default-security-group").DefaultSecurityGroup)(net, "DefaultSecurityGroup", {
    vpcId: vpc.id,
    ingress: [],
    egress: [],
    tags: { Name: `${path0}/Network/default (closed)`, ...base },
  });
  const igw = new (L("internet-gateway").InternetGateway)(net, "InternetGateway", {
    vpcId: vpc.id,
    tags: { Name: `${path0}/Network`, ...base },
  });
  const publicTable = new (L("route-table").RouteTable)(net, "PublicRouteTable", {
    vpcId: vpc.id,
    tags: { Name: `${path0}/Network/public`, ...base },
  });
  new (L("route").Route)(net, "PublicDefaultRoute", {
    routeTableId: publicTable.id,
    destinationCidrBlock: "0.0.0.0/0",
    gatewayId: igw.id,
  });
  const nats = [];
  AZS.forEach((az, z) => {
    const ns = new Construct(net, `PublicSubnet${z + 1}`);
    const tagName = `${path0}/Network/PublicSubnet${z + 1}`;
    const pub = new (L("subnet").Subnet)(ns, "Resource", {
      vpcId: vpc.id,
      cidrBlock: `10.${i}.${z * 32}.0/19`,
      availabilityZone: az,
      mapPublicIpOnLaunch: false,
      tags: { Name: tagName, "kubernetes.io/role/elb": "1", tier: "public", ...base },
    });
    new (L("route-table-association").RouteTableAssociation)(ns, "RouteTableAssociation", {
      subnetId: pub.id,
      routeTableId: publicTable.id,
    });
    const eip = new (L("eip").Eip)(ns, "NatEip", { domain: "vpc", tags: { Name: tagName, ...base } });
    nats.push(
      new (L("nat-gateway").NatGateway)(ns, "NatGateway", {
        allocationId: eip.allocationId,
        subnetId: pub.id,
        tags: { Name: tagName, ...base },
        dependsOn: [igw],
      }),
    );
  });
  const privateSubnets = AZS.map((az, z) => {
    const ns = new Construct(net, `PrivateSubnet${z + 1}`);
    const tagName = `${path0}/Network/PrivateSubnet${z + 1}`;
    const priv = new (L("subnet").Subnet)(ns, "Resource", {
      vpcId: vpc.id,
      cidrBlock: `10.${i}.${(z + 3) * 32}.0/19`,
      availabilityZone: az,
      mapPublicIpOnLaunch: false,
      tags: { Name: tagName, "kubernetes.io/role/internal-elb": "1", tier: "private", ...base },
    });
    const table = new (L("route-table").RouteTable)(ns, "RouteTable", {
      vpcId: vpc.id,
      tags: { Name: tagName, ...base },
    });
    new (L("route-table-association").RouteTableAssociation)(ns, "RouteTableAssociation", {
      subnetId: priv.id,
      routeTableId: table.id,
    });
    new (L("route").Route)(ns, "DefaultRoute", {
      routeTableId: table.id,
      destinationCidrBlock: "0.0.0.0/0",
      natGatewayId: nats[z].id,
    });
    return { id: priv.id, az };
  });
  const flow = new Construct(net, "FlowLogs");
  const group = new (L("cloudwatch-log-group").CloudwatchLogGroup)(flow, "LogGroup", {
    namePrefix: `/hybrid-mesh/vpc-flow-logs/Network-FlowLogs-`,
    retentionInDays: 365,
    tags: base,
  });
  const account = new (L("data-aws-caller-identity").DataAwsCallerIdentity)(flow, "Account");
  const flowRole = new (L("iam-role").IamRole)(flow, "Role", {
    namePrefix: "Network-FlowLogs-",
    description: "Lets VPC Flow Logs write to one log group (hybrid-mesh)",
    assumeRolePolicy: Fn.jsonencode({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
        },
      ],
    }),
    tags: base,
  });
  new (L("iam-role-policy").IamRolePolicy)(flow, "Policy", {
    name: "write-flow-logs",
    role: flowRole.id,
    policy: Fn.jsonencode({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [group.arn, `${group.arn}:*`],
        },
      ],
    }),
  });
  new (L("flow-log").FlowLog)(flow, "Resource", {
    vpcId: vpc.id,
    trafficType: "ALL",
    maxAggregationInterval: 600,
    logDestinationType: "cloud-watch-logs",
    logDestination: group.arn,
    iamRoleArn: flowRole.arn,
    tags: base,
  });

  // Control plane
  const cp = new Construct(site, "ControlPlane");
  const SG = L("security-group").SecurityGroup;
  const In = L("vpc-security-group-ingress-rule").VpcSecurityGroupIngressRule;
  const Out = L("vpc-security-group-egress-rule").VpcSecurityGroupEgressRule;
  const group3 = (id, sgName, what) => {
    const scope = new Construct(cp, id);
    return {
      scope,
      sg: new SG(scope, "Resource", {
        name: sgName,
        description: `hybrid-mesh: ${what} of ${name}`,
        vpcId: vpc.id,
        revokeRulesOnDelete: true,
        tags: { Name: `${path0}/ControlPlane/${id}`, ...cluster },
      }),
    };
  };
  const lb = group3("LoadBalancerSecurityGroup", `${name}-api-load-balancer`, "Kubernetes API load balancer");
  const cps = group3("SecurityGroup", `${name}-control-plane`, "control-plane replicas");
  const nodes = group3("NodeSecurityGroup", `${name}-nodes`, "worker nodes");
  const rule = (g, id, peer, ipProtocol, fromPort, toPort, description, label) =>
    new In(g.scope, id, {
      securityGroupId: g.sg.id,
      description,
      ipProtocol,
      fromPort,
      toPort,
      ...peer,
      tags: { Name: label, ...cluster },
    });
  rule(
    lb,
    "From-vpc-tcp-6443",
    { cidrIpv4: `10.${i}.0.0/16` },
    "tcp",
    6443,
    6443,
    `Kubernetes API from vpc (10.${i}.0.0/16)`,
    "vpc tcp-6443",
  );
  rule(
    cps,
    "From-load-balancer-tcp-6443",
    { referencedSecurityGroupId: lb.sg.id },
    "tcp",
    6443,
    6443,
    "Kubernetes API from the load balancer (and its health checks)",
    "load-balancer tcp-6443",
  );
  rule(
    cps,
    "From-control-plane-tcp-6443",
    { referencedSecurityGroupId: cps.sg.id },
    "tcp",
    6443,
    6443,
    "Kubernetes API between replicas",
    "control-plane tcp-6443",
  );
  rule(
    cps,
    "From-control-plane-tcp-2379-2380",
    { referencedSecurityGroupId: cps.sg.id },
    "tcp",
    2379,
    2380,
    "etcd client and peer traffic, between replicas only",
    "control-plane tcp-2379-2380",
  );
  rule(
    cps,
    "From-control-plane-tcp-10250",
    { referencedSecurityGroupId: cps.sg.id },
    "tcp",
    10250,
    10250,
    "kubelet API, from the API servers",
    "control-plane tcp-10250",
  );
  rule(
    cps,
    "From-control-plane-proto-4",
    { referencedSecurityGroupId: cps.sg.id },
    "4",
    undefined,
    undefined,
    "Calico pod traffic (IP-in-IP) between replicas",
    "control-plane proto-4",
  );
  rule(
    cps,
    "From-control-plane-tcp-179",
    { referencedSecurityGroupId: cps.sg.id },
    "tcp",
    179,
    179,
    "Calico BGP between replicas",
    "control-plane tcp-179",
  );
  rule(
    nodes,
    "From-nodes-all",
    { referencedSecurityGroupId: nodes.sg.id },
    "-1",
    undefined,
    undefined,
    "Node-to-node traffic (pods, services, DNS)",
    "nodes all",
  );
  rule(
    nodes,
    "From-control-plane-tcp-10250",
    { referencedSecurityGroupId: cps.sg.id },
    "tcp",
    10250,
    10250,
    "kubelet API, from the API servers",
    "control-plane tcp-10250",
  );
  rule(
    nodes,
    "From-control-plane-proto-4",
    { referencedSecurityGroupId: cps.sg.id },
    "4",
    undefined,
    undefined,
    "Calico pod traffic (IP-in-IP) from the control plane (webhooks, metrics)",
    "control-plane proto-4",
  );
  rule(
    nodes,
    "From-control-plane-tcp-179",
    { referencedSecurityGroupId: cps.sg.id },
    "tcp",
    179,
    179,
    "Calico BGP from the control plane",
    "control-plane tcp-179",
  );
  rule(
    cps,
    "From-nodes-tcp-10250",
    { referencedSecurityGroupId: nodes.sg.id },
    "tcp",
    10250,
    10250,
    "kubelet API, from nodes (metrics)",
    "nodes tcp-10250",
  );
  rule(
    cps,
    "From-nodes-proto-4",
    { referencedSecurityGroupId: nodes.sg.id },
    "4",
    undefined,
    undefined,
    "Calico pod traffic (IP-in-IP) from nodes",
    "nodes proto-4",
  );
  rule(
    cps,
    "From-nodes-tcp-179",
    { referencedSecurityGroupId: nodes.sg.id },
    "tcp",
    179,
    179,
    "Calico BGP from nodes",
    "nodes tcp-179",
  );
  [lb, cps, nodes].forEach(
    (g) =>
      new Out(g.scope, "EgressAll", {
        securityGroupId: g.sg.id,
        description: "All outbound traffic (NAT for packages and images; VPN peers)",
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
        tags: cluster,
      }),
  );

  const nlb = new (L("lb").Lb)(cp, "LoadBalancer", {
    name: `${name}-api`,
    internal: true,
    loadBalancerType: "network",
    securityGroups: [lb.sg.id],
    enableCrossZoneLoadBalancing: true,
    enableDeletionProtection: true,
    subnets: privateSubnets.map((p) => p.id),
    tags: { Name: `${path0}/ControlPlane`, ...cluster },
  });
  const tg = new (L("lb-target-group").LbTargetGroup)(cp, "TargetGroup", {
    name: `${name}-api`,
    port: 6443,
    protocol: "TCP",
    targetType: "instance",
    vpcId: vpc.id,
    preserveClientIp: "false",
    deregistrationDelay: "30",
    healthCheck: {
      protocol: "HTTPS",
      port: "6443",
      path: "/readyz",
      healthyThreshold: 3,
      unhealthyThreshold: 3,
      interval: 10,
    },
    tags: cluster,
  });
  new (L("lb-listener").LbListener)(cp, "Listener", {
    loadBalancerArn: nlb.arn,
    port: 6443,
    protocol: "TCP",
    defaultAction: [{ type: "forward", targetGroupArn: tg.arn }],
    tags: cluster,
  });

  const tokenScope = new Construct(cp, "JoinTokenValue");
  const t1 = new Password(tokenScope, "Password1", {
    length: 6,
    special: false,
    upper: false,
    lower: true,
    numeric: true,
  });
  const t2 = new Password(tokenScope, "Password2", {
    length: 16,
    special: false,
    upper: false,
    lower: true,
    numeric: true,
  });
  const key = new Bytes(new Construct(cp, "CertificateKeyValue"), "Bytes", { length: 32 });
  const Param = L("ssm-parameter").SsmParameter;
  const param = (id, p, type, value, extra = {}) =>
    new Param(cp, id, {
      name: `/hybrid-mesh/${name}/${p}`,
      description: `hybrid-mesh: ${p} of cluster ${name}`,
      type,
      // Secrets through the write-only attribute (Terraform 1.11), as the library does.
      ...(type === "SecureString" ? { valueWo: value, valueWoVersion: 1 } : { value }),
      tags: cluster,
      ...extra,
    });
  const token = param("JoinTokenParameter", "join-token", "SecureString", `${t1.result}.${t2.result}`);
  const certKey = param("CertificateKeyParameter", "certificate-key", "SecureString", key.hex);
  const caHash = param("CaCertHashParameter", "ca-cert-hash", "String", "pending", {
    lifecycle: { ignoreChanges: ["value"] },
  });
  const image = (scope) =>
    new (L("data-aws-ssm-parameter").DataAwsSsmParameter)(scope, "MachineImage", {
      name: "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id",
    }).insecureValue;
  const cpImage = image(cp);
  const volumes = AZS.map(
    (az, z) =>
      new (L("ebs-volume").EbsVolume)(cp, `Replica${z + 1}EtcdVolume`, {
        availabilityZone: az,
        size: 20,
        type: "gp3",
        encrypted: true,
        tags: { Name: `${path0}/ControlPlane/replica-${z + 1}/etcd`, ...cluster },
      }),
  );
  const config = param(
    "ConfigParameter",
    "config",
    "String",
    Fn.jsonencode({ endpoint: nlb.dnsName, etcdVolumes: volumes.map((v) => v.id) }),
  );

  const role = (scope, roleName, description, statements) => {
    const rs = new Construct(scope, "Role");
    const r = new (L("iam-role").IamRole)(rs, "Resource", {
      name: roleName,
      description,
      assumeRolePolicy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
      tags: cluster,
    });
    new (L("iam-role-policy").IamRolePolicy)(rs, "Policy", {
      name: "hybrid-mesh",
      role: r.id,
      policy: Fn.jsonencode({ Version: "2012-10-17", Statement: statements }),
    });
    new (L("iam-role-policy").IamRolePolicy)(rs, "SessionManager", {
      name: "session-manager",
      role: r.id,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "SessionManagerChannels",
            Effect: "Allow",
            Action: [
              "ssm:UpdateInstanceInformation",
              "ssmmessages:CreateControlChannel",
              "ssmmessages:CreateDataChannel",
              "ssmmessages:OpenControlChannel",
              "ssmmessages:OpenDataChannel",
            ],
            Resource: ["*"],
          },
        ],
      }),
    });
    return new (L("iam-instance-profile").IamInstanceProfile)(rs, "InstanceProfile", {
      name: roleName,
      role: r.name,
      tags: cluster,
    });
  };
  const cpProfile = role(cp, `${name}-control-plane`, `hybrid-mesh: control-plane replicas of ${name}`, [
    statement(
      "ReadBootstrapParameters",
      ["ssm:GetParameter"],
      [config.arn, token.arn, certKey.arn, caHash.arn],
    ),
    statement("PublishCaCertHash", ["ssm:PutParameter"], [caHash.arn]),
    statement(
      "AttachOwnEtcdVolumes",
      ["ec2:AttachVolume"],
      volumes.map((v) => v.arn),
    ),
    statement("AttachToClusterInstances", ["ec2:AttachVolume"], ["arn:aws:ec2:*:*:instance/*"], {
      StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${name}`]: "owned" },
    }),
    statement("FindEtcdVolumeState", ["ec2:DescribeVolumes"], ["*"]),
  ]);
  const launchTemplate = (
    scope,
    id,
    ltName,
    description,
    profile,
    sg,
    imageId,
    userData,
    tagName,
    instanceType = "m5.large",
  ) =>
    new (L("launch-template").LaunchTemplate)(scope, id, {
      name: ltName,
      description,
      imageId,
      instanceType,
      updateDefaultVersion: true,
      iamInstanceProfile: { arn: profile.arn },
      networkInterfaces: [
        {
          deviceIndex: 0,
          associatePublicIpAddress: "false",
          securityGroups: [sg.id],
          deleteOnTermination: "true",
        },
      ],
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 2,
        instanceMetadataTags: "disabled",
      },
      monitoring: { enabled: true },
      blockDeviceMappings: [
        {
          deviceName: "/dev/sda1",
          ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
        },
      ],
      userData,
      tags: { Name: tagName, ...cluster },
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
        resourceType,
        tags: cluster,
      })),
    });
  const Asg = L("autoscaling-group").AutoscalingGroup;
  const clusterTags = [
    { key: "managed-by", value: "hybrid-mesh", propagateAtLaunch: true },
    { key: `kubernetes.io/cluster/${name}`, value: "owned", propagateAtLaunch: true },
  ];
  privateSubnets.forEach((subnet, z) => {
    const lt = launchTemplate(
      cp,
      `Replica${z + 1}LaunchTemplate`,
      `${name}-control-plane-${z + 1}`,
      `hybrid-mesh: control-plane replica ${z + 1} of ${name}`,
      cpProfile,
      cps.sg,
      cpImage,
      CP_USER_DATA,
      `${path0}/ControlPlane/replica-${z + 1}`,
    );
    new Asg(cp, `Replica${z + 1}AutoScalingGroup`, {
      name: `${name}-control-plane-${z + 1}`,
      minSize: 1,
      maxSize: 1,
      desiredCapacity: 1,
      vpcZoneIdentifier: [subnet.id],
      launchTemplate: { id: lt.id, version: Token.asString(lt.latestVersion) },
      targetGroupArns: [tg.arn],
      healthCheckType: "EC2",
      healthCheckGracePeriod: 600,
      defaultCooldown: 300,
      tag: [
        { key: "Name", value: `${name}-control-plane-${z + 1}`, propagateAtLaunch: true },
        { key: "hybrid-mesh:role", value: "control-plane", propagateAtLaunch: true },
        ...clusterTags,
      ],
      dependsOn: [volumes[z], config, token, certKey, caHash],
    });
  });

  // Node pool
  const pool = new Construct(site, "Workers");
  const nodeProfile = role(pool, `${name}-general`, `hybrid-mesh: nodes of pool general of ${name}`, [
    statement("ReadJoinParameters", ["ssm:GetParameter"], [config.arn, token.arn, caHash.arn]),
  ]);
  const nodeLt = launchTemplate(
    pool,
    "LaunchTemplate",
    `${name}-general`,
    `hybrid-mesh: nodes of pool general of ${name}`,
    nodeProfile,
    nodes.sg,
    image(pool),
    NODE_USER_DATA,
    `${path0}/Workers`,
  );
  new Asg(pool, "AutoScalingGroup", {
    name: `${name}-general`,
    minSize: 1,
    maxSize: 3,
    vpcZoneIdentifier: privateSubnets.map((p) => p.id),
    launchTemplate: { id: nodeLt.id, version: Token.asString(nodeLt.latestVersion) },
    healthCheckType: "EC2",
    healthCheckGracePeriod: 300,
    defaultCooldown: 300,
    instanceRefresh: {
      strategy: "Rolling",
      preferences: { minHealthyPercentage: 90, instanceWarmup: "300" },
    },
    tag: [
      { key: "Name", value: `${name}-general`, propagateAtLaunch: true },
      { key: "hybrid-mesh:role", value: "node", propagateAtLaunch: true },
      { key: "k8s.io/cluster-autoscaler/enabled", value: "true", propagateAtLaunch: false },
      { key: `k8s.io/cluster-autoscaler/${name}`, value: "owned", propagateAtLaunch: false },
      {
        key: "k8s.io/cluster-autoscaler/node-template/label/hybrid-mesh.dev/node-pool",
        value: "general",
        propagateAtLaunch: false,
      },
      ...clusterTags,
    ],
  });
};

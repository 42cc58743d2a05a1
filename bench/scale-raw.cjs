// The raw side of the scaling benchmark: the same Terraform a hybrid-mesh topology synthesized,
// written directly with cdktf — one TerraformStack per stack and one element per resource, data
// source, provider, variable and output, with the configuration as synthesized, and every reference
// to another element of the stack read from that element as hand-written code does (`vpc.id`: a token
// per read; `provider` and `dependsOn` given as the elements they name), so that the raw side pays for
// references as raw code would. What the provider classes cannot be given back from the synthesized
// text (a reference inside a Terraform function call, a jsonencode) stays literal: raw code would pay
// for those too, so the raw side is, if anything, cheaper than hand-written code.
const { readFileSync, readdirSync } = require("node:fs");
const path = require("node:path");
const {
  dependable,
  TerraformDataSource,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
} = require("cdktf");

const META = ["depends_on", "provider", "lifecycle", "count", "for_each", "provisioner", "connection"];
const withoutMeta = (config) =>
  Object.fromEntries(Object.entries(config).filter(([k]) => k !== "//" && !META.includes(k)));
// Terraform meta-arguments are written by cdktf from the element's own fields. `provider` and
// `depends_on` are set as hand-written code sets them, from the elements they name (wireMeta, once
// every element exists); the rarer ones as overrides.
const WIRED = ["provider", "depends_on"];
const metaArguments = (element, config) => {
  for (const k of META) if (!WIRED.includes(k) && config[k] !== undefined) element.addOverride(k, config[k]);
};
/**
 * `provider` and `depends_on` from the elements they name. One that names no element of the stack
 * fails the bench: written as text instead, it would make the raw side cheaper than raw code.
 */
function wireMeta(element, config, byAddress, providers) {
  if (config.provider !== undefined) {
    const provider = providers.get(config.provider);
    if (!provider) throw new Error(`bench raw: no provider ${config.provider} in the stack`);
    element.provider = provider;
  }
  if (config.depends_on !== undefined) {
    const targets = config.depends_on.map((address) => byAddress.get(address));
    const missing = config.depends_on.filter((_a, i) => !targets[i]);
    if (missing.length > 0) throw new Error(`bench raw: depends_on names no element: ${missing.join(", ")}`);
    // As `dependsOn: [a, b]` in a constructor's configuration does.
    element.dependsOn = targets.map((t) => dependable(t));
  }
}

const PACKAGES = {
  aws: "aws",
  google: "google",
  kubernetes: "kubernetes",
  helm: "helm",
  random: "random",
  tls: "tls",
};
const pascal = (text) => text.replace(/(^|[-_])([a-z0-9])/g, (_m, _s, c) => c.toUpperCase());
const classes = new Map();

/**
 * The provider class of a resource or data source type (deep import, as raw code would import it):
 * "aws_vpc" -> Vpc from @cdktf/provider-aws/lib/vpc; "data.aws_ssm_parameter" -> DataAwsSsmParameter.
 * A subclass that writes the configuration as synthesized, so that its constructor (and the nested
 * block references it creates) costs what raw code costs, and its output is ours byte for byte.
 */
function classFor(type) {
  if (classes.has(type)) return classes.get(type);
  const data = type.startsWith("data.");
  const bare = data ? type.slice(5) : type;
  const provider = Object.keys(PACKAGES).find((p) => bare.startsWith(`${p}_`));
  let cls;
  if (provider) {
    const file = (data ? `data-${bare}` : bare.slice(provider.length + 1)).replace(/_/g, "-");
    try {
      const mod = require(`@cdktf/provider-${PACKAGES[provider]}/lib/${file}`);
      const base = mod[pascal(file)];
      if (base) cls = { base, bypass: undefined };
      if (base)
        cls.bypass = class extends base {
          constructor(scope, id, config) {
            super(scope, id, {});
            this.rawConfig = withoutMeta(config);
            metaArguments(this, config);
          }
          synthesizeAttributes() {
            return this.rawConfig;
          }
        };
    } catch {
      cls = undefined;
    }
  }
  classes.set(type, cls);
  return cls;
}

const camel = (key) => key.replace(/_([a-z0-9])/g, (_m, c) => c.toUpperCase());
const isIdentifier = (key) => /^[a-z][a-z0-9_]*$/.test(key);

/** A nested block's value in the camelCase a provider class takes (map attributes keep their keys). */
function camelValue(value) {
  if (Array.isArray(value)) return value.map(camelValue);
  if (value && typeof value === "object" && !value.resolve) {
    const keys = Object.keys(value);
    if (!keys.every(isIdentifier)) return value; // a map (tags, labels): keys as they are
    return Object.fromEntries(keys.map((k) => [camel(k), camelValue(value[k])]));
  }
  return value;
}

/**
 * Sets a synthesized configuration on a provider class instance through its own setters (`vpcId`,
 * `putMetadataOptions(...)`), as a hand-written constructor call would: its synthesizeAttributes
 * then maps it back to Terraform. Returns false when an attribute has no setter.
 */
function populate(element, config) {
  const proto = Object.getPrototypeOf(element);
  for (const [key, value] of Object.entries(config)) {
    const name = camel(key);
    const put = `put${name[0].toUpperCase()}${name.slice(1)}`;
    if (typeof proto[put] === "function") element[put](camelValue(value));
    else {
      let p = proto;
      let setter;
      while (p && !setter) {
        setter = Object.getOwnPropertyDescriptor(p, name)?.set;
        p = Object.getPrototypeOf(p);
      }
      if (!setter) return false;
      element[name] =
        Array.isArray(value) || (value && typeof value === "object") ? camelValue(value) : value;
    }
  }
  return true;
}

/** The provider class of a provider ("aws" -> AwsProvider), writing its configuration as synthesized. */
function providerClassFor(type) {
  if (classes.has(`provider:${type}`)) return classes.get(`provider:${type}`);
  let cls;
  try {
    const mod = require(`@cdktf/provider-${PACKAGES[type] ?? type}/lib/provider`);
    const base = Object.values(mod).find((v) => typeof v === "function" && v.name.endsWith("Provider"));
    if (base)
      cls = class extends base {
        constructor(scope, id, config) {
          super(scope, id, {});
          this.rawConfig = config;
          if (config.alias !== undefined) this.alias = config.alias;
        }
        synthesizeAttributes() {
          return this.rawConfig;
        }
      };
  } catch {
    cls = undefined;
  }
  classes.set(`provider:${type}`, cls);
  return cls;
}

/** An element of a type no provider class covers, its configuration written as synthesized. */
const rawElement = (Base) =>
  class extends Base {
    constructor(scope, id, type, config) {
      super(scope, id, { terraformResourceType: type });
      this.config = withoutMeta(config);
      metaArguments(this, config);
    }
    synthesizeAttributes() {
      return this.config;
    }
  };
const RawResource = rawElement(TerraformResource);
const RawDataSource = rawElement(TerraformDataSource);

class RawProvider extends TerraformProvider {
  constructor(scope, id, type, config) {
    super(scope, id, { terraformResourceType: type });
    this.config = config;
    if (config.alias !== undefined) this.alias = config.alias;
  }
  synthesizeAttributes() {
    return this.config;
  }
}

const REF = /\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([^}]+)\}/g;

/** A value with its references to elements of `byAddress` read from those elements (tokens). */
function withReferences(value, byAddress) {
  if (typeof value === "string") {
    // Only references in plain text; one inside a larger expression (jsonencode(...)) stays as it is.
    if (!value.includes("${") || value.replace(REF, "").includes("${")) return value;
    return value.replace(REF, (whole, address, attribute) => {
      const target = byAddress.get(address);
      return target ? target.getStringAttribute(attribute) : whole;
    });
  }
  if (Array.isArray(value)) return value.map((v) => withReferences(v, byAddress));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withReferences(v, byAddress)]));
  return value;
}

/**
 * Types whose configuration the generic camelCase mapping cannot give back byte for byte (checked by
 * the parity test): written as synthesized instead.
 */
const BYPASS = new Set(process.env.BENCH_RAW_BYPASS ? process.env.BENCH_RAW_BYPASS.split(",") : []);

/** Builds, in `app`, the stacks synthesized into `synthesized` (an outdir of cdktf synth). */
function buildRaw(app, synthesized, options = {}) {
  let resources = 0;
  const dir = path.join(synthesized, "stacks");
  for (const name of readdirSync(dir).sort()) {
    const json = JSON.parse(readFileSync(path.join(dir, name, "cdk.tf.json"), "utf8"));
    const stack = new TerraformStack(app, name);
    const providers = new Map();
    for (const [type, list] of Object.entries(json.provider ?? {}))
      list.forEach((config, i) => {
        const Cls = providerClassFor(type);
        const provider = Cls
          ? new Cls(stack, `${type}${i}`, config)
          : new RawProvider(stack, `${type}${i}`, type, config);
        providers.set(config.alias === undefined ? type : `${type}.${config.alias}`, provider);
      });
    // Elements first, then their configuration with references read from the elements they name.
    const byAddress = new Map();
    const elements = [];
    const configs = [];
    for (const [type, byId] of Object.entries(json.resource ?? {}))
      for (const [id, config] of Object.entries(byId)) {
        const cls = classFor(type);
        const mapped = cls && options.mapped !== false && !BYPASS.has(type);
        const e = mapped
          ? new cls.base(stack, id, {})
          : cls
            ? new cls.bypass(stack, id, config)
            : new RawResource(stack, id, type, config);
        if (mapped) {
          e.pending = withoutMeta(config);
          metaArguments(e, config);
        }
        e.overrideLogicalId(id);
        byAddress.set(`${type}.${id}`, e);
        elements.push(e);
        configs.push(config);
        resources++;
      }
    for (const [type, byId] of Object.entries(json.data ?? {}))
      for (const [id, config] of Object.entries(byId)) {
        const cls = type === "terraform_remote_state" ? undefined : classFor(`data.${type}`);
        const e = cls ? new cls.bypass(stack, id, config) : new RawDataSource(stack, id, type, config);
        e.overrideLogicalId(id);
        byAddress.set(`data.${type}.${id}`, e);
        elements.push(e);
        configs.push(config);
      }
    elements.forEach((e, i) => wireMeta(e, configs[i], byAddress, providers));
    for (const e of elements) {
      if (e.pending) {
        if (!populate(e, withReferences(e.pending, byAddress)))
          throw new Error(`bench raw: no setter for an attribute of ${e.terraformResourceType}`);
        delete e.pending;
      } else if (e.rawConfig) e.rawConfig = withReferences(e.rawConfig, byAddress);
      else e.config = withReferences(e.config, byAddress);
    }
    for (const [id, config] of Object.entries(json.variable ?? {}))
      new TerraformVariable(stack, id, {
        type: config.type,
        description: config.description,
        sensitive: config.sensitive,
      }).overrideLogicalId(id);
    for (const [id, config] of Object.entries(json.output ?? {}))
      new TerraformOutput(stack, id, {
        value: config.value,
        sensitive: config.sensitive,
        description: config.description,
      }).overrideLogicalId(id);
    for (const [key, value] of Object.entries(json.terraform ?? {}))
      stack.addOverride(`terraform.${key}`, value);
  }
  return resources;
}

module.exports = { buildRaw };

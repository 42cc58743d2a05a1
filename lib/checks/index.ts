// The security rule pack: rule.ts (what a rule is), rules/<family>/<rule>.ts (one rule per file),
// pack.ts (the Aspect that runs them), reports.ts (the findings as CSV and Markdown),
// state-secrets.ts (what each stack's Terraform state holds that is secret), iam-policy.ts.
export * from "./rule";
export * from "./rules";
export * from "./pack";
export * from "./reports";
export * from "./state-secrets";

// Validates every manifest under k8s/ against the Kubernetes schemas, offline: kubernetes-models' classes check a
// resource on validate() and throw naming the field. Run by .ci/run (node deploy/validate-k8s.mjs k8s).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const folder = process.argv[2] ?? "k8s";
const groups = {
  v1: "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
};

let checked = 0;
let failed = 0;
for (const file of readdirSync(folder).filter((f) => f.endsWith(".yaml")).sort()) {
  const documents = parseAllDocuments(readFileSync(join(folder, file), "utf8"));
  for (const document of documents) {
    if (document.errors.length > 0) {
      console.error(`${file}: not YAML: ${document.errors[0].message}`);
      failed++;
      continue;
    }
    const resource = document.toJS();
    if (resource === null) continue;
    const where = `${file}: ${resource.kind} ${resource.metadata?.name ?? "(unnamed)"}`;
    const module = groups[resource.apiVersion];
    if (!module) {
      console.error(`${where}: apiVersion ${resource.apiVersion} is not one this check knows`);
      failed++;
      continue;
    }
    const models = await import(module);
    const Model = models[resource.kind];
    if (!Model) {
      console.error(`${where}: ${resource.apiVersion} has no kind ${resource.kind}`);
      failed++;
      continue;
    }
    try {
      new Model(resource).validate();
      checked++;
    } catch (error) {
      console.error(`${where}: ${error.message}`);
      failed++;
    }
  }
}
console.log(`k8s: ${checked} resource(s) valid, ${failed} invalid`);
process.exit(failed > 0 || checked === 0 ? 1 : 0);

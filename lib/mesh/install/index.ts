// How Istio is installed on a cluster: istioctl's IstioOperators or Istio's Helm charts.
/** @internal */
export { meshNetworks } from "./values";
export * from "./istio-operator";
export * from "./helm-charts";

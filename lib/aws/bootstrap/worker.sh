#!/bin/bash
# hybrid-mesh bootstrap of one worker node (run once by cloud-init): installs containerd and
# kubeadm, waits for the control plane to publish its CA certificate hash, and joins the cluster
# through the control-plane load balancer with the labels and taints of its node pool.
set -euo pipefail
# shellcheck source=/dev/null
. /etc/hybrid-mesh/bootstrap.env
# shellcheck source=common.sh
. /usr/local/lib/hybrid-mesh/common.sh

install_kubernetes
REGION=$(imds placement/region)
NODE_IP=$(imds local-ipv4)
export REGION NODE_IP

CONFIG=$(retry 30 ssm_get "$CONFIG_PARAMETER")
ENDPOINT=$(jq -r .endpoint <<<"$CONFIG")
JOIN_TOKEN=$(retry 10 ssm_get "$JOIN_TOKEN_PARAMETER")
retry 120 ssm_ready "$CA_HASH_PARAMETER"
CA_CERT_HASH=$(ssm_get "$CA_HASH_PARAMETER")
CERTIFICATE_KEY=""
export ENDPOINT JOIN_TOKEN CA_CERT_HASH CERTIFICATE_KEY

render /etc/hybrid-mesh/kubeadm-join.yaml.tmpl /etc/hybrid-mesh/kubeadm-join.yaml
retry 20 kubeadm join --config /etc/hybrid-mesh/kubeadm-join.yaml
log "worker of node pool $NODE_POOL joined $CLUSTER_NAME"

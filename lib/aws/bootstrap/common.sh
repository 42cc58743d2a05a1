#!/bin/bash
# hybrid-mesh bootstrap: functions shared by control-plane.sh and worker.sh. Sourced, not run.
# Settings come from /etc/hybrid-mesh/bootstrap.env (literal, non-secret); the values Terraform
# knows only at deploy time come from an SSM String parameter; secrets from SSM SecureString
# parameters that only this cluster's instance roles may read.

log() { echo "hybrid-mesh: $*" >&2; }

# retry ATTEMPTS COMMAND...: runs COMMAND until it succeeds, waiting longer each time.
retry() {
  local attempts=$1 i
  shift
  for ((i = 1; i <= attempts; i++)); do
    if "$@"; then return 0; fi
    sleep $((i < 10 ? i * 3 : 30))
  done
  log "gave up after $attempts attempts: $*"
  return 1
}

# imds PATH: reads instance metadata with an IMDSv2 session token (IMDSv1 is disabled).
imds() {
  local token
  token=$(curl -sSf -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
  curl -sSf -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}

# ssm_get NAME: the (decrypted) value of an SSM parameter.
ssm_get() {
  aws ssm get-parameter --region "$REGION" --name "$1" --with-decryption --query Parameter.Value --output text
}

# ssm_ready NAME: true once the parameter holds a value other than the placeholder "pending".
ssm_ready() {
  local value
  value=$(ssm_get "$1") && [ -n "$value" ] && [ "$value" != "pending" ]
}

# install_kubernetes: containerd (systemd cgroups), kernel settings, kubeadm/kubelet/kubectl
# pinned to KUBERNETES_VERSION from pkgs.k8s.io, and the AWS CLI.
install_kubernetes() {
  export DEBIAN_FRONTEND=noninteractive
  retry 10 apt-get update -q
  retry 5 apt-get install -y -q containerd apt-transport-https ca-certificates curl gpg jq
  mkdir -p /etc/containerd
  containerd config default | sed 's/SystemdCgroup = false/SystemdCgroup = true/' >/etc/containerd/config.toml
  systemctl restart containerd
  printf 'overlay\nbr_netfilter\n' >/etc/modules-load.d/kubernetes.conf
  modprobe overlay
  modprobe br_netfilter
  printf 'net.bridge.bridge-nf-call-iptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\nnet.ipv4.ip_forward = 1\n' >/etc/sysctl.d/90-kubernetes.conf
  sysctl --system >/dev/null
  swapoff -a
  local repo="https://pkgs.k8s.io/core:/stable:/v$KUBERNETES_VERSION/deb/"
  install -d -m 755 /etc/apt/keyrings
  retry 5 curl -fsSL -o /tmp/kubernetes-release.key "$repo/Release.key"
  gpg --dearmor --yes -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg /tmp/kubernetes-release.key
  echo "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] $repo /" >/etc/apt/sources.list.d/kubernetes.list
  retry 10 apt-get update -q
  retry 5 apt-get install -y -q kubelet kubeadm kubectl
  apt-mark hold kubelet kubeadm kubectl
  if ! command -v aws >/dev/null; then retry 5 snap install aws-cli --classic; fi
  export PATH="$PATH:/snap/bin"
}

# render TEMPLATE OUTPUT: copies a kubeadm configuration template, filling the __NAME__
# placeholders from the variables of the same name (values here never contain "|").
render() {
  sed -e "s|__ENDPOINT__|$ENDPOINT|g" \
    -e "s|__KUBERNETES_VERSION__|$(kubeadm version -o short)|g" \
    -e "s|__NODE_IP__|$NODE_IP|g" \
    -e "s|__JOIN_TOKEN__|$JOIN_TOKEN|g" \
    -e "s|__CA_CERT_HASH__|$CA_CERT_HASH|g" \
    -e "s|__CERTIFICATE_KEY__|$CERTIFICATE_KEY|g" \
    "$1" >"$2"
  chmod 600 "$2"
}

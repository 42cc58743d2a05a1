#!/bin/bash
# hybrid-mesh bootstrap of one control-plane replica (run once by cloud-init).
#
# 1. installs containerd and kubeadm; 2. attaches this replica's own encrypted EBS volume (same
# zone; kept when the instance is replaced) and mounts it on /var/lib/etcd; 3. replica 0 of a new
# cluster runs `kubeadm init` and publishes the CA certificate hash; the others wait for it and
# `kubeadm join --control-plane` through the load balancer; 4. a timer keeps the control-plane
# certificates uploaded (encrypted with the certificate key) so that a replacement replica can join.
set -euo pipefail
# shellcheck source=/dev/null
. /etc/hybrid-mesh/bootstrap.env
# shellcheck source=common.sh
. /usr/local/lib/hybrid-mesh/common.sh

install_kubernetes
REGION=$(imds placement/region)
INSTANCE_ID=$(imds instance-id)
NODE_IP=$(imds local-ipv4)
export REGION INSTANCE_ID NODE_IP

CONFIG=$(retry 30 ssm_get "$CONFIG_PARAMETER")
ENDPOINT=$(jq -r .endpoint <<<"$CONFIG")
VOLUME_ID=$(jq -r ".etcdVolumes[$REPLICA_INDEX]" <<<"$CONFIG")
DEVICE="/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${VOLUME_ID//-/}"

# The volume may still be attached to the instance this one replaces: wait until it is free.
attach_etcd_volume() {
  if [ -e "$DEVICE" ]; then return 0; fi
  local state
  state=$(aws ec2 describe-volumes --region "$REGION" --volume-ids "$VOLUME_ID" --query 'Volumes[0].State' --output text)
  if [ "$state" = "available" ]; then
    aws ec2 attach-volume --region "$REGION" --volume-id "$VOLUME_ID" --instance-id "$INSTANCE_ID" --device /dev/sdf >/dev/null
  fi
  sleep 5
  [ -e "$DEVICE" ]
}
retry 60 attach_etcd_volume
if ! blkid "$DEVICE" >/dev/null; then mkfs.ext4 -q -L etcd "$DEVICE"; fi
mkdir -p /var/lib/etcd
echo "UUID=$(blkid -s UUID -o value "$DEVICE") /var/lib/etcd ext4 defaults,nofail 0 2" >>/etc/fstab
mount /var/lib/etcd
chmod 700 /var/lib/etcd

JOIN_TOKEN=$(retry 10 ssm_get "$JOIN_TOKEN_PARAMETER")
CERTIFICATE_KEY=$(retry 10 ssm_get "$CERTIFICATE_KEY_PARAMETER")
export ENDPOINT JOIN_TOKEN CERTIFICATE_KEY

if [ "$REPLICA_INDEX" = "0" ] && ! ssm_ready "$CA_HASH_PARAMETER"; then
  if [ -d /var/lib/etcd/member ]; then
    log "etcd data of an earlier replica 0 found on $VOLUME_ID but no cluster was recorded; refusing to overwrite it"
    exit 1
  fi
  CA_CERT_HASH=""
  render /etc/hybrid-mesh/kubeadm-init.yaml.tmpl /etc/hybrid-mesh/kubeadm-init.yaml
  kubeadm init --config /etc/hybrid-mesh/kubeadm-init.yaml --upload-certs
  CA_CERT_HASH="sha256:$(openssl x509 -pubkey -in /etc/kubernetes/pki/ca.crt | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex | sed 's/^.* //')"
  aws ssm put-parameter --region "$REGION" --name "$CA_HASH_PARAMETER" --value "$CA_CERT_HASH" --type String --overwrite >/dev/null
  if [ -n "$CNI_MANIFEST_URL" ]; then
    retry 10 kubectl --kubeconfig /etc/kubernetes/admin.conf apply -f "$CNI_MANIFEST_URL"
  fi
else
  if [ -d /var/lib/etcd/member ]; then
    # A replaced replica: its old etcd member must be removed from the cluster before this one
    # joins (see the ControlPlane documentation); keep the old data aside rather than delete it.
    mv /var/lib/etcd/member "/var/lib/etcd/member.replaced-$(date +%s)"
  fi
  retry 120 ssm_ready "$CA_HASH_PARAMETER"
  CA_CERT_HASH=$(ssm_get "$CA_HASH_PARAMETER")
  export CA_CERT_HASH
  render /etc/hybrid-mesh/kubeadm-join.yaml.tmpl /etc/hybrid-mesh/kubeadm-join.yaml
  retry 20 kubeadm join --config /etc/hybrid-mesh/kubeadm-join.yaml
fi

# Keep the control-plane certificates available (encrypted) for replacement replicas: kubeadm
# deletes uploaded certificates after two hours.
cat >/etc/systemd/system/hybrid-mesh-upload-certs.service <<UNIT
[Unit]
Description=hybrid-mesh: re-upload control-plane certificates for joining replicas
[Service]
Type=oneshot
EnvironmentFile=/etc/hybrid-mesh/certificate-key.env
ExecStart=/usr/bin/kubeadm init phase upload-certs --upload-certs --certificate-key \$CERTIFICATE_KEY
UNIT
cat >/etc/systemd/system/hybrid-mesh-upload-certs.timer <<UNIT
[Unit]
Description=hybrid-mesh: re-upload control-plane certificates every hour
[Timer]
OnBootSec=30min
OnUnitActiveSec=1h
[Install]
WantedBy=timers.target
UNIT
install -m 600 /dev/null /etc/hybrid-mesh/certificate-key.env
echo "CERTIFICATE_KEY=$CERTIFICATE_KEY" >/etc/hybrid-mesh/certificate-key.env
systemctl daemon-reload
systemctl enable --now hybrid-mesh-upload-certs.timer
log "control-plane replica $REPLICA_INDEX of $CLUSTER_NAME is up"

#!/bin/sh
# /usr/local/bin/kube-proxy in the flink-helm kube-proxy image. kube-proxy must program the same
# iptables backend (legacy or nft) as the node; pick the one where kubelet left its hint chain,
# else the one holding more rules, then run the real binary.
hint='KUBE-IPTABLES-HINT|KUBE-KUBELET-CANARY'
if iptables-nft-save -t mangle 2>/dev/null | grep -qE "$hint"; then mode=nft
elif iptables-legacy-save -t mangle 2>/dev/null | grep -qE "$hint"; then mode=legacy
elif [ "$(iptables-legacy-save 2>/dev/null | grep -c '^-')" -gt "$(iptables-nft-save 2>/dev/null | grep -c '^-')" ]; then mode=legacy
else mode=nft
fi
for t in iptables ip6tables; do
  update-alternatives --set "$t" "/usr/sbin/$t-$mode" >/dev/null 2>&1 || true
done
echo "kube-proxy wrapper: using iptables-$mode" >&2
exec /usr/local/bin/kube-proxy.bin "$@"

#!/usr/bin/env bash
# First installation (run as root from the unpacked bundle folder).
set -euo pipefail
cd "$(dirname "$0")"
sha256sum -c SHA256SUMS
id wanmi >/dev/null 2>&1 || useradd --system --home-dir /var/lib/wanmi --shell /usr/sbin/nologin wanmi
install -d -o wanmi -g wanmi -m 0750 /var/lib/wanmi
install -d -m 0755 /opt/wanmi
install -m 0755 wanmi /opt/wanmi/wanmi
[ -f /etc/wanmi.env ] || install -m 0640 -g wanmi wanmi.env.example /etc/wanmi.env
install -m 0644 wanmi.service /etc/systemd/system/wanmi.service
ln -sf /opt/wanmi/wanmi /usr/local/bin/wanmi
systemctl daemon-reload
systemctl enable --now wanmi
sleep 2
systemctl --no-pager status wanmi | head -5
echo "安装完成。浏览器打开 http://本机地址:3000 ，首次访问会要求创建管理员账号。"

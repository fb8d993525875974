#!/usr/bin/env bash
# Upgrade to the binary in this bundle (run as root from the unpacked bundle folder).
# 1. online backup with the OLD binary  2. stop  3. swap binary (old kept as wanmi.prev)
# 4. migrate (the new binary backs the database up again first; a failing migration rolls back
#    and leaves the database as it was)  5. start and wait for /healthz. On failure the old
#    binary is put back and started: it still runs because the database is unchanged.
set -euo pipefail
cd "$(dirname "$0")"
sha256sum -c SHA256SUMS
set -a; . /etc/wanmi.env; set +a
export DATA_DIR="${DATA_DIR:-/var/lib/wanmi}"
PORT="${PORT:-3000}"
runuser -u wanmi -- /opt/wanmi/wanmi backup
systemctl stop wanmi
cp -p /opt/wanmi/wanmi /opt/wanmi/wanmi.prev
install -m 0755 wanmi /opt/wanmi/wanmi
rollback() {
  echo "升级失败，恢复旧版本程序 …" >&2
  install -m 0755 /opt/wanmi/wanmi.prev /opt/wanmi/wanmi
  systemctl start wanmi
  exit 1
}
runuser -u wanmi -- /opt/wanmi/wanmi migrate || rollback
systemctl start wanmi
for i in $(seq 1 30); do
  if curl -fsS "http://127.0.0.1:${PORT}/healthz" >/dev/null 2>&1; then
    echo "升级完成: $(/opt/wanmi/wanmi version)"
    runuser -u wanmi -- /opt/wanmi/wanmi check || true
    exit 0
  fi
  sleep 1
done
rollback

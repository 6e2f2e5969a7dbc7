#!/usr/bin/env bash
# Fails at once, naming the service and the command that starts it, when PostgreSQL or Redis is unreachable.
set -u
status=0
if ! timeout 2 bash -c '</dev/tcp/127.0.0.1/5432' 2>/dev/null; then
  echo "PostgreSQL is not reachable at 127.0.0.1:5432. Start it with:" >&2
  echo "  pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
  status=1
fi
if ! timeout 2 bash -c '</dev/tcp/127.0.0.1/6379' 2>/dev/null; then
  echo "Redis is not reachable at 127.0.0.1:6379. Start it with:" >&2
  echo "  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log" >&2
  status=1
fi
exit $status

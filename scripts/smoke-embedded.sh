#!/usr/bin/env bash
# Starts the product the way the README says (npm start, no configuration) in a fresh DATA_DIR,
# waits for /health/ready, signs in with a printed demo login, and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
log=$(mktemp)
port=${SMOKE_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is already in use"; exit 1; fi
started=$(date +%s%N)
# A session of its own, so stopping it stops npm, the start script and the server together.
setsid env -u DATABASE_URL DATA_DIR="$data" PORT="$port" npm start >"$log" 2>&1 &
pid=$!
cleanup() {
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "npm start exited early"; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/health/ready"
echo
echo "ready after $(( ($(date +%s%N) - started) / 1000000 )) ms (including the build check)"
line=$(grep -E '^\s+owner\s' "$log" | head -1)
email=$(echo "$line" | awk '{print $2}')
password=$(echo "$line" | awk '{print $4}')
[ -n "$email" ] && [ -n "$password" ] || { cat "$log"; echo "no demo login printed"; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/auth/login" \
  -H 'content-type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}")
[ "$code" = 200 ] || { echo "demo login answered $code"; exit 1; }
echo "demo login $email works"

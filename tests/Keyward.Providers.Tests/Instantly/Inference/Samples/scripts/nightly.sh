#!/usr/bin/env bash
set -euo pipefail
auth="Authorization: Bearer ${INSTANTLY_API_KEY:?set INSTANTLY_API_KEY}"

curl -s "https://api.instantly.ai/api/v2/audit-logs?limit=1000" -H "$auth" > audit.json # expect: GET api/v2/audit-logs
curl -s -X PATCH "${INSTANTLY_BASE_URL}/api/v2/workspaces/current" -H "$auth" -d '{"name":"Acme"}' # expect: PATCH api/v2/workspaces/current

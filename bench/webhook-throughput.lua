-- wrk script for bench/webhook-throughput.sh: POSTs Instantly-shaped events with the secret header.
-- Every body is unique (thread number and a counter in lead_email), so the receiver's body-hash idempotency key
-- never turns a request into a duplicate: each 200 is a new stored event.
-- Environment: WEBHOOK_SECRET (the header's value), WEBHOOK_TAG (event_type is bench_TAG, so the inbox rows of one
-- run can be counted), WRK_DELAY_MS (optional pause per connection between a response and its next request).
local secret = os.getenv("WEBHOOK_SECRET") or ""
local tag = os.getenv("WEBHOOK_TAG") or "run"
local pause = tonumber(os.getenv("WRK_DELAY_MS") or "0")
local threads = 0
local counter = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Keyward-Webhook-Secret"] = secret
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"event_type":"bench_%s","timestamp":"2026-11-30T12:00:00Z","workspace":"ws-bench","campaign_id":"c-1","lead_email":"lead-%d-%d@example.com"}',
    tag, tid or 0, counter)
  return wrk.format(nil, nil, nil, body)
end

-- Defined at the top level so that wrk's main state sees it too (it decides there whether to pace).
if pause > 0 then
  function delay()
    return pause
  end
end

-- SPDX-License-Identifier: MIT
-- wrk script for the fault tests: GET /v1/rtc with a changing uid, counting
-- 2xx and everything else; done() prints one line the test parses.
-- (wrk 4.1's thread:get() cannot copy nested tables: flat globals only.)
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  n = id * 1000003
  ok2xx, bad = 0, 0
end

function request()
  n = n + 1
  return wrk.format("GET", "/v1/rtc?channel=faults&uid=" .. n .. "&role=publisher")
end

function response(status, headers, body)
  if status >= 200 and status < 300 and body:find('"token":"007', 1, true) then
    ok2xx = ok2xx + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local good, failed = 0, 0
  for _, t in ipairs(threads) do
    good = good + t:get("ok2xx")
    failed = failed + t:get("bad")
  end
  local e = summary.errors
  io.write(string.format("FAULTS ok=%d bad=%d connect=%d read=%d write=%d timeout=%d requests=%d\n",
    good, failed, e.connect, e.read, e.write, e.timeout, summary.requests))
end

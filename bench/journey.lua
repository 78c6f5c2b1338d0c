-- wrk script: the whole journey through the open (QR) link, as each phone makes it: GET the page,
-- then POST the answers (with the CSRF double-submit token of bench/answers.lua). Requests
-- alternate on each connection, so the journeys per second are half the requests per second.
local token = "benchmarkbenchmarkbenchmarkbenchmarkbench12"
local counter = 0
-- Each thread's number is its global `thread_id` (set by `thread:set`); a local would shadow it.
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

request = function()
  counter = counter + 1
  local journey = math.floor((counter + 1) / 2)
  local phone = string.format("10.%d.%d.%d", 100 + (thread_id or 0), math.floor(journey / 256) % 256, journey % 256)
  if counter % 2 == 1 then
    return wrk.format("GET", nil, { ["X-Forwarded-For"] = phone, ["Cookie"] = "kaiku_csrf=" .. token })
  end
  local body = "_csrf=" .. token .. "&language=fi&q.thl.nps=" .. (journey % 11) ..
    "&q.thl.smooth=" .. (journey % 5 + 1) .. "&q.thl.safe=cant_say&q.thl.useful=4" ..
    "&q.thl.nps_reason=Hyv%C3%A4+palvelu"
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "kaiku_csrf=" .. token,
    ["X-Forwarded-For"] = phone,
  }, body)
end

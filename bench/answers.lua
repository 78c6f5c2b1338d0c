-- wrk script: submit the national survey's answers through the open (QR) link, as phones would.
-- The CSRF double-submit token is the same in the cookie and the form, as after opening the page.
-- Each request comes from another phone: the server trusts loopback as its proxy
-- (KAIKU_TRUSTED_PROXIES), so X-Forwarded-For tells the burst limit who is answering.
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
  local nps = counter % 11
  local body = "_csrf=" .. token .. "&language=fi&q.thl.nps=" .. nps ..
    "&q.thl.smooth=" .. (counter % 5 + 1) .. "&q.thl.safe=cant_say&q.thl.useful=4" ..
    "&q.thl.nps_reason=Hyv%C3%A4+palvelu"
  local phone = string.format("10.%d.%d.%d", thread_id or 0, math.floor(counter / 256) % 256, counter % 256)
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "kaiku_csrf=" .. token,
    ["X-Forwarded-For"] = phone,
  }
  return wrk.format("POST", nil, headers, body)
end

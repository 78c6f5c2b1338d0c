-- wrk script: submit the national survey's answers through the open (QR) link, as phones would.
-- The CSRF double-submit token is the same in the cookie and the form, as after opening the page.
local token = "benchmarkbenchmarkbenchmarkbenchmarkbench12"
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "kaiku_csrf=" .. token

request = function()
  counter = counter + 1
  local nps = counter % 11
  local body = "_csrf=" .. token .. "&language=fi&q.thl.nps=" .. nps ..
    "&q.thl.smooth=" .. (counter % 5 + 1) .. "&q.thl.safe=cant_say&q.thl.useful=4" ..
    "&q.thl.nps_reason=Hyv%C3%A4+palvelu"
  return wrk.format(nil, nil, nil, body)
end

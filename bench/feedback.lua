-- wrk script: send the public feedback form as many residents would: each request from another
-- address (X-Forwarded-For, trusted on loopback; the form allows ten an hour per address), each
-- with its own submission key, and the form's signed start time passed as the first argument
-- (taken from one GET more than three seconds before, as a person filling the form would).
local counter = 0
-- Each thread's number is its global `thread_id` (set by `thread:set`); a local would shadow it.
local threads = 0
local started = ""
local token = "benchmarkbenchmarkbenchmarkbenchmarkbench12"

setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

init = function(args)
  started = args[1] or ""
end

request = function()
  counter = counter + 1
  local body = "_csrf=" .. token .. "&started=" .. started .. "&submission=bench-" .. (thread_id or 0) .. "-" .. counter ..
    "&kind=criticism&unit=unknown&email=&phone=&website=" ..
    "&text=Jouduin+odottamaan+vastaanotolla+tunnin%2C+eik%C3%A4+kukaan+kertonut+syyt%C3%A4."
  local address = string.format("10.%d.%d.%d", 100 + (thread_id or 0), math.floor(counter / 256) % 256, counter % 256)
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "kaiku_csrf=" .. token,
    ["X-Forwarded-For"] = address,
  }, body)
end

response = function(status)
  if status ~= 200 then io.stderr:write("status " .. status .. "\n") end
end

-- wrk script: open the survey page as phones arriving from an SMS wave or a QR code would: each
-- request from another phone (X-Forwarded-For, trusted on loopback), without a cookie, so every
-- page gets its own CSRF token. With `wrk ... -- tokens.txt` it opens personal links (/s/{token})
-- from the file in turn instead of the URL's path.
local counter = 0
-- Each thread's number is its global `thread_id` (set by `thread:set`); a local would shadow it.
local threads = 0
local tokens = {}

setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

init = function(args)
  if args[1] then
    for line in io.lines(args[1]) do
      local token = line:match("/s/([%w_-]+)")
      if token then tokens[#tokens + 1] = token end
    end
  end
end

request = function()
  counter = counter + 1
  local phone = string.format("10.%d.%d.%d", thread_id or 0, math.floor(counter / 256) % 256, counter % 256)
  local path = nil
  if #tokens > 0 then path = "/s/" .. tokens[counter % #tokens + 1] end
  return wrk.format("GET", path, { ["X-Forwarded-For"] = phone })
end

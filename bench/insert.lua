-- wrk script: the bare ceiling, one insert per request.
local token = "benchmarkbenchmarkbenchmarkbenchmarkbench12"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "kaiku_csrf=" .. token
wrk.body = "_csrf=" .. token

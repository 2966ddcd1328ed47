-- GET /api/inventory/:id for a random item of the seller: wrk -s get.lua <url> -- <ids file>
local ids = {}

init = function(args)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  math.randomseed(os.time())
end

request = function()
  return wrk.format("GET", "/api/inventory/" .. ids[math.random(#ids)])
end

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end

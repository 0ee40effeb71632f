-- The mixed run of scripts/bench.py: visitors walk a list of pages (one path a line in $BENCH_PATHS) and
-- count the answers the page cache served (X-Page-Cache: hit). Prints the figures bench.py reads.
-- With BENCH_RANDOM set, each request picks its page at random (the filter walk), seeded per thread.
paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  paths[#paths + 1] = line
end
counter = 0
hits = 0
total = 0
threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

random_walk = (os.getenv("BENCH_RANDOM") or "") ~= ""

function init(args)
  counter = id * 7919  -- threads start at different places in the list
  math.randomseed(1000 + id)
end

function request()
  counter = counter + 1
  if random_walk then
    return wrk.format("GET", paths[math.random(#paths)])
  end
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  total = total + 1
  if headers["X-Page-Cache"] == "hit" then
    hits = hits + 1
  end
end

function done(summary, latency, requests)
  local all_hits, all_total = 0, 0
  for _, thread in ipairs(threads) do
    all_hits = all_hits + thread:get("hits")
    all_total = all_total + thread:get("total")
  end
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH rps %.2f\n", summary.requests / seconds))
  io.write(string.format("BENCH requests %d\n", summary.requests))
  io.write(string.format("BENCH hits %d\n", all_hits))
  io.write(string.format("BENCH answered %d\n", all_total))
  io.write(string.format("BENCH p50 %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("BENCH p95 %.2f\n", latency:percentile(95) / 1000))
  io.write(string.format("BENCH p99 %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("BENCH errors %d\n", errors))
end

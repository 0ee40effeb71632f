-- Prints the figures scripts/bench.py reads: requests/s, latency percentiles (ms) and errors.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH rps %.2f\n", summary.requests / seconds))
  io.write(string.format("BENCH requests %d\n", summary.requests))
  io.write(string.format("BENCH p50 %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("BENCH p95 %.2f\n", latency:percentile(95) / 1000))
  io.write(string.format("BENCH p99 %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("BENCH errors %d\n", errors))
end

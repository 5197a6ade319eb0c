-- wrk script for bench/pages.py: one summary line the script parses (latencies in microseconds).
done = function(summary, latency, requests)
  io.write(string.format(
    "PARLEY requests=%d duration_us=%d p50=%d p95=%d p99=%d errors=%d timeouts=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout))
end

-- Print wrk's summary as one JSON line that bench/load.py reads.
-- Used alone for GET endpoints (wrk -s report.lua) and loaded by create.lua.
-- Errors are everything that is not a 2xx or 3xx answer: socket errors
-- (connect, read, write), timeouts, and statuses of 400 and above.

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d},'
      .. '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max
  ))
end

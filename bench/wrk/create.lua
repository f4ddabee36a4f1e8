-- POST /api/products/ with a product whose sku no other request uses:
-- the run's prefix (wrk ... -- <prefix>), the thread's number and a counter.
-- The Authorization and Content-Type headers come from wrk -H.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local threads = 0

-- Runs in the main script before the threads start: number each thread.
function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

-- Runs in each thread.
function init(args)
  prefix = args[1] or "BENCH"
  counter = 0
end

function request()
  counter = counter + 1
  local sku = string.format("%s-T%d-%d", prefix, number, counter)
  local body = string.format(
    '{"name": "Bench product %s", "sku": "%s", "price": "9.99", "stock": 1}',
    sku, sku
  )
  return wrk.format("POST", nil, nil, body)
end

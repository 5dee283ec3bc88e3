-- wrk script: POST a unique comment per request and count the answers by status.
--
--   wrk -s bench/intake.lua <url> -- commentmod <site key> <run tag>
--   wrk -s bench/intake.lua <url> -- isso - <run tag>
--
-- Every comment has its own email, IP and text, so no duplicate or flood rule fires. The
-- summary is printed as one JSON line starting with "RESULT " (latencies in microseconds).

local texts = {
  "Thank you for the detailed timeline; the part about the second meeting finally made the order of events clear to me.",
  "I read this twice. The argument about the budget holds up, but the numbers for 2019 look different in the annual report.",
  "Great write-up! Could you add a link to the original interview? I would like to read the full answer.",
  "My grandfather worked at that plant for thirty years and he told the same story about the strike. Thanks for writing it down.",
  "Small correction: the bridge opened in 1974, not 1976. Otherwise a lovely piece, I shared it with my reading group.",
  "Interesting, but I am not convinced. The survey had fewer than two hundred answers, which seems small for such a claim.",
  "Does anyone know whether the museum is open on Mondays? The website says one thing and the sign at the door another.",
  "This is exactly what I needed before my trip next week. The tip about the night train saved me a lot of money.",
}

local counter = 0
local thread_id = 0
local threads = {}
local mode, key, tag

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1] or "commentmod"
  key = args[2] or "-"
  tag = args[3] or "run"
  thread_id = tid
  counts = {}
end

local function body_for(n)
  local id = tag .. "-" .. thread_id .. "-" .. n
  local text = texts[(n % #texts) + 1] .. " (" .. id .. ")"
  local email = "reader-" .. id .. "@example.org"
  if mode == "isso" then
    return string.format(
      '{"text":"%s","author":"Reader %s","email":"%s","website":"https://example.org/%s","title":"Bench"}',
      text, id, email, id)
  end
  local ip = string.format("10.%d.%d.%d", thread_id % 250, math.floor(n / 250) % 250, n % 250 + 1)
  return string.format(
    '{"post_id":"bench-post","author_name":"Reader %s","author_email":"%s",' ..
    '"author_url":"https://example.org/%s","content":"%s","user_ip":"%s",' ..
    '"user_agent":"wrk","referrer":"https://blog.example.org/bench/"}',
    id, email, id, text, ip)
end

function request()
  counter = counter + 1
  local headers = { ["Content-Type"] = "application/json" }
  local path = "/v1/comments"
  if mode == "isso" then
    path = "/new?uri=%2Fbench%2F"
  else
    headers["Authorization"] = "Bearer " .. key
  end
  return wrk.format("POST", path, headers, body_for(counter))
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for status, n in pairs(c) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, string.format('"%d":%d', status, n))
  end
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.3f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"statuses":{%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, table.concat(parts, ",")))
end

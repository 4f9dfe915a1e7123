-- Token bucket: holds up to limit tokens and refills limit tokens per window, continuously.
-- KEYS[1] hash {t = tokens, ts = time of last update in ms}; ARGV[1] limit; ARGV[2] window in ms.
-- Returns {allowed, remaining, reset ms (until full), retry-after ms}.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local rate = limit / window
local state = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = limit
if state[1] and state[2] then
  local elapsed = now - tonumber(state[2])
  if elapsed < 0 then elapsed = 0 end
  tokens = math.min(limit, tonumber(state[1]) + elapsed * rate)
end
if tokens < 1 then
  local retry = math.ceil((1 - tokens) / rate)
  return {0, 0, math.ceil((limit - tokens) / rate), retry}
end
tokens = tokens - 1
local full = math.ceil((limit - tokens) / rate)
if full < 1 then full = 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], full)
return {1, math.floor(tokens), full, 0}

-- Fixed window: one counter per client that lives for one window (INCR + PEXPIRE).
-- KEYS[1] counter; ARGV[1] limit; ARGV[2] window in ms.
-- Returns {allowed, remaining, reset ms, retry-after ms}.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
local count = 0
if ttl > 0 then
  count = tonumber(redis.call('GET', KEYS[1]))
  if ttl > window then
    -- the window was shortened: the running window ends no later than the new one would
    redis.call('PEXPIRE', KEYS[1], window)
    ttl = window
  end
end
if count >= limit then
  if ttl <= 0 then ttl = window end
  return {0, 0, ttl, ttl}
end
if ttl > 0 then
  count = redis.call('INCR', KEYS[1])
else
  redis.call('SET', KEYS[1], 1, 'PX', window)
  count = 1
  ttl = window
end
return {1, limit - count, ttl, 0}

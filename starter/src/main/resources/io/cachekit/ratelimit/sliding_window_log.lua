-- Sliding window, exact: a sorted set of the admitted requests' times (score = ms).
-- KEYS[1] log; ARGV[1] limit; ARGV[2] window in ms; ARGV[3] caller-unique request id.
-- Returns {allowed, remaining, reset ms, retry-after ms}.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, time[1] .. '.' .. time[2] .. ':' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {1, limit - count - 1, tonumber(oldest[2]) + window - now, 0}
end
-- denied: a permit frees up when enough of the oldest entries leave the window
local entry = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
local retry = tonumber(entry[2]) + window - now
if retry < 1 then retry = 1 end
return {0, 0, retry, retry}

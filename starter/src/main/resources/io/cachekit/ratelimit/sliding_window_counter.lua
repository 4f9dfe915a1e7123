-- Sliding window, approximate, O(1) memory: the current and previous fixed windows' counts,
-- the previous one weighted by how much of it still overlaps the sliding window.
-- KEYS[1] hash {w = window index, c = current count, p = previous count, l = window length};
-- ARGV[1] limit; ARGV[2] window in ms. Returns {allowed, remaining, reset ms, retry-after ms}.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local index = math.floor(now / window)
local state = redis.call('HMGET', KEYS[1], 'w', 'c', 'p', 'l')
local current = 0
local previous = 0
if state[1] and tonumber(state[4]) == window then
  local stored = tonumber(state[1])
  if stored == index then
    current = tonumber(state[2])
    previous = tonumber(state[3])
  elseif stored == index - 1 then
    previous = tonumber(state[2])
  end
end
local elapsed = now - index * window
local used = previous * (window - elapsed) / window + current
if used + 1 > limit then
  local retry = window - elapsed
  if current + 1 <= limit and previous > 0 then
    retry = math.ceil(window - (limit - 1 - current) * window / previous) - elapsed
  end
  if retry < 1 then retry = 1 end
  return {0, 0, window - elapsed, retry}
end
redis.call('HSET', KEYS[1], 'w', index, 'c', current + 1, 'p', previous, 'l', window)
redis.call('PEXPIRE', KEYS[1], 2 * window - elapsed)
return {1, math.floor(limit - used - 1), window - elapsed, 0}

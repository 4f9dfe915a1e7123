-- Writes an entry unconditionally and revokes any lease on it, so that a load in flight cannot overwrite it;
-- wakes waiters.
-- KEYS[1] entry; KEYS[2] its lease; KEYS[3] its waiter flag
-- ARGV[1] landing channel; ARGV[2] TTL (ms, 0 for none); ARGV[3] the value
if ARGV[2] == '0' then
	redis.call('SET', KEYS[1], ARGV[3])
else
	redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2])
end
redis.call('DEL', KEYS[2])
if redis.call('DEL', KEYS[3]) == 1 then
	redis.call('PUBLISH', ARGV[1], KEYS[1])
end
return 1

-- Writes an entry only while the caller holds its lease, ends the lease and wakes waiters.
-- KEYS[1] entry; KEYS[2] its lease; KEYS[3] its waiter flag
-- ARGV[1] landing channel; ARGV[2] the caller's token; ARGV[3] TTL (ms, 0 for none); ARGV[4] the value
if redis.call('GET', KEYS[2]) ~= ARGV[2] then
	return 0
end
if ARGV[3] == '0' then
	redis.call('SET', KEYS[1], ARGV[4])
else
	redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[3])
end
redis.call('DEL', KEYS[2])
if redis.call('DEL', KEYS[3]) == 1 then
	redis.call('PUBLISH', ARGV[1], KEYS[1])
end
return 1

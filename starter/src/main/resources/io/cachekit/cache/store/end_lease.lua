-- Ends the load lease of an entry in one of three ways, and wakes the callers waiting for that load:
--   set      writes the entry (ARGV[4] TTL in ms, 0 for none; ARGV[5] the value)
--   release  writes nothing (the load failed or gave way)
--   delete   deletes the entry (an eviction); answers whether it existed
-- With a token (ARGV[2]) it acts only while that token holds the lease: a load completing. Without one ('') it
-- acts in any case and revokes whatever lease there is (a put, an eviction), so that a load in flight cannot
-- write over it.
-- KEYS[1] entry; KEYS[2] its lease; KEYS[3] its waiter flag; ARGV[1] landing channel; ARGV[3] the action
if ARGV[2] ~= '' and redis.call('GET', KEYS[2]) ~= ARGV[2] then
	return 0
end
local answer = 1
if ARGV[3] == 'set' then
	if ARGV[4] == '0' then
		redis.call('SET', KEYS[1], ARGV[5])
	else
		redis.call('SET', KEYS[1], ARGV[5], 'PX', ARGV[4])
	end
elseif ARGV[3] == 'delete' then
	answer = redis.call('UNLINK', KEYS[1])
end
redis.call('DEL', KEYS[2])
if redis.call('DEL', KEYS[3]) == 1 then
	redis.call('PUBLISH', ARGV[1], KEYS[1])
end
return answer

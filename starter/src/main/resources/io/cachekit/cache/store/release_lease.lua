-- Gives up a lease without writing (the load failed) and wakes waiters, so that one of them can load.
-- KEYS[1] entry; KEYS[2] its lease; KEYS[3] its waiter flag; ARGV[1] landing channel; ARGV[2] the caller's token
if redis.call('GET', KEYS[2]) ~= ARGV[2] then
	return 0
end
redis.call('DEL', KEYS[2])
if redis.call('DEL', KEYS[3]) == 1 then
	redis.call('PUBLISH', ARGV[1], KEYS[1])
end
return 1

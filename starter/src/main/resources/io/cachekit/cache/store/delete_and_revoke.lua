-- Deletes an entry and revokes any lease on it, so that a load in flight cannot write it back; wakes waiters.
-- Answers 1 if the entry existed.
-- KEYS[1] entry; KEYS[2] its lease; KEYS[3] its waiter flag; ARGV[1] landing channel
local existed = redis.call('UNLINK', KEYS[1])
redis.call('DEL', KEYS[2])
if redis.call('DEL', KEYS[3]) == 1 then
	redis.call('PUBLISH', ARGV[1], KEYS[1])
end
return existed

-- Reads an entry or, when it is absent, claims the right to load it. Answers 'V' followed by the value, 'L'
-- when the caller now holds the lease, or 'W' when another caller does (the waiter flag asks it to announce
-- its write on the landing channel).
-- KEYS[1] entry; KEYS[2] its lease; KEYS[3] its waiter flag; ARGV[1] the caller's token; ARGV[2] lease time (ms)
local value = redis.call('GET', KEYS[1])
if value then
	return 'V' .. value
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
	return 'L'
end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
return 'W'

-- A save's Redis work in one call: pins a value unless a version at least as new is there (as pin.lua does), then
-- deletes the key's cached copy and revokes its load lease, so that a load in flight cannot write an older value
-- over the save; callers waiting for that load are woken on the landing channel. All keys share one hash slot.
-- KEYS[1] write-behind entry, KEYS[2] cached copy, KEYS[3] its lease, KEYS[4] its waiter flag
-- ARGV[1] version, ARGV[2] JSON value, ARGV[3] TTL in ms (0: none), ARGV[4] landing channel
-- Answers 2 * pinned + (1 if a cached copy was deleted).
local function older(a, b)
	if #a ~= #b then return #a < #b end
	return a < b
end
local pinned = 0
local current = redis.call('HGET', KEYS[1], 'version')
if not current or older(current, ARGV[1]) then
	redis.call('HSET', KEYS[1], 'version', ARGV[1], 'value', ARGV[2], 'pinned', '1')
	if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) else redis.call('PERSIST', KEYS[1]) end
	pinned = 1
end
local deleted = redis.call('UNLINK', KEYS[2])
redis.call('DEL', KEYS[3])
if redis.call('DEL', KEYS[4]) == 1 then
	redis.call('PUBLISH', ARGV[4], KEYS[2])
end
return 2 * pinned + deleted

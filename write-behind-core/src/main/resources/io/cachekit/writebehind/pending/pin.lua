-- Pins a value unless a version at least as new is there.
-- KEYS[1] entry; ARGV[1] version, ARGV[2] JSON value, ARGV[3] TTL in ms (0: none)
-- Versions are compared as decimal strings, exactly: Lua numbers lose precision above 2^53.
local function older(a, b)
	if #a ~= #b then return #a < #b end
	return a < b
end
local current = redis.call('HGET', KEYS[1], 'version')
if current and not older(current, ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'value', ARGV[2], 'pinned', '1')
if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) else redis.call('PERSIST', KEYS[1]) end
return 1

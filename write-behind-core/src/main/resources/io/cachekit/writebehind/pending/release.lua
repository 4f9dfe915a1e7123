-- Unpins a persisted version. 1: unpinned; 0: a newer version is pinned;
-- -1: the pin of this version is gone (lost or never written).
-- KEYS[1] entry; ARGV[1] version, ARGV[2] TTL in ms of the unpinned entry
-- Versions are compared as decimal strings, exactly: Lua numbers lose precision above 2^53.
local function older(a, b)
	if #a ~= #b then return #a < #b end
	return a < b
end
local current = redis.call('HGET', KEYS[1], 'version')
if not current then return -1 end
if older(ARGV[1], current) then return 0 end
if older(current, ARGV[1]) then
	redis.call('DEL', KEYS[1])
	return -1
end
redis.call('HDEL', KEYS[1], 'pinned')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1

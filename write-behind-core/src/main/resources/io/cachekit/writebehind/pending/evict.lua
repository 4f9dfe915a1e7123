-- Deletes an entry unless a newer version is there. With a TTL, only the version is kept (a marker with no value)
-- so that a pin of this version arriving late cannot bring the evicted value back.
-- KEYS[1] entry; ARGV[1] version, ARGV[2] TTL in ms of the marker (0: no marker)
-- Versions are compared as decimal strings, exactly: Lua numbers lose precision above 2^53.
local function older(a, b)
	if #a ~= #b then return #a < #b end
	return a < b
end
local current = redis.call('HGET', KEYS[1], 'version')
if current and older(ARGV[1], current) then return 0 end
local deleted = redis.call('DEL', KEYS[1])
if tonumber(ARGV[2]) > 0 then
	redis.call('HSET', KEYS[1], 'version', ARGV[1])
	redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return deleted

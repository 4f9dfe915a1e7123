-- Deletes an entry unless a newer version is there.
-- KEYS[1] entry; ARGV[1] version
-- Versions are compared as decimal strings, exactly: Lua numbers lose precision above 2^53.
local function older(a, b)
	if #a ~= #b then return #a < #b end
	return a < b
end
local current = redis.call('HGET', KEYS[1], 'version')
if current and older(ARGV[1], current) then return 0 end
return redis.call('DEL', KEYS[1])

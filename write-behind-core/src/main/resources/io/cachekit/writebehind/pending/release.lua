-- Unpins a persisted version. 1: unpinned; 0: a newer version is pinned;
-- -1: the pin of this version is not there (lost, never written, or not written yet; or only a marker of it is).
-- In the last case only the version is kept (a marker with no value, expiring as a released entry would), so that
-- a pin of this version arriving late (the publisher's pin after a worker that was faster) cannot hold it pinned.
-- KEYS[1] entry; ARGV[1] version, ARGV[2] TTL in ms of the unpinned entry
-- Versions are compared as decimal strings, exactly: Lua numbers lose precision above 2^53.
local function older(a, b)
	if #a ~= #b then return #a < #b end
	return a < b
end
local current = redis.call('HGET', KEYS[1], 'version')
if current and older(ARGV[1], current) then return 0 end
if current and not older(current, ARGV[1]) then
	redis.call('HDEL', KEYS[1], 'pinned')
	redis.call('PEXPIRE', KEYS[1], ARGV[2])
	if redis.call('HEXISTS', KEYS[1], 'value') == 0 then return -1 end
	return 1
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'version', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return -1

-- Replaces a metadata token (a cache is cleared, a tag evicted). Answers the token it replaced ('' if none) and
-- how many replicas are connected to this master, so that the caller knows whether a WAIT that follows had a
-- replica to wait for.
-- KEYS[1] token key; ARGV[1] new token; ARGV[2] retention in ms, 0 for none
local previous = redis.call('GET', KEYS[1])
if ARGV[2] ~= '0' then
	redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
else
	redis.call('SET', KEYS[1], ARGV[1])
end
local replicas = tonumber(string.match(redis.call('INFO', 'replication'), 'connected_slaves:(%d+)')) or 0
return { previous or '', replicas }

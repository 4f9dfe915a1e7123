-- The fencing token of a lock acquisition, handed out only while the caller holds the lock: the server's
-- clock in microseconds, or one more than the last token if that is not below it. Tokens therefore grow
-- even after Redis lost the last one (a flush, a restart, an eviction, a failover to a replica that missed
-- it), as long as the clock of the server that answers is not behind the time of the last token.
-- KEYS[1] the lock (a Redisson lock hash); KEYS[2] the last token
-- ARGV[1] the holder's field in the lock hash; ARGV[2] how long the last token is kept, in ms
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
	return -1
end
local now = redis.call('TIME')
local token = tonumber(now[1]) * 1000000 + tonumber(now[2])
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if last >= token then
	token = last + 1
end
redis.call('SET', KEYS[2], string.format('%.0f', token), 'PX', ARGV[2])
return token

-- A metadata token (a cache generation, a tag version): the stored one, or the candidate if there is none.
-- A token is random, so one recreated after Redis lost it never equals any earlier one. A positive
-- retention (ms) is the key's TTL, renewed by every read so that tokens in use do not expire.
-- KEYS[1] token key; ARGV[1] candidate token; ARGV[2] retention in ms, 0 for none
local token = redis.call('GET', KEYS[1])
if token then
	if ARGV[2] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
	return token
end
if ARGV[2] ~= '0' then
	redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
else
	redis.call('SET', KEYS[1], ARGV[1])
end
return ARGV[1]

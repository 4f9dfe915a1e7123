-- Claims the right to refresh an entry whatever its state; a caller that does not get the lease is flagged as a
-- waiter. Answers 1 when the caller holds the lease.
-- KEYS[1] entry; KEYS[2] its lease; KEYS[3] its waiter flag; ARGV[1] the caller's token; ARGV[2] lease time (ms)
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
	return 1
end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
return 0

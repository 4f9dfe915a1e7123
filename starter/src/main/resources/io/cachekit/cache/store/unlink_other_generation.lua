-- Unlinks an entry that belongs to another generation than ARGV[1]: the entry's generation is stored in its
-- bytes 1 to 8 (after the codec byte), compared here without decoding the entry.
-- KEYS[1] the entry; ARGV[1] the 8 bytes of the generation that stays
local stored = redis.call('GETRANGE', KEYS[1], 1, 8)
if stored == '' or stored == ARGV[1] then
	return 0
end
return redis.call('UNLINK', KEYS[1])

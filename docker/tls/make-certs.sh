#!/usr/bin/env sh
# Makes a throw-away CA and a certificate for the compose stack's Redis (names: redis, localhost, 127.0.0.1)
# in docker/tls/out, for docker-compose.tls.yml. Development only: the key files are readable by every user, so
# that the Redis container's own user can read them. Needs openssl. Run from the repository root:
#   sh docker/tls/make-certs.sh
set -eu
out="$(dirname "$0")/out"
mkdir -p "$out"
cd "$out"
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=cachekit local CA" \
	-keyout ca.key -out ca.crt 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=redis" -keyout redis.key -out redis.csr 2>/dev/null
printf 'subjectAltName=DNS:redis,DNS:localhost,IP:127.0.0.1\n' > redis.ext
openssl x509 -req -in redis.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -extfile redis.ext \
	-out redis.crt 2>/dev/null
rm -f redis.csr redis.ext ca.srl
chmod 644 ca.crt redis.crt redis.key
chmod 600 ca.key
echo "Wrote $(pwd)/ca.crt, redis.crt and redis.key"

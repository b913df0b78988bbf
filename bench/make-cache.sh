#!/bin/sh
# bench/make-cache.sh - writes a valid token cache file with N hosts, in
# the layout the DagsHub Python client writes (sorted keys, version last),
# for bench/cache_get_loop.  Host i is https://hI.example (zero-padded so
# the keys sort as written); https://dagshub.com is always one of them.
#
#   make-cache.sh FILE N        e.g. make-cache.sh /tmp/tokens 10000
set -eu

if [ $# -ne 2 ] || [ "$2" -lt 1 ] 2>/dev/null; then
	echo "usage: make-cache.sh FILE N (N >= 1)" >&2
	exit 2
fi
file=$1 n=$2
mkdir -p "$(dirname "$file")"
umask 077
awk -v n="$n" 'BEGIN {
	# "https://dagshub.com" sorts before "https://h..."
	print "https://dagshub.com:"
	print "- access_token: bench-token-dagshub-0000000000000000000000"
	print "  expiry: never"
	print "  token_type: app-token"
	for (i = 1; i < n; i++) {
		printf "https://h%06d.example:\n", i
		printf "- access_token: bench-token-%06d-00000000000000000000000\n", i
		print "  expiry: never"
		print "  token_type: app-token"
	}
	print "version: '\''1'\''"
}' > "$file.tmp"
mv "$file.tmp" "$file"

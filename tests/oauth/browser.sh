# tests/oauth/browser.sh - the "person" of the OAuth tests and the demo: a
# background loop that reads login links where the CLI printed them (its
# stderr, or the output of `script`) and opens each one with curl, as a
# browser would.  Source it after tests/lib.sh (it needs $T).
#
# browser_start FILE...  starts watching; every distinct authorize link that
#                        appears in any FILE is fetched once, after
#                        $BROWSER_DELAY seconds (default 0), and appended to
#                        $T/browser.links.  The loop ends by itself after
#                        $BROWSER_WAIT seconds (default 60).
# browser_stop           stops the loop (also done at exit)
# browser_count          how many links were fetched

BROWSER_PID=

browser_start() {
	: >"$T/browser.links"
	(
		_b_end=$(( $(date +%s) + ${BROWSER_WAIT:-60} ))
		while [ "$(date +%s)" -lt "$_b_end" ]; do
			for _b_f in "$@"; do
				[ -f "$_b_f" ] || continue
				tr -d '\r' <"$_b_f" |
					grep -ao 'https\{0,1\}://[^[:space:]]*/login/oauth/authorize?[^[:space:]]*' |
					while read -r _b_link; do
						grep -qxF "$_b_link" "$T/browser.links" && continue
						echo "$_b_link" >>"$T/browser.links"
						sleep "${BROWSER_DELAY:-0}"
						curl -sS --noproxy '*' --max-time 10 -o /dev/null \
							"$_b_link" || :
					done
			done
			sleep 0.1
		done
	) &
	BROWSER_PID=$!
}

browser_stop() {
	[ -n "$BROWSER_PID" ] || return 0
	kill "$BROWSER_PID" 2>/dev/null
	wait "$BROWSER_PID" 2>/dev/null
	BROWSER_PID=
	return 0
}
at_exit browser_stop

browser_count() {
	wc -l <"$T/browser.links" | tr -d ' '
}

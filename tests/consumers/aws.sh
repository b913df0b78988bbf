#!/bin/sh
# dagshub-auth aws-credential-process: botocore's credential_process JSON,
# read by real botocore from a profile, and a request signed with those
# credentials accepted by a loopback S3 stub that checks SigV4 by hand.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/consumers/lib-consumers.sh"

TOK=goodtok-0123456789abcdef
fake_start --token "$TOK:alice"
{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "cache"; store = true; },'
  echo '  { module = "oauth"; args = { timeout = 300; open_browser = "never"; }; } );'; } | write_config "$T/c.conf"
write_cache "$FAKE_URL" "$TOK"

run_cli -c "$T/c.conf" aws-credential-process
check_eq "exit 0" 0 "$rc"
got=$(printf '%s' "$out" | "$PYTHON" -c 'import json, sys
d = json.load(sys.stdin)
print(d["Version"], d["AccessKeyId"], d["SecretAccessKey"], "Expiration" in d)')
check_eq "Version 1, the token as key id and secret, no Expiration for a token that never expires" \
	"1 $TOK $TOK False" "$got"
cache_expiring "$FAKE_URL" "$TOK" "'2099-01-01T00:00:00.000000Z'"
run_cli -c "$T/c.conf" aws-credential-process
check_contains "a token that expires: Expiration in ISO 8601" '"Expiration": "2099-01-01T00:00:00Z"' "$out"

# no token: non-zero, one line on stderr, never a login (no person here)
rm -f "$CACHE_FILE"
fake_reset
run_cli -c "$T/c.conf" aws-credential-process
check "no token: non-zero exit" test "$rc" -ne 0
check_eq "no token: nothing on stdout" "" "$out"
check_eq "no token: one line on stderr" 1 "$(printf '%s\n' "$err" | wc -l | tr -d ' ')"
check_contains "no token: it says there is none" "no token for $FAKE_URL" "$err"
# outside text reaches a terminal escaped, as in every other command: a
# configuration whose name holds ESC, a C1 CSI and a bidi override
weird="$T/c$(printf '\033[2J\302\2332J\342\200\256').conf"
cp "$T/c.conf" "$weird"
run_cli -c "$weird" aws-credential-process
check_contains "no token: the configuration's name, escaped" 'c\x1b[2J\xc2\x9b2J\u202e.conf' "$err"
check_not_contains "...no raw ESC, C1 or bidi byte" "$(printf '\033')" "$err"
check_not_contains "...(C1 CSI)" "$(printf '\302\233')" "$err"
check_not_contains "...(RLO)" "$(printf '\342\200\256')" "$err"
rm -f "$weird"
if command -v script >/dev/null 2>&1; then
	timeout 60 script -qec "'$DAGSHUB_AUTH' -c '$T/c.conf' aws-credential-process" /dev/null \
		</dev/null >"$T/tty.out" 2>&1 || :
	check_eq "no token, even on a terminal: no OAuth login" 0 "$(fake_count /login/oauth/middleman)"
fi

# ---- real botocore ----
if ! "$PYTHON" -c 'import botocore, boto3' 2>/dev/null; then
	skip "botocore resolves the profile" "python3-botocore / python3-boto3 not installed"
	done_testing
fi
write_cache "$FAKE_URL" "$TOK"
SP="$T/stub.port"
timeout 300 "$PYTHON" "$top_srcdir/tests/consumers/sigv4_stub.py" --port-file "$SP" \
	--key "$TOK" --secret "$TOK" --watch-pid $$ >"$T/stub.log" 2>&1 </dev/null &
STUB_PID=$!
stub_stop() { kill "$STUB_PID" 2>/dev/null; wait "$STUB_PID" 2>/dev/null; return 0; }
at_exit stub_stop
i=0; while [ ! -s "$SP" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
STUB="http://127.0.0.1:$(cat "$SP")"

# botocore reads only these files, reaches only loopback
mkdir -p "$T/aws"
cat >"$T/aws/config" <<EOF2
[profile dagshub]
credential_process = $DAGSHUB_AUTH -c $T/c.conf aws-credential-process
region = us-east-1

[profile wrong]
credential_process = $DAGSHUB_AUTH -c $T/w.conf aws-credential-process
region = us-east-1
EOF2
: >"$T/aws/credentials"
{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "env"; } );'; } | write_config "$T/w.conf"
for v in AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE \
	AWS_DEFAULT_PROFILE AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE AWS_CONTAINER_CREDENTIALS_FULL_URI \
	AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_ENDPOINT_URL; do unset $v; done
export AWS_CONFIG_FILE="$T/aws/config" AWS_SHARED_CREDENTIALS_FILE="$T/aws/credentials" \
	AWS_EC2_METADATA_DISABLED=true

cat >"$T/s3.py" <<'EOF2'
import sys
import boto3, botocore.session
from botocore.config import Config
profile, stub = sys.argv[1], sys.argv[2]
creds = botocore.session.Session(profile=profile).get_credentials()
print("method", creds.method)
f = creds.get_frozen_credentials()
print("key", f.access_key, f.secret_key == f.access_key)
s3 = boto3.session.Session(profile_name=profile).client(
    "s3", endpoint_url=stub, region_name="us-east-1",
    config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
try:
    r = s3.list_objects_v2(Bucket="alice-repo", Prefix="data/")
    print("list", r["ResponseMetadata"]["HTTPStatusCode"], r.get("KeyCount"))
except Exception as e:  # botocore.exceptions.ClientError
    print("error", type(e).__name__, getattr(e, "response", {}).get("Error", {}).get("Code"))
EOF2
out=$(timeout 60 "$PYTHON" "$T/s3.py" dagshub "$STUB" 2>"$T/py.err")
check_contains "botocore resolves the profile through credential_process" "method custom-process" "$out"
check_contains "...to the token, as key id and secret" "key $TOK True" "$out"
check_contains "a request signed with them passes the stub's SigV4 check" "list 200 0" "$out"
check_eq "the stub saw one good request and no bad one" "1 0" "$(curl -sS --max-time 10 "$STUB/_stub/count")"
[ -s "$T/py.err" ] && sed 's/^/# /' "$T/py.err"

# the check can fail: a different token signs, the stub refuses
out=$(DAGSHUB_USER_TOKEN=othertok-0123456789abcdef timeout 60 "$PYTHON" "$T/s3.py" wrong "$STUB" 2>"$T/py.err")
check_contains "botocore with a different token: the stub refuses the signature" "error ClientError" "$out"
check_eq "...one bad request" "1 1" "$(curl -sS --max-time 10 "$STUB/_stub/count")"

# an expiring token: botocore keeps refreshable credentials
cache_expiring "$FAKE_URL" "$TOK" "'2099-01-01T00:00:00.000000Z'"
out=$(timeout 60 "$PYTHON" -c 'import botocore.session
c = botocore.session.Session(profile="dagshub").get_credentials()
print(type(c).__name__, c._expiry_time.year)' 2>"$T/py.err")
check_eq "an expiring token: botocore's refreshable credentials with its expiry" "RefreshableCredentials 2099" "$out"

# no token: botocore reports the helper's one line
rm -f "$CACHE_FILE"
out=$(timeout 60 "$PYTHON" "$T/s3.py" dagshub "$STUB" 2>&1)
check_contains "no token: botocore raises with the helper's message" "no token for $FAKE_URL" "$out"
done_testing

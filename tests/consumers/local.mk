# Tests of the consumers: the git credential helper with real git, setup-git,
# exec/env and aws-credential-process with real botocore; included from
# tests/local.mk.
CONSUMERS_TESTS = \
	tests/consumers/git.sh \
	tests/consumers/git_protocol.sh \
	tests/consumers/setup_git.sh \
	tests/consumers/exec_env.sh \
	tests/consumers/aws.sh
TESTS += $(CONSUMERS_TESTS)
EXTRA_DIST += $(CONSUMERS_TESTS) tests/consumers/lib-consumers.sh \
	tests/consumers/git_server.py tests/consumers/sigv4_stub.py

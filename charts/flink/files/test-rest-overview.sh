# shellcheck shell=sh
# The chart's `helm test` (templates/tests/test-rest-overview.yaml), run in the Flink image with
# files/lib.sh in front: polls Flink's REST API (GET /overview) until the expected TaskManagers and
# task slots registered, at most $ATTEMPTS times, 5 s apart.
# Environment: REST_URL, EXPECTED_TASKMANAGERS, EXPECTED_SLOTS, ATTEMPTS.

# shellcheck disable=SC2034 # read by say() in files/lib.sh
SCRIPT=test-rest-overview
i=0
while [ "$i" -lt "$ATTEMPTS" ]; do
  i=$((i + 1))
  tms='' slots=''
  if rest GET /overview; then
    tms=$(json_num taskmanagers <"$HTTP_BODY")
    slots=$(json_num slots-total <"$HTTP_BODY")
  fi
  say "attempt $i: taskmanagers=${tms:-?} slots-total=${slots:-?} (want $EXPECTED_TASKMANAGERS and $EXPECTED_SLOTS)"
  if [ "$tms" = "$EXPECTED_TASKMANAGERS" ] && [ "$slots" = "$EXPECTED_SLOTS" ]; then
    say "OK"
    exit 0
  fi
  sleep 5
done
die "$REST_URL/overview did not report the expected TaskManagers and slots: $(last_response)"

# shellcheck shell=sh
# The shell library of the chart's helper containers (the lifecycle hooks and CronJob, the JobManager's
# exit handover, the uninstall cleanup, the helm test). It is put in front of each script at render time
# (flink.script in templates/_helpers.tpl), so every script runs as one `sh -c` program in the Flink
# image, which has curl or wget but no jq: the JSON reads below are deliberately narrow (the Kubernetes
# API is asked for compact JSON, Flink's REST API answers compact JSON).

# say MESSAGE...: one log line with a UTC timestamp and the script's name ($SCRIPT).
say() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) ${SCRIPT:-flink-helm}: $*"; }
die() {
  say "ERROR: $*" >&2
  exit 1
}

TMPD=${TMPDIR:-/tmp}
# The body and the HTTP status of the last request().
# (No two dollar signs in a row anywhere: Kubernetes turns them into one in a container command.)
HTTP_BODY=$TMPD/flink-helm-http-body
HTTP_STATUS=000
# Options of the next request(): a CA bundle and a bearer token file (the Kubernetes API), a client
# certificate and key (Flink's REST API with TLS client authentication).
REQ_CACERT=
REQ_TOKEN_FILE=
REQ_CERT=
REQ_KEY=

# request METHOD URL [BODY [CONTENT-TYPE]]: sends the request, leaves the response body in $HTTP_BODY and
# its status in $HTTP_STATUS (000: no answer), and succeeds on a 2xx status.
request() {
  _m=$1 _u=$2 _b=${3:-} _ct=${4:-application/json}
  : >"$HTTP_BODY"
  if command -v curl >/dev/null 2>&1; then
    set -- -sS -o "$HTTP_BODY" -w '%{http_code}' --max-time "${HTTP_TIMEOUT:-20}" -X "$_m"
    [ -n "$REQ_CACERT" ] && set -- "$@" --cacert "$REQ_CACERT"
    [ -n "$REQ_TOKEN_FILE" ] && set -- "$@" -H "Authorization: Bearer $(cat "$REQ_TOKEN_FILE")"
    [ -n "$REQ_CERT" ] && set -- "$@" --cert "$REQ_CERT" --key "$REQ_KEY"
    [ -n "$_b" ] && set -- "$@" -H "Content-Type: $_ct" --data "$_b"
    HTTP_STATUS=$(curl "$@" "$_u" 2>"$HTTP_BODY.err") || HTTP_STATUS=${HTTP_STATUS:-000}
  elif command -v wget >/dev/null 2>&1; then
    set -- -q -O "$HTTP_BODY" -S --content-on-error -T "${HTTP_TIMEOUT:-20}" -t 1 --method="$_m"
    [ -n "$REQ_CACERT" ] && set -- "$@" --ca-certificate="$REQ_CACERT"
    [ -n "$REQ_TOKEN_FILE" ] && set -- "$@" --header="Authorization: Bearer $(cat "$REQ_TOKEN_FILE")"
    [ -n "$REQ_CERT" ] && set -- "$@" --certificate="$REQ_CERT" --private-key="$REQ_KEY"
    [ -n "$_b" ] && set -- "$@" --header="Content-Type: $_ct" --body-data="$_b"
    wget "$@" "$_u" 2>"$HTTP_BODY.err" || true
    HTTP_STATUS=$(awk '$1 ~ /^HTTP\// {c = $2} END {print c + 0}' "$HTTP_BODY.err")
  else
    die "neither curl nor wget is in the image"
  fi
  [ "${#HTTP_STATUS}" = 3 ] || HTTP_STATUS=000
  case $HTTP_STATUS in 2??) return 0 ;; esac
  return 1
}

# The last response, for messages: status and the first 400 characters of the body (or the error).
last_response() {
  if [ "$HTTP_STATUS" = 000 ]; then
    echo "no answer ($(head -c 300 "$HTTP_BODY.err" 2>/dev/null | tr '\n' ' '))"
  else
    echo "HTTP $HTTP_STATUS: $(head -c 400 "$HTTP_BODY" | tr '\n' ' ')"
  fi
}

# k8s METHOD PATH [BODY [CONTENT-TYPE]]: the Kubernetes API of this pod's namespace, with its service
# account. PATH is relative to /api/v1/namespaces/<namespace> unless it starts with /apis/.
SA_DIR=${SA_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}
k8s() {
  [ -r "$SA_DIR/token" ] || die "no service account token in $SA_DIR (automountServiceAccountToken)"
  _ns=$(cat "$SA_DIR/namespace")
  _host=$KUBERNETES_SERVICE_HOST
  case $_host in *:*) _host="[$_host]" ;; esac
  case $2 in
    /apis/*) _path=$(printf '%s' "$2" | sed "s#{ns}#$_ns#") ;;
    *) _path=/api/v1/namespaces/$_ns$2 ;;
  esac
  case $_path in *\?*) _path="$_path&pretty=false" ;; *) _path="$_path?pretty=false" ;; esac
  REQ_CACERT=$SA_DIR/ca.crt REQ_TOKEN_FILE=$SA_DIR/token
  request "$1" "https://$_host:$KUBERNETES_SERVICE_PORT$_path" "${3:-}" "${4:-application/merge-patch+json}"
  _rc=$?
  REQ_CACERT=''
  REQ_TOKEN_FILE=''
  return $_rc
}

# rest METHOD PATH [BODY]: Flink's REST API at $REST_URL (TLS options from $REST_CACERT, $REST_CERT,
# $REST_KEY when set).
rest() {
  REQ_CACERT=${REST_CACERT:-} REQ_CERT=${REST_CERT:-} REQ_KEY=${REST_KEY:-}
  request "$1" "$REST_URL$2" "${3:-}" application/json
  _rc=$?
  REQ_CACERT=''
  REQ_CERT=''
  REQ_KEY=''
  return $_rc
}

# json_str KEY < JSON: the first string value of "KEY" (escapes kept as they are).
json_str() { grep -o "\"$1\": *\"\\([^\"\\\\]\\|\\\\.\\)*\"" | head -n 1 | sed 's/^"[^"]*": *"//; s/"$//'; }
# json_num KEY < JSON: the first number value of "KEY".
json_num() { grep -o "\"$1\": *-\\?[0-9][0-9]*" | head -n 1 | sed 's/.*: *//'; }
# json_unescape < STRING: the text of a JSON string's inside (the escapes json_escape makes).
json_unescape() { sed 's/\\n/\n/g; s/\\t/	/g; s/\\"/"/g; s/\\\\/\\/g'; }
# json_escape < TEXT: TEXT as the inside of a JSON string.
json_escape() { sed 's/\\/\\\\/g; s/"/\\"/g; s/	/\\t/g' | awk 'NR > 1 {printf "\\n"} {printf "%s", $0}'; }
# new_job_id: 32 random hex digits, a Flink job id.
new_job_id() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

# running_jobs: the ids of the jobs in state RUNNING (GET /jobs/overview), one per line.
running_jobs() {
  rest GET /jobs/overview || die "cannot list the jobs at $REST_URL: $(last_response)"
  sed 's/"jid":"/\n/g' "$HTTP_BODY" | sed -n 's/^\([0-9a-f]\{32\}\)".*"state":"RUNNING".*/\1/p'
}

# Maven helpers for flink-helm builds. Source after common.sh.
# shellcheck shell=bash

# The pinned versions from versions.env as -D properties: the poms declare no versions of their own.
maven_version_props() {
  printf '%s\n' \
    "-Dflink.version=$FLINK_VERSION" \
    "-Dflink.container.version=$FLINK_CONTAINER_VERSION" \
    "-Dscala.binary.version=$FLINK_SCALA_VERSION" \
    "-Djava.release=$JAVA_VERSION" \
    "-Dlog4j.version=$LOG4J_VERSION" \
    "-Dslf4j.version=$SLF4J_VERSION" \
    "-Djunit.jupiter.version=$JUNIT_JUPITER_VERSION" \
    "-Dcompiler.plugin.version=$MAVEN_COMPILER_PLUGIN_VERSION" \
    "-Dresources.plugin.version=$MAVEN_RESOURCES_PLUGIN_VERSION" \
    "-Dsurefire.plugin.version=$MAVEN_SUREFIRE_PLUGIN_VERSION" \
    "-Djar.plugin.version=$MAVEN_JAR_PLUGIN_VERSION" \
    "-Dshade.plugin.version=$MAVEN_SHADE_PLUGIN_VERSION" \
    "-Ddependency.plugin.version=$MAVEN_DEPENDENCY_PLUGIN_VERSION"
}

# mvn_pinned DIR ARGS...: runs Maven in batch mode in DIR with the pinned versions. The local
# repository is Maven's default (~/.m2/repository) unless FLINK_HELM_M2_REPO names another.
mvn_pinned() {
  local dir=$1; shift
  command -v mvn >/dev/null || die "mvn is missing (apt-get install maven)"
  local props; mapfile -t props < <(maven_version_props)
  [ -n "${FLINK_HELM_M2_REPO:-}" ] && props+=("-Dmaven.repo.local=$FLINK_HELM_M2_REPO")
  (cd "$dir" && mvn -B -ntp "${props[@]}" "$@")
}

# pins_hash [PATHS...]: a short hash of the Maven pins and of the given files or directories (their
# paths relative to the repo and contents; build output and *.md skipped), for cache keys that
# change only when an input does.
pins_hash() {
  {
    maven_version_props
    local p f
    for p in "$@"; do
      while IFS= read -r f; do
        printf '%s ' "${f#"$REPO_ROOT"/}"; sha256sum <"$f"
      done < <(find "$p" -type f -not -path '*/target/*' -not -name '*.md' | LC_ALL=C sort)
    done
  } | sha256sum | cut -c1-12
}

# maven_module_jar NAME SRC JAR: builds the Maven module in SRC (unit tests, then package) into
# $FLINK_HELM_CACHE/NAME/<FLINK_VERSION>-<hash>/JAR, the hash covering SRC's pom.xml and sources and
# the Maven pins, and prints that path on stdout. Re-uses a cached jar and says so.
maven_module_jar() {
  local name=$1 src=$2 jar_name=$3
  local key; key=$(pins_hash "$src/pom.xml" "$src/src")
  local out=$FLINK_HELM_CACHE/$name/$FLINK_VERSION-$key
  local jar=$out/$jar_name
  if [ -s "$jar" ]; then
    log "re-using $jar (key $key)"
  else
    log "building ${src#"$REPO_ROOT"/} (key $key): mvn test + package (Maven repository ${FLINK_HELM_M2_REPO:-~/.m2/repository})"
    # shellcheck disable=SC2317 # run by `timed` below
    _maven_module_build() {
      mvn_pinned "$src" -q clean package >&2
      # Surefire's reports tell how many tests ran (-q hides its summary).
      local tests; tests=$(grep -ho 'tests="[0-9]*"' "$src"/target/surefire-reports/*.xml 2>/dev/null | tr -dc '0-9\n' | awk '{s += $1} END {print s}')
      log "unit tests passed: ${tests:-0}"
    }
    timed "$name build" _maven_module_build
    mkdir -p "$out"
    cp "$src/target/$jar_name" "$jar.tmp" && mv "$jar.tmp" "$jar"
    log "built $jar ($(du -h "$jar" | cut -f1))"
  fi
  echo "$jar"
}

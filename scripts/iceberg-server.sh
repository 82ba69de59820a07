#!/usr/bin/env bash
# Fetch the Apache Iceberg project's own REST catalog server (org.apache.iceberg.rest.RESTCatalogServer) into a
# machine-wide cache and print the jar's path last.
#
# Which artifact: on Maven Central, iceberg-open-api's test-fixtures jar (classifier `test-fixtures`) is ~12 KB of
# classes only; the artifact WITHOUT a classifier is the shadow jar of the test fixtures' runtime classpath
# (~200 MB, Main-Class RESTCatalogServer), i.e. what the apache/iceberg-rest-fixture image runs. There is no
# `test-fixtures-runtime` classifier on Central (404 for 1.8.0 to 1.10.1).
#
# Idempotent: a marker file is written only after the jar is complete, so an interrupted fetch is redone.
set -euo pipefail

VERSION="${ICEBERG_SERVER_VERSION:-1.10.0}"
CACHE_ROOT="${NSB_CACHE_DIR:-$HOME/.cache/namespace-browser}"
DIR="$CACHE_ROOT/iceberg-$VERSION"
JAR="$DIR/iceberg-open-api-$VERSION.jar"
MARKER="$DIR/.complete"

if [[ -f "$MARKER" && -s "$JAR" ]]; then
  echo "$JAR"
  exit 0
fi

mkdir -p "$CACHE_ROOT"
# Parallel test runs share the cache: one fetch at a time, the others wait and reuse it.
exec 9>"$CACHE_ROOT/iceberg-$VERSION.lock"
flock 9
if [[ -f "$MARKER" && -s "$JAR" ]]; then
  echo "$JAR"
  exit 0
fi

command -v java >/dev/null || { echo "iceberg-server.sh: java (17+) is required" >&2; exit 1; }
command -v mvn >/dev/null || { echo "iceberg-server.sh: mvn is required to fetch the Iceberg REST server" >&2; exit 1; }

mkdir -p "$DIR"
# A private settings file and local repository: only Maven Central, whatever ~/.m2/settings.xml says, and the
# 200 MB jar is not kept twice in ~/.m2.
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
echo "iceberg-server.sh: fetching org.apache.iceberg:iceberg-open-api:$VERSION (about 200 MB) from Maven Central" >&2
(cd "$WORK" && mvn -q -B -s "$WORK/settings.xml" \
  org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
  -Dartifact="org.apache.iceberg:iceberg-open-api:$VERSION:jar" \
  -DoutputDirectory="$WORK/out" -Dmdep.overWriteReleases=true >&2)
mv -f "$WORK/out/iceberg-open-api-$VERSION.jar" "$JAR"
# Sanity check: the runnable jar names RESTCatalogServer as its entry point.
if command -v unzip >/dev/null && ! unzip -p "$JAR" META-INF/MANIFEST.MF 2>/dev/null | grep -q 'RESTCatalogServer'; then
  echo "iceberg-server.sh: $JAR has no RESTCatalogServer Main-Class; not the runnable jar" >&2
  exit 1
fi
date -u +%FT%TZ >"$MARKER"
echo "$JAR"

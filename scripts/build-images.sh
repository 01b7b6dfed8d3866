#!/usr/bin/env bash
# Builds one container image tar per service into target/images/ — no Docker engine, no registry needed:
# the base image (a jlinked Java runtime, its system libraries, non-root user 10001, CA certificates) is made from
# this machine's JDK by the images module, and jib layers each service's quarkus-app on top of it.
#
#   scripts/build-images.sh                          build (tests skipped) -> target/images/homeostat-<service>.tar
#   scripts/build-images.sh --check                  also run the tests, including the image checks (ServiceImagesTest)
#   scripts/build-images.sh --base eclipse-temurin:17-jre
#                                                    start from a registry image instead (needs that registry)
#   scripts/build-images.sh --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/homeostat/ --tag 0.1.0
#                                                    the name the tars carry (default homeostat/<service>:<version>)
#
# Then load or push a tar, e.g.:  docker load -i target/images/homeostat-detector.tar
#   skopeo copy docker-archive:target/images/homeostat-detector.tar docker://REGISTRY/homeostat/detector:TAG
#   crane push target/images/homeostat-detector.tar REGISTRY/homeostat/detector:TAG
set -euo pipefail
cd "$(dirname "$0")/.."
ARGS=(-B -Pimages verify)
TESTS=(-DskipTests)
while [ $# -gt 0 ]; do
  case "$1" in
    --check) TESTS=() ;;
    --base) ARGS+=("-Dhomeostat.image.base=${2:?--base needs an image}"); shift ;;
    --registry) ARGS+=("-Dhomeostat.image.registry=${2:?--registry needs a prefix ending in /}"); shift ;;
    --tag) ARGS+=("-Dhomeostat.image.tag=${2:?--tag needs a value}"); shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
./mvnw "${ARGS[@]}" "${TESTS[@]}"
ls -l target/images/*.tar

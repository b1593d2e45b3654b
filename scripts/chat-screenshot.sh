#!/usr/bin/env bash
# Makes the README's picture of Parley Chat, docs/images/chat.png: a chat on a temporary data directory, three
# people in Debian's Chromium (headless, through Playwright) talking in two rooms and in private, and a PNG of
# Alice's page at 1280x720 (dev.parley.chat.ChatScreenshot in parley-chat's test sources).
#   scripts/chat-screenshot.sh                          # desktop, light: docs/images/chat.png
#   scripts/chat-screenshot.sh /tmp/phone.png mobile dark   # 390x844 at 3x, dark
# Maven resolves the dependency plugin once (online), later runs need nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/images/chat.png}
classpath=parley-chat/target/screenshot-classpath.txt
./mvnw -B -q -pl parley-chat -am test-compile org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath -Djacoco.skip=true \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/screenshot-classpath.txt
java -cp "parley-chat/target/test-classes:parley-chat/target/classes:$(cat "$classpath")" \
  dev.parley.chat.ChatScreenshot "$out" "${2:-desktop}" "${3:-light}"

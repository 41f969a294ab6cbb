#!/usr/bin/env bash
# Records per second through one Kafka egress sink (dispatcher's KafkaSink: one Kafka transaction
# per delivered batch) into a local single-node broker, for batches of 100, 1,000 and 5,000. It
# measures the sink alone, without a node or the outbox in front of it.
#
#   benchmarks/kafka-sink.sh            # 200,000 records per batch size
#   benchmarks/kafka-sink.sh 1000000
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
records="${1:-200000}"
cp_file="$(mktemp)"
logback="$(mktemp --suffix=.xml)"
trap 'rm -f "$cp_file" "$logback"' EXIT
cd "$root"
mvn -B -q -pl testing-kafka/broker,testing-kafka,dispatcher -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
cat >"$logback" <<'XML'
<configuration><appender name="o" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d{HH:mm:ss} %-5level %logger{20} %msg%n</pattern></encoder></appender><root level="ERROR"><appender-ref ref="o"/></root></configuration>
XML
cd dispatcher
java -Dlogback.configurationFile="$logback" \
  -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  io.eventide.dispatcher.internal.egress.KafkaSinkThroughput "$records"

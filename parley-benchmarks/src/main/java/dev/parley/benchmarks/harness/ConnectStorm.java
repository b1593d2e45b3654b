package dev.parley.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** S3: as many connects as fast as the generator can open them (its concurrency limit in flight). */
final class ConnectStorm extends HarnessScenario {
    @Override
    String id() {
        return "S3";
    }

    @Override
    String title() {
        return "Connect storm";
    }

    @Override
    String method(HarnessSettings s) {
        return s.connects() + " connections opened as fast as possible (the generator's default concurrency in "
                + "flight, several loopback source addresses); a Socket.IO connection is ready once its namespace "
                + "CONNECT is acknowledged. Time to ready per connection, handshakes per second, failures.";
    }

    @Override
    List<Variant> variants(HarnessSettings s) {
        return List.of(new Variant(s.connects() + " connects", List.of("-m", Integer.toString(s.connects())),
                s.connects()));
    }

    @Override
    List<Figure> figures() {
        return List.of(Figure.higher("handshakesPerSec", "handshakes/s").charted(), Figure.lower("p50Ms", "p50 ms"),
                Figure.lower("p99Ms", "p99 ms"), Figure.lower("failed", "failed"));
    }

    @Override
    Outcome run(Context context, Variant variant) throws Exception {
        JsonNode report = context.generator().start(context.name(),
                args("connect", context, context.server().kind.echoPath, variant.generatorArgs())).await(600);
        Map<String, Double> f = newFigures();
        f.put("handshakesPerSec", at(report, "results/handshakesPerSecond"));
        f.put("p50Ms", at(report, "results/timeToReady/p50Micros") / 1000);
        f.put("p99Ms", at(report, "results/timeToReady/p99Micros") / 1000);
        f.put("failed", at(report, "results/failed"));
        return new Outcome(f, warnings(report));
    }
}

package org.foundryrelay.metrics;

import io.javalin.http.Context;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The relay's meters, in Prometheus format: requests by route and status with latency histograms, worlds
 * online, calls waiting, event subscribers, headless sessions, queue drops, and the JVM. Routes are tagged
 * by their template ({@code /macro/{uuid}/execute}), never the raw path, so the number of series stays
 * bounded whatever clients send.
 */
public final class RelayMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public RelayMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** A value read at each scrape, such as the number of worlds online. */
    public RelayMetrics gauge(String name, String help, Supplier<Number> value) {
        Gauge.builder(name, () -> value.get().doubleValue()).description(help).register(registry);
        return this;
    }

    /** A count that only grows, read at each scrape. */
    public RelayMetrics counter(String name, String help, LongSupplier value) {
        FunctionCounter.builder(name, value, v -> v.getAsLong()).description(help).register(registry);
        return this;
    }

    /** Records one finished HTTP request. */
    public void request(Context ctx, float millis) {
        Timer.builder("relay_http_requests")
                .description("HTTP requests by method, route template and status")
                .tags("method", ctx.method().toString(), "route", route(ctx), "status", Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record((long) (millis * 1000), TimeUnit.MICROSECONDS);
    }

    private static String route(Context ctx) {
        try {
            var endpoint = ctx.endpoint();
            // Only a route's own template names a series; catch-all filters (CORS, 404s) do not.
            return endpoint == null || endpoint.path.equals("*") || endpoint.path.equals("/*") ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    /** The text a scrape returns. */
    public String scrape() {
        return registry.scrape();
    }

    /** Stops the JVM binders' background listeners. */
    public void close() {
        gc.close();
        registry.close();
    }
}

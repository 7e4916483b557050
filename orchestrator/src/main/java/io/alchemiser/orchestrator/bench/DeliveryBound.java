package io.alchemiser.orchestrator.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alchemiser.shared.json.Json;
import java.util.Locale;
import java.util.Optional;

/**
 * What bounds an orchestrated row against the raw-events row of the same run, from their own figures.
 * Both are CPU-bound on a small machine, so their rates stand to each other as their CPU per workflow
 * does. Raw-events' CPU per delivery times the orchestrated row's deliveries is what its messages would
 * cost were each as cheap as a bare event hop; that alone caps its ratio at raw-events' deliveries over
 * its own. What is left of its CPU is its own work (orchestrator, inboxes, records).
 */
record DeliveryBound(double cpuMicros, double rawEventsCpuMicros, double deliveries, double rawEventsDeliveries) {

  /** The bound of {@code row} against {@code rawEvents}, when both have their CPU and messages measured. */
  static Optional<DeliveryBound> of(BenchReport.Row row, BenchReport.Row rawEvents) {
    double cpu = cpu(row);
    double rawCpu = cpu(rawEvents);
    double delivered = BenchReport.total(row).deliveredPerWorkflow();
    double rawDelivered = BenchReport.total(rawEvents).deliveredPerWorkflow();
    return cpu > 0 && rawCpu > 0 && delivered > 0 && rawDelivered > 0
        ? Optional.of(new DeliveryBound(cpu, rawCpu, delivered, rawDelivered)) : Optional.empty();
  }

  /** CPU per workflow in all the row's JVMs. */
  private static double cpu(BenchReport.Row row) {
    double cpu = row.usage().cpuMicrosPerWorkflow();
    for (BenchReport.Member member : row.members()) {
      cpu += member.usage().cpuMicrosPerWorkflow();
    }
    return cpu;
  }

  double microsPerDelivery() {
    return rawEventsCpuMicros / rawEventsDeliveries;
  }

  double deliveriesMicros() {
    return deliveries * microsPerDelivery();
  }

  double ownMicros() {
    return cpuMicros - deliveriesMicros();
  }

  /** The row's ratio to raw-events were its own work free. */
  double ceiling() {
    return rawEventsDeliveries / deliveries;
  }

  /** The own work a workflow may take for the row to reach {@code share} of raw-events (negative: out of reach). */
  double ownMicrosFor(double share) {
    return rawEventsCpuMicros / share - deliveriesMicros();
  }

  String line(String name, String mode, double goal) {
    return String.format(Locale.ROOT, "%s (%s) against raw-events: %.1f µs CPU a workflow against %.1f (all the row's JVMs; "
            + "where both rows are CPU-bound, as here, their rates follow it); its %.1f deliveries at raw-events' %.2f µs each are "
            + "%.1f µs, at most %.2f of raw-events with no other work; its own work (orchestrator, inboxes, records) is the other "
            + "%.1f µs, where %.1f of raw-events leaves it %.1f µs%n",
        name, mode, cpuMicros, rawEventsCpuMicros, deliveries, microsPerDelivery(), deliveriesMicros(), ceiling(), ownMicros(), goal,
        ownMicrosFor(goal));
  }

  ObjectNode json() {
    return Json.MAPPER.createObjectNode().put("rawEventsCpuMicrosPerDelivery", BenchReport.round(microsPerDelivery()))
        .put("deliveriesCpuMicros", BenchReport.round(deliveriesMicros())).put("ownCpuMicros", BenchReport.round(ownMicros()))
        .put("ceilingToRawEvents", BenchReport.round(ceiling()));
  }
}

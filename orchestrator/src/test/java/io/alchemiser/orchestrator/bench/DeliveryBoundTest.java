package io.alchemiser.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What bounds the orchestrated row, from figures of the size a full run prints (7 December 2026). */
class DeliveryBoundTest {

  private static BenchReport.Row row(String name, String mode, double cpu, double delivered, List<BenchReport.Member> members) {
    LoadRunner.Figures figures = new LoadRunner.Figures(1000, 0, 1, 1000, 1, 2, 3, 4);
    return new BenchReport.Row(name, mode, figures, figures, 1, new ResourceMeter.Usage(cpu, 1024, 0, 0, 0), null, null,
        new JvmProbe.Traffic(delivered, delivered, 0), members);
  }

  @Test
  void theDeliveriesCapTheRatioAndTheRestIsTheRowsOwnWork() {
    DeliveryBound bound = DeliveryBound.of(row("orchestrated-noop", "local", 41.5, 10.2, List.of()),
        row("raw-events", "local", 11.5, 6.0, List.of())).orElseThrow();
    assertThat(bound.microsPerDelivery()).isCloseTo(11.5 / 6, offset(1e-9));
    assertThat(bound.deliveriesMicros()).isCloseTo(19.55, offset(1e-9));
    assertThat(bound.ownMicros()).isCloseTo(21.95, offset(1e-9));
    assertThat(bound.ceiling()).isCloseTo(6 / 10.2, offset(1e-9));
    // Half of raw-events' rate is twice its CPU per workflow: 23 µs, of which the deliveries take 19.55.
    assertThat(bound.ownMicrosFor(0.5)).isCloseTo(3.45, offset(1e-9));
    assertThat(bound.line("orchestrated-noop", "local", 0.5)).contains("41.5 µs CPU a workflow against 11.5")
        .contains("10.2 deliveries at raw-events' 1.92 µs each are 19.6 µs, at most 0.59 of raw-events")
        .contains("the other 22.0 µs, where 0.5 of raw-events leaves it 3.4 µs");
  }

  @Test
  void onTheClusterEveryJvmOfTheRowCounts() {
    BenchReport.Member member = new BenchReport.Member("noop-portfolio", new ResourceMeter.Usage(60, 0, 0, 0, 0),
        new JvmProbe.Traffic(2, 2, 2));
    BenchReport.Member rawMember = new BenchReport.Member("raw-even", new ResourceMeter.Usage(30, 0, 0, 0, 0),
        new JvmProbe.Traffic(3, 3, 3));
    DeliveryBound bound = DeliveryBound.of(row("orchestrated-noop", "cluster", 110, 8, List.of(member)),
        row("raw-events", "cluster", 24, 3, List.of(rawMember))).orElseThrow();
    assertThat(bound.cpuMicros()).isEqualTo(170);
    assertThat(bound.rawEventsCpuMicros()).isEqualTo(54);
    assertThat(bound.deliveries()).isEqualTo(10);
    assertThat(bound.rawEventsDeliveries()).isEqualTo(6);
  }

  @Test
  void withoutTheMessagesCountedThereIsNoBound() {
    assertThat(DeliveryBound.of(row("orchestrated-noop", "local", 41.5, 0, List.of()), row("raw-events", "local", 11.5, 6, List.of())))
        .isEmpty();
  }
}

package io.alchemiser.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.shared.backtest.BacktestSpec;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.OrderStatus;
import io.alchemiser.shared.event.Simulation;
import io.alchemiser.shared.event.WorkflowException;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A backtest's scratch account: fills at the day's close with slippage and fee, held by one execution module only. */
@ExtendWith(VertxExtension.class)
class BacktestAccountsTest {
  private static BacktestSpec spec(String id) {
    return new BacktestSpec(id, List.of(new BacktestSpec.Strategy("x.clj", "(defsymphony \"x\" {} (asset \"AAA\"))", BigDecimal.ONE)),
        LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3), new BigDecimal("1000"), BigDecimal.ZERO, new BigDecimal("10"),
        new BigDecimal("100"), BigDecimal.ZERO);
  }

  @Test
  void fillsAtTheCloseMovedByTheSlippageChargesTheFeeAndIsHeldByOneModule(Vertx vertx) {
    BacktestSpec spec = spec("acct-1");
    Simulation day = new Simulation("acct-1", LocalDate.of(2024, 1, 2), Map.of("AAA", new BigDecimal("100")));
    BacktestAccounts first = new BacktestAccounts();
    Broker broker = first.on(vertx, spec, day).await();
    var order = broker.submitMarketOrder("AAA", OrderSide.BUY, new BigDecimal("5"), "c-1").await();
    // 1 % slippage: 101 a share; 10 bps of 505 is 0.505.
    assertThat(order.report().status()).isEqualTo(OrderStatus.FILLED);
    assertThat(order.report().fillPrice()).isEqualByComparingTo("101");
    Broker.Account account = broker.account(List.of("AAA")).await();
    assertThat(account.cash()).isEqualByComparingTo("494.495");
    assertThat(account.equity()).isEqualByComparingTo("994.495");
    // The same client order id again is the same order, not a second fill.
    assertThat(broker.submitMarketOrder("AAA", OrderSide.BUY, new BigDecimal("5"), "c-1").await().report()).isEqualTo(order.report());
    assertThat(broker.account(List.of()).await().positions()).containsEntry("AAA", new BigDecimal("5"));

    BacktestAccounts otherReplica = new BacktestAccounts();
    assertThatThrownBy(() -> otherReplica.on(vertx, spec, day).await())
        .isInstanceOfSatisfying(WorkflowException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCodes.BACKTEST_ERROR);
          assertThat(e.getMessage()).contains("another execution module");
        });
    first.forget(vertx, "acct-1");
    for (int i = 0; i < 50; i++) {
      try {
        assertThat(otherReplica.on(vertx, spec, day).await().account(List.of()).await().cash()).isEqualByComparingTo("1000");
        return;
      } catch (WorkflowException stillHeld) {
        Thread.yield();
      }
    }
    throw new AssertionError("the account was never released");
  }
}

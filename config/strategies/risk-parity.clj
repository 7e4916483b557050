; Risk parity light: stocks, long and intermediate treasuries and gold, each weighted by the
; inverse of its 20-day volatility, so that no sleeve dominates the risk.
(defsymphony
 "Risk parity"
 {:asset-class "EQUITIES" :rebalance-threshold 0.03}
 (weight-inverse-volatility {:window 20}
   [(asset "SPY" "SPDR S&P 500 ETF")
    (asset "TLT" "iShares 20+ Year Treasury Bond ETF")
    (asset "IEF" "iShares 7-10 Year Treasury Bond ETF")
    (asset "GLD" "SPDR Gold Shares")]))

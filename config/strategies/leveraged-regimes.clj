; Leveraged regimes: a ladder of twelve nested tests that reads the market's mood from RSI,
; moving averages, drawdowns and volatility, from euphoria (take profits into volatility hedges)
; down to capitulation (buy the leveraged index). Every rung is a named, explainable decision.
(defsymphony
 "Leveraged regimes"
 {:asset-class "EQUITIES" :rebalance-threshold 0.05}
 (group "regime ladder"
  [(if (> (rsi "QQQ" {:window 10}) 80)
     [(asset "UVXY" "volatility hedge: QQQ overbought")]
     [(if (> (rsi "SPY" {:window 10}) 80)
        [(asset "UVXY" "volatility hedge: SPY overbought")]
        [(if (< (rsi "TQQQ" 10) 25)
           [(asset "TQQQ" "buy the dip: TQQQ oversold")]
           [(if (< (rsi "UPRO" 10) 25)
              [(asset "UPRO" "buy the dip: UPRO oversold")]
              [(if (> (max-drawdown "SPY" {:window 60}) 15)
                 [(weight-equal [(asset "BIL") (asset "GLD")])]
                 [(if (> (stdev-return "SPY" {:window 20}) 2.5)
                    [(weight-specified 60 (asset "TLT") 40 (asset "GLD"))]
                    [(if (> (current-price "SPY") (moving-average-price "SPY" {:window 200}))
                       [(if (> (exponential-moving-average-price "QQQ" {:window 20})
                               (moving-average-price "QQQ" {:window 50}))
                          [(if (> (moving-average-return "TQQQ" {:window 10}) 0)
                             [(if (< (cumulative-return "SOXX" {:window 21}) 20)
                                [(if (and (< (rsi "SOXL" {:window 14}) 70)
                                          (< (stdev-price "SOXX" {:window 10}) 25))
                                   [(if (or (> (rsi "TLT" {:window 20}) 50)
                                            (> (cumulative-return "TLT" 21) 0))
                                      [(weight-specified 0.5 (asset "TQQQ") 0.3 (asset "SOXL") 0.2 (asset "TMF"))]
                                      [(weight-specified 0.7 (asset "TQQQ") 0.3 (asset "SOXL"))])]
                                   [(asset "TQQQ")])]
                                [(weight-equal [(asset "QQQ") (asset "SPY")])])]
                             [(asset "QQQ")])]
                          [(weight-equal [(asset "SPY") (asset "IEF")])])]
                       [(filter (rsi {:window 10}) (select-bottom 1)
                                [(asset "SQQQ") (asset "TLT") (asset "BIL")])])])])])])])])]))

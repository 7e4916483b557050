; Trend by the percentage price oscillator and its signal line, also as a filter's ranking.
(defsymphony "PPO trend" {:rebalance-frequency :quarterly}
 (if (and (> (percentage-price-oscillator "SPY" {:short-window 12 :long-window 26}) 0)
          (> (percentage-price-oscillator "SPY" {:short-window 12 :long-window 26})
             (percentage-price-oscillator-signal "SPY" {:short-window 12 :long-window 26 :smooth-window 9})))
   [(filter (percentage-price-oscillator {:short-window 5 :long-window 20}) (select-top 2)
            [(asset "QQQ") (asset "XLK") (group "Small" [(asset "IWM")]) (asset "XLE")])]
   [(asset "TLT")]))

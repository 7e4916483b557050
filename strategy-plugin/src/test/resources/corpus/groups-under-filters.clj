; Groups, weight nodes, ifs and nested filters ranked side by side with assets.
(defsymphony "Groups under filters" {:rebalance-frequency :daily}
 (filter (stdev-return {:window 10}) (select-bottom 2)
   [(group "Tech" [(weight-equal [(asset "QQQ") (asset "XLK")])])
    (filter (cumulative-return {:window 20}) (select-top 1)
      [(group "Energy" [(asset "XLE")])
       (weight-specified 70 (asset "IWM") 30 (asset "SPY"))
       (asset "GLD")])
    (if (> (rsi "SPY" {:window 10}) 70)
      [(asset "BIL")]
      [(filter (max-drawdown {:window 15}) (select-bottom 1) [(group "Bonds" [(asset "TLT") (asset "IEF")]) (asset "XLU")])])
    (asset "SOXX")]))

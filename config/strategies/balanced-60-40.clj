; The classic 60/40: stocks and bonds at fixed weights, rebalanced when a sleeve drifts 5 %.
(defsymphony
 "Balanced 60/40"
 {:asset-class "EQUITIES" :rebalance-threshold 0.05}
 (weight-specified
   60 (group "stocks" [(asset "SPY") (asset "QQQ")])
   40 (group "bonds" [(asset "TLT") (asset "IEF")])))

; Risk parity across baskets, each basket weighted by its own series' volatility.
(defsymphony "Inverse volatility over groups" {:rebalance-frequency :weekly :rebalance-threshold 0.05}
 (weight-inverse-volatility {:window 20}
   [(group "Equities" [(filter (moving-average-return {:window 15}) (select-top 2) [(asset "SPY") (asset "QQQ") (asset "IWM")])])
    (group "Bonds" [(weight-inverse-volatility 10 [(asset "TLT") (asset "IEF")])])
    (if (< (current-price "GLD") (moving-average-price "GLD" {:window 50})) [(asset "BIL")] [(asset "GLD")])]))

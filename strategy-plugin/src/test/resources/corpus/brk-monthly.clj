; A class share written Composer's way, rebalanced on the first trading day of each month.
(defsymphony "Berkshire and friends" {:rebalance-frequency :monthly}
 (if (> (cumulative-return "BRK/B" {:window 21}) (cumulative-return "SPY" {:window 21}))
   [(weight-equal [(asset "BRK/B" "Berkshire Hathaway Inc. Class B") (asset "XLK")])]
   [(weight-equal [(asset "BRK.B") (asset "SPY") (asset "TLT")])]))

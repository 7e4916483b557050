; Sector rotation by group momentum, rebalanced monthly. Three baskets compete on their 3-month
; average daily return, each valued as if it had been held (its synthetic series): growth, cyclicals
; and a defensive basket weighted by inverse volatility. When SPY's percentage price oscillator says
; the trend has turned down, only the defensive basket is held.
(defsymphony
 "Sector rotation"
 {:asset-class "EQUITIES" :rebalance-frequency :monthly :rebalance-threshold 0.03}
 (if (< (percentage-price-oscillator "SPY" {:short-window 12 :long-window 26}) 0)
   [(group "Defensive" [(weight-inverse-volatility {:window 63} [(asset "TLT") (asset "GLD") (asset "XLU")])])]
   [(filter (moving-average-return {:window 63}) (select-top 1)
            [(group "Growth" [(weight-equal [(asset "QQQ") (asset "XLK") (asset "SOXX")])])
             (group "Cyclicals" [(weight-equal [(asset "XLE") (asset "IWM")])])
             (group "Defensive" [(weight-inverse-volatility {:window 63} [(asset "TLT") (asset "GLD") (asset "XLU")])])])]))

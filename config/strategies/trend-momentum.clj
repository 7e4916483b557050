; Trend-following momentum: while SPY trades above its 200-day average, hold the two strongest
; equity sectors of the last three months; below it, step aside into short treasuries and gold.
(defsymphony
 "Trend momentum"
 {:asset-class "EQUITIES" :rebalance-threshold 0.02 :rebalance-frequency :daily}
 (if (> (current-price "SPY") (moving-average-price "SPY" {:window 200}))
   [(filter (cumulative-return {:window 63}) (select-top 2)
            [(asset "QQQ" "Invesco QQQ Trust")
             (asset "XLK" "Technology Select Sector SPDR")
             (asset "SOXX" "iShares Semiconductor ETF")
             (asset "IWM" "iShares Russell 2000 ETF")
             (asset "XLE" "Energy Select Sector SPDR")
             (asset "XLU" "Utilities Select Sector SPDR")])]
   [(weight-equal [(asset "BIL" "SPDR 1-3 Month T-Bill ETF")
                   (asset "GLD" "SPDR Gold Shares")])]))

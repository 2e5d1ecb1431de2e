package fixed

import (
	"time"

	"github.com/shopspring/decimal"
)

// Seconds returns d in seconds as an exact decimal: a duration is a count
// of nanoseconds, a fixed-point number of seconds with nine decimal places.
// Trailing zero places are dropped from the exponent (90m is 5400, not
// 5400.000000000), so the value is small to compute with and prints as
// written: 52080, 0.5, -1.25.
func Seconds(d time.Duration) decimal.Decimal {
	ns := int64(d)
	if ns == 0 {
		return decimal.Zero
	}
	exp := int32(-9)
	for exp < 0 && ns%10 == 0 {
		ns /= 10
		exp++
	}
	return decimal.New(ns, exp)
}

package credit

import "testing"

// BenchmarkAppendFixed writes amounts and lengths as the lines show them
// (appendFixed with the currency's places, appendTrimmed of nanoseconds):
//
//	go test -run '^$' -bench AppendFixed ./credit/
func BenchmarkAppendFixed(b *testing.B) {
	buf := make([]byte, 0, 64)
	for b.Loop() {
		for u := int64(0); u < 1000; u++ {
			buf = appendFixed(buf[:0], u*7919, 2)
			buf = appendTrimmed(buf, u*3_600_000_000_000, 9)
		}
	}
}

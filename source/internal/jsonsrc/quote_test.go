package jsonsrc

import (
	"strings"
	"testing"
)

// TestQuote checks that a value is quoted whole up to 64 bytes, and longer
// ones cut at a rune boundary with the number of bytes left out.
func TestQuote(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"short", "0.5x", `"0.5x"`},
		{"64 bytes", strings.Repeat("a", 64), `"` + strings.Repeat("a", 64) + `"`},
		{"65 bytes", strings.Repeat("a", 65), `"` + strings.Repeat("a", 64) + `"… (1 bytes more)`},
		{"16 MiB", strings.Repeat("0", 16<<20), `"` + strings.Repeat("0", 64) + `"… (16777152 bytes more)`},
		{"a rune across the cut", strings.Repeat("a", 63) + "é" + "b", `"` + strings.Repeat("a", 63) + `"… (3 bytes more)`},
		{"control characters escaped", "\x1b[2K" + strings.Repeat("a", 70), `"\x1b[2K` + strings.Repeat("a", 60) + `"… (10 bytes more)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Quote(tt.in); got != tt.want {
				t.Errorf("Quote = %.200s, want %.200s", got, tt.want)
			}
		})
	}
}

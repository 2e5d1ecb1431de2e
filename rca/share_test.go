package rca

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestParseShare(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Share
		text    string // String of the result
		wantErr string
	}{
		{name: "n of m", in: "300 of 1000", want: Share{dec("300"), dec("1000")}, text: "300 of 1000"},
		{name: "n of m with spaces", in: "  300 of 1000 ", want: Share{dec("300"), dec("1000")}, text: "300 of 1000"},
		{name: "decimal n of m", in: "12.5 of 40", want: Share{dec("12.5"), dec("40")}, text: "12.5 of 40"},
		{name: "percent", in: "2%", want: Share{dec("2"), dec("100")}, text: "2%"},
		{name: "percent with space", in: "2.5 %", want: Share{dec("2.5"), dec("100")}, text: "2.5%"},
		{name: "hundred percent", in: "100%", want: Share{dec("100"), dec("100")}, text: "100%"},
		{name: "fraction", in: "0.3", want: Share{dec("0.3"), dec("1")}, text: "0.3"},
		{name: "one", in: "1", want: Share{dec("1"), dec("1")}, text: "1"},
		{name: "of 100 prints as percent", in: "50 of 100", want: Share{dec("50"), dec("100")}, text: "50%"},
		{name: "empty is everyone", in: "", want: Share{}, text: ""},
		{name: "zero", in: "0", wantErr: `"0": share must be more than none (got 0 of 1)`},
		{name: "zero percent", in: "0%", wantErr: `"0%": share must be more than none (got 0 of 100)`},
		{name: "more than all", in: "1001 of 1000", wantErr: `"1001 of 1000": share must be at most all (got 1001 of 1000)`},
		{name: "over one", in: "1.5", wantErr: `"1.5": share must be at most all (got 1.5 of 1)`},
		{name: "over hundred percent", in: "101%", wantErr: `"101%": share must be at most all (got 101 of 100)`},
		{name: "zero total", in: "0 of 0", wantErr: `"0 of 0": share of 0 is not a positive total`},
		{name: "negative", in: "-0.3", wantErr: `"-0.3" is not a share (want "300 of 1000", "2%" or "0.3")`},
		{name: "exponent", in: "1e-1", wantErr: `"1e-1" is not a share (want "300 of 1000", "2%" or "0.3")`},
		{name: "thousands separator", in: "300 of 1,000", wantErr: `"300 of 1,000" is not a share (want "300 of 1000", "2%" or "0.3")`},
		{name: "words", in: "some", wantErr: `"some" is not a share (want "300 of 1000", "2%" or "0.3")`},
		{name: "dangling dot", in: "3.", wantErr: `"3." is not a share (want "300 of 1000", "2%" or "0.3")`},
		{name: "too many digits", in: "0.00000000000000000000000000000000000000001", wantErr: `"0.00000000000000000000000000000000000000001" is not a share (want "300 of 1000", "2%" or "0.3")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseShare(tt.in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("ParseShare(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseShare(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseShare(%q) (-want +got):\n%s", tt.in, diff)
			}
			if s := got.String(); s != tt.text {
				t.Errorf("String() = %q, want %q", s, tt.text)
			}
			var back Share
			if err := back.UnmarshalText([]byte(got.String())); err != nil || !back.Equal(got) {
				t.Errorf("UnmarshalText(%q) = %v, %v; want %v", got.String(), back, err, got)
			}
		})
	}
}

func TestShareArithmetic(t *testing.T) {
	tests := []struct {
		name     string
		share    Share
		minutes  string
		weighed  string // Weigh(minutes, 4)
		fraction string // Fraction(4)
		all      bool
	}{
		{name: "everyone", share: Share{}, minutes: "60", weighed: "60", fraction: "1", all: true},
		{name: "300 of 1000", share: Share{dec("300"), dec("1000")}, minutes: "60", weighed: "18", fraction: "0.3"},
		{name: "2 percent", share: Share{dec("2"), dec("100")}, minutes: "868", weighed: "17.36", fraction: "0.02"},
		{name: "a third rounds half up", share: Share{dec("1"), dec("3")}, minutes: "1", weighed: "0.3333", fraction: "0.3333"},
		{name: "two thirds rounds half up", share: Share{dec("2"), dec("3")}, minutes: "1", weighed: "0.6667", fraction: "0.6667"},
		{name: "all written out", share: Share{dec("40"), dec("40")}, minutes: "5", weighed: "5", fraction: "1", all: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.share.Weigh(dec(tt.minutes), 4); !got.Equal(dec(tt.weighed)) {
				t.Errorf("Weigh(%s) = %s, want %s", tt.minutes, got, tt.weighed)
			}
			if got := tt.share.Fraction(4); !got.Equal(dec(tt.fraction)) {
				t.Errorf("Fraction = %s, want %s", got, tt.fraction)
			}
			if got := tt.share.IsAll(); got != tt.all {
				t.Errorf("IsAll = %v, want %v", got, tt.all)
			}
			num, den := tt.share.Ratio()
			if w := dec(tt.minutes).Mul(num).DivRound(den, 4); !w.Equal(dec(tt.weighed)) {
				t.Errorf("minutes × Ratio = %s, want %s", w, tt.weighed)
			}
		})
	}
}

func FuzzParseShare(f *testing.F) {
	for _, s := range []string{"300 of 1000", "2%", "0.3", "1", "", "0", "1.5", "12.5 of 40", "100%", " of ", "%", "9 of 9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := ParseShare(s)
		if err != nil {
			return
		}
		if err := sh.check(); err != nil {
			t.Fatalf("ParseShare(%q) = %v, out of range: %v", s, sh, err)
		}
		back, err := ParseShare(sh.String())
		if err != nil {
			t.Fatalf("ParseShare(String()) of %q: %v", s, err)
		}
		if !back.Equal(sh) {
			t.Fatalf("round trip of %q: %v, want %v", s, back, sh)
		}
	})
}
